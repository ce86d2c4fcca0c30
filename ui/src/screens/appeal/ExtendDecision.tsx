import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import type { ExtendDecisionForm } from "../../lib/bindings";

/** The ETP-CC decision's 3 WD extended, with notice to the user and the unified operator,
 * by at most 15 calendar days (003 App. 4 §1.5); the app checks the limit. */
export function ExtendDecision({ id }: { id: string }) {
  const t = useT();
  const empty: ExtendDecisionForm = { until: "", notice: "", at: "" };
  const [form, setForm] = useState<ExtendDecisionForm>(empty);
  const save = useAction("extend_decision", () => setForm(empty));
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id, form });
  };
  return (
    <details className="triage" id="extend-decision">
      <summary>{t("ui-extend-decision")}</summary>
      <form onSubmit={submit} noValidate>
        <FieldBox f="decision_until" label={t("field-decision_until")} error={err("decision_until")}>
          <input id="xd-until" placeholder="DD.MM.YYYY HH:MM" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
        </FieldBox>
        <FieldBox f="decision_notice" label={t("field-decision_notice")} error={err("decision_notice")}>
          <input id="xd-notice" value={form.notice} onChange={(e) => setForm({ ...form, notice: e.target.value })} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="xd-save" className="primary" type="submit">
            {t("ui-extend-decision")}
          </button>
        </div>
      </form>
    </details>
  );
}
