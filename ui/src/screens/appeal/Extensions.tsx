import { useState } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { FieldBox } from "../../components/FieldBox";
import { ACCEPTANCE_METHODS, PROCEDURE_KINDS, type AppealDetail, type ProcedureInput } from "../../lib/bindings";

const empty = (): ProcedureInput => ({
  id: "", kind: "acceptance_end", method: "tender", deadline: "", announcement: "", lots: "", period_start: "", protocol_formed: false,
});

/** The extension calculator's result for this failure, with the procedures the specialist enters. */
export function Extensions({ id, detail }: { id: string; detail: AppealDetail }) {
  const { t } = useDesk();
  const [procs, setProcs] = useState<ProcedureInput[]>([empty()]);
  // What the journal cannot know: whether price offers could be decrypted (002 §37.9–10,
  // 000 §26.9–10) and, when earlier than the appeal, when the failure began.
  const [decryption, setDecryption] = useState(false);
  const [startedAt, setStartedAt] = useState("");
  const compute = useAction("compute_extensions");
  const answer = detail.extensions;
  const err = (f: string) => compute.error?.fields.find((x) => x.field === f)?.message;
  const set = (i: number, k: keyof ProcedureInput, v: string | boolean) => setProcs(procs.map((p, j) => (j === i ? { ...p, [k]: v } : p)));
  return (
    <details className="triage" id="extensions" open={answer !== null}>
      <summary>{t("ext-ui-title")}</summary>
      <FieldBox
        f="failure_started_at"
        label={t("ext-ui-started-at")}
        error={err("failure_started_at")}
        hint={t("ext-ui-started-at-hint", { at: detail.failure_started_astana })}
      >
        <input id="f-failure_started_at" placeholder={detail.failure_started_astana} value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
      </FieldBox>
      <label className="check">
        <input type="checkbox" id="ext-decryption" checked={decryption} onChange={(e) => setDecryption(e.target.checked)} />
        {t("ext-ui-decryption")}
      </label>
      <table className="procs">
        <thead>
          <tr>
            <th>{t("ext-ui-id")}</th>
            <th>{t("ext-ui-kind")}</th>
            <th>{t("ext-ui-method")}</th>
            <th>{t("ext-ui-deadline")}</th>
            <th>{t("ext-ui-period-start")}</th>
            <th>{t("ext-ui-protocol")}</th>
          </tr>
        </thead>
        <tbody>
          {procs.map((p, i) => (
            <tr key={i}>
              <td><input id={`p-id-${i}`} value={p.id} onChange={(e) => set(i, "id", e.target.value)} /></td>
              <td>
                <select id={`p-kind-${i}`} value={p.kind} onChange={(e) => set(i, "kind", e.target.value)}>
                  {PROCEDURE_KINDS.map((k) => <option key={k} value={k}>{t(`proc-kind-${k}`)}</option>)}
                </select>
              </td>
              <td>
                <select id={`p-method-${i}`} value={p.method} onChange={(e) => set(i, "method", e.target.value)}>
                  {ACCEPTANCE_METHODS.map((m) => <option key={m} value={m}>{t(`proc-method-${m}`)}</option>)}
                </select>
              </td>
              <td><input id={`p-deadline-${i}`} placeholder={t("hint-received-at")} value={p.deadline} onChange={(e) => set(i, "deadline", e.target.value)} /></td>
              {/* 002 §36.7: a failure longer than the whole acceptance period. */}
              <td><input id={`p-period-start-${i}`} placeholder={t("hint-received-at")} value={p.period_start} onChange={(e) => set(i, "period_start", e.target.value)} /></td>
              {/* 002 §49, 004 §29.4: a protocol formed during the failure is annulled. */}
              <td><input type="checkbox" id={`p-protocol-${i}`} aria-label={t("ext-ui-protocol")} checked={p.protocol_formed} onChange={(e) => set(i, "protocol_formed", e.target.checked)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        <button id="p-add" type="button" onClick={() => setProcs([...procs, empty()])}>+ {t("ext-ui-add")}</button>
        <button id="p-compute" className="primary" type="button" onClick={() =>
            compute.mutate({ id, form: { procedures: procs.filter((p) => p.id.trim() !== ""), decryption_impossible: decryption, started_at: startedAt } })
          }>
          {t("ext-ui-compute")}
        </button>
      </div>
      {compute.error && <p className="field-error" role="alert" id="ext-error">{compute.error.message}</p>}
      {answer && (
        <div id="ext-result">
          <p className="muted">{t("ext-ui-computed", { at: detail.extensions_at_astana ?? "" })}</p>
          <ul className="ext-list">
            {(answer.procedures ?? []).map((r) => (
              <li key={r.id} data-extended={r.extended}>
                <strong>{r.id}</strong> · {r.clause} · {t("ext-ui-new")}: {r.new_deadline}
                <div className="hint">{r.explanation}</div>
              </li>
            ))}
          </ul>
          {(answer.duties ?? []).length > 0 && (
            <>
              <h4>{t("ext-ui-duties")}</h4>
              <ul className="ext-list" id="ext-duties">
                {(answer.duties ?? []).map((d, i) => (
                  <li key={i}>{d.clause} · {d.explanation}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </details>
  );
}
