import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { CRITICALITIES, OPERATOR_FAILURES, OTHER_FAILURES, type ReclassifyForm } from "../../lib/bindings";

/** A specialist's change of a confirmed failure's level (and type), with its reason
 * (002 §35.1, §36.1–2, §37.3, 000 §26.3): the new level's duties run from it. */
export function Reclassify({ id }: { id: string }) {
  const t = useT();
  const empty: ReclassifyForm = { criticality: "", failure_type: "", reason: "", at: "" };
  const [form, setForm] = useState<ReclassifyForm>(empty);
  const save = useAction("reclassify", () => setForm(empty));
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, form });
  };
  return (
    <details className="triage" id="reclassify">
      <summary>{t("ui-reclassify-title")}</summary>
      <form onSubmit={submit} noValidate>
        <FieldBox f="criticality" label={t("field-criticality")} error={err("criticality")}>
          <div className="levels">
            {CRITICALITIES.map((c) => (
              <label key={c} className="level">
                <input type="radio" name="re-criticality" id={`re-criticality-${c}`} checked={form.criticality === c} onChange={() => setForm({ ...form, criticality: c })} />
                <strong>{t(`criticality-${c}`)}</strong>
              </label>
            ))}
          </div>
        </FieldBox>
        <FieldBox f="failure_type" label={t("field-failure_type")} error={err("failure_type")}>
          <select id="re-failure-type" value={form.failure_type} onChange={(e) => setForm({ ...form, failure_type: e.target.value })}>
            <option value="">{t("ui-reclassify-keep-type")}</option>
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
        <FieldBox f="reclassify_reason" label={t("field-reclassify_reason")} error={err("reclassify_reason")}>
          <input id="re-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </FieldBox>
        <FieldBox f="event_at" label={t("field-event_at")} error={err("event_at")}>
          <input id="re-at" placeholder="DD.MM.YYYY HH:MM" value={form.at} onChange={(e) => setForm({ ...form, at: e.target.value })} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="reclassify-save" className="primary" type="submit">
            {t("ui-reclassify")}
          </button>
        </div>
      </form>
    </details>
  );
}
