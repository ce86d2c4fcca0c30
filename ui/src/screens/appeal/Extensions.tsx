import { useState } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { ACCEPTANCE_METHODS, PROCEDURE_KINDS, type AppealDetail, type ProcedureInput } from "../../lib/bindings";

const empty = (): ProcedureInput => ({ id: "", kind: "acceptance_end", method: "tender", deadline: "", announcement: "", lots: "" });

/** The extension calculator's result for this failure, with the procedures the specialist enters. */
export function Extensions({ id, detail }: { id: string; detail: AppealDetail }) {
  const { t } = useDesk();
  const [procs, setProcs] = useState<ProcedureInput[]>([empty()]);
  const compute = useAction("compute_extensions");
  const answer = detail.extensions;
  const set = (i: number, k: keyof ProcedureInput, v: string) => setProcs(procs.map((p, j) => (j === i ? { ...p, [k]: v } : p)));
  return (
    <details className="triage" id="extensions" open={answer !== null}>
      <summary>{t("ext-ui-title")}</summary>
      <table className="procs">
        <thead>
          <tr>
            <th>{t("ext-ui-id")}</th>
            <th>{t("ext-ui-kind")}</th>
            <th>{t("ext-ui-method")}</th>
            <th>{t("ext-ui-deadline")}</th>
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
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        <button id="p-add" type="button" onClick={() => setProcs([...procs, empty()])}>+ {t("ext-ui-add")}</button>
        <button id="p-compute" className="primary" type="button" onClick={() => compute.mutate({ id, procedures: procs.filter((p) => p.id.trim() !== "") })}>
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
