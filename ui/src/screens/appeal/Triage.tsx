import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { ANALYSES, CRITICALITIES, OPERATOR_FAILURES, OTHER_FAILURES, type TriageForm } from "../../lib/bindings";

/** The specialist's analysis: confirmed or refuted, criticality, failure type, decision. */
export function Triage({ id }: { id: string }) {
  const t = useT();
  const [form, setForm] = useState<TriageForm>({
    analysis: "confirmed", at: "", criticality: "", operator_fault: false, failure_type: "", decision: "", recommendations: "", supporting_info: "",
  });
  const save = useAction("triage");
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, form });
  };
  const confirmed = form.analysis === "confirmed";
  return (
    <form className="triage" id="triage" onSubmit={submit} noValidate>
      <h3>{t("triage-title")}</h3>
      <div className="radios">
        {ANALYSES.map((v) => (
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
        <select id="t-failure-type" value={form.failure_type} onChange={(e) => {
          const v = e.target.value;
          // 002 §26.1: an operator-dependent type means the operator is at fault.
          setForm({ ...form, failure_type: v, operator_fault: OPERATOR_FAILURES.includes(v as never) || (v === "" ? form.operator_fault : false) });
        }}>
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
      <label className="check">
        <input type="checkbox" id="t-operator-fault" checked={form.operator_fault} onChange={(e) => setForm({ ...form, operator_fault: e.target.checked })} />{" "}
        {t("field-operator_fault")}
      </label>
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
