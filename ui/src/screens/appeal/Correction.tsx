import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { CORRECTABLE_FIELDS, type CorrectionForm } from "../../lib/bindings";

/** A supervisor's correction: a new version that names what it replaces, with a reason. */
export function Correction({ id }: { id: string }) {
  const t = useT();
  const [form, setForm] = useState<CorrectionForm>({ field: "organisation", value: "", reason: "" });
  const save = useAction("correct", () => setForm((f) => ({ ...f, value: "", reason: "" })));
  const error = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, form });
  };
  return (
    <details className="triage" id="correction">
      <summary>{t("correct-title")}</summary>
      <form onSubmit={submit} noValidate>
        <div className="grid">
          <FieldBox f="c-field" label={t("field-event")}>
            <select id="f-c-field" value={form.field} onChange={(e) => setForm({ ...form, field: e.target.value })}>
              {CORRECTABLE_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`field-${f}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          <FieldBox f="c-value" label={t(`field-${form.field}`)} error={error?.fields.find((x) => x.field === form.field)?.message}>
            <input id="f-c-value" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
          </FieldBox>
        </div>
        <FieldBox f="c-reason" label={t("field-reason")} error={error?.fields.find((x) => x.field === "reason")?.message}>
          <input id="f-c-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="c-save" className="primary" type="submit">
            {t("correct-save")}
          </button>
        </div>
      </form>
    </details>
  );
}
