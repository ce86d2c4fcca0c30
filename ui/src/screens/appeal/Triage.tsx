import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { useNow } from "../../hooks/useNow";
import { ANALYSES, CRITICALITIES, OPERATOR_FAILURES, OTHER_FAILURES, type TriageForm } from "../../lib/bindings";
import { astanaInput } from "../../lib/time";

// An analysis typed and left (Esc to the journal, another appeal) is there on return
// until it is saved (issue 19 item 9).
const drafts = new Map<string, TriageForm>();

/** The specialist's analysis: confirmed or refuted, criticality, failure type, decision.
 * With `reverses`, a refuted appeal is confirmed after all, with the reason. */
export function Triage({ id, reverses = false }: { id: string; reverses?: boolean }) {
  const t = useT();
  const [form, setFormState] = useState<TriageForm>(() => drafts.get(id) ?? {
    analysis: "confirmed", at: "", criticality: "", operator_fault: null, failure_type: "", decision: "", recommendations: "", supporting_info: "", reason: "",
  });
  const setForm = (f: TriageForm) => {
    drafts.set(id, f);
    setFormState(f);
  };
  const save = useAction("triage", () => drafts.delete(id));
  // Issue 19 item 1: when the analysis was really done. A form left open for a while must
  // not date it back, so empty means the moment it is saved, which the field shows.
  const now = useNow(30_000);
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, form });
  };
  const confirmed = form.analysis === "confirmed";
  return (
    <form className="triage" id="triage" onSubmit={submit} noValidate>
      <h3>{t(reverses ? "ui-reverse-title" : "triage-title")}</h3>
      <div className="radios">
        {ANALYSES.filter((v) => !reverses || v === "confirmed").map((v) => (
          <label key={v}>
            <input type="radio" name="analysis" id={`t-analysis-${v}`} checked={form.analysis === v} onChange={() => setForm({ ...form, analysis: v })} />{" "}
            {t(v === "confirmed" ? "triage-confirm" : "triage-refute")}
          </label>
        ))}
      </div>
      {confirmed && (
        <FieldBox f="criticality" label={t("field-criticality")} error={err("criticality")}>
          <div className="levels">
            {CRITICALITIES.map((c) => (
              <label key={c} className="level">
                <input type="radio" name="criticality" id={`t-criticality-${c}`} checked={form.criticality === c} onChange={() => setForm({ ...form, criticality: c })} />
                <strong>{t(`criticality-${c}`)}</strong>
                <span className="hint">{t(`criticality-${c}-def`)}</span>
              </label>
            ))}
          </div>
        </FieldBox>
      )}
      <FieldBox f="failure_type" label={t("field-failure_type")} error={err("failure_type")}>
        <select id="t-failure-type" value={form.failure_type} onChange={(e) => setForm({ ...form, failure_type: e.target.value })}>
          <option value="">{t("not-chosen")}</option>
          <optgroup label={t("failure-group-operator")}>
            {OPERATOR_FAILURES.map((f) => (
              <option key={f} value={f}>
                {t(`failure-${f}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("failure-group-independent")}>
            {OTHER_FAILURES.map((f) => (
              <option key={f} value={f}>
                {t(`failure-${f}`)}
              </option>
            ))}
          </optgroup>
        </select>
      </FieldBox>
      {confirmed && form.failure_type !== "" && (
        // 002 §26, §38: the fault is not chosen; it follows the type (the store decides the same).
        <p className="hint" id="t-operator-fault">
          {t("triage-fault-follows", { answer: t(OPERATOR_FAILURES.includes(form.failure_type as never) ? "yes" : "no") })}
        </p>
      )}
      {reverses && (
        <FieldBox f="reversal_reason" label={t("field-reversal_reason")} error={err("reversal_reason")}>
          <input id="t-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </FieldBox>
      )}
      <FieldBox f="decision" label={t("field-decision")} error={err("decision")}>
        <textarea id="t-decision" rows={2} value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value })} />
      </FieldBox>
      <FieldBox f="recommendations" label={t("field-recommendations")} error={err("recommendations")}>
        <textarea id="t-recommendations" rows={2} value={form.recommendations} onChange={(e) => setForm({ ...form, recommendations: e.target.value })} />
      </FieldBox>
      {!confirmed && (
        <FieldBox f="supporting_info" label={t("field-supporting_info")} error={err("supporting_info")}>
          <textarea id="t-supporting-info" rows={2} value={form.supporting_info} onChange={(e) => setForm({ ...form, supporting_info: e.target.value })} />
        </FieldBox>
      )}
      <FieldBox f="event_at" label={t("field-event_at")} error={err("event_at")} hint={t("ui-event-at-hint")}>
        <input id="t-at" placeholder={t("ui-at-now", { now: astanaInput(now) })} value={form.at} onChange={(e) => setForm({ ...form, at: e.target.value })} />
      </FieldBox>
      {error && error.fields.length === 0 && (
        <p className="field-error" role="alert" id="triage-error">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button id="t-save" className="primary" type="submit">
          {t(confirmed ? "triage-confirm" : "triage-refute")}
        </button>
      </div>
    </form>
  );
}
