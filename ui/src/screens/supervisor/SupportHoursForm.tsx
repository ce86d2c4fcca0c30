import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { RULE_SETS, type SupportHoursForm as Form } from "../../lib/bindings";

/** The support hours a supervisor records for dated periods (000 §15, 002 §28): round the
 * clock with the authorised body's letter, or extended hours. The app words each period. */
export function SupportHoursForm() {
  const t = useT();
  const empty: Form = { mode: "round_the_clock", from: "", to: "", open: "", close: "", letter: "", rule_set: "" };
  const [form, setForm] = useState<Form>(empty);
  const { data: periods } = useCommand("support_hours", {});
  const save = useAction("add_support_hours", () => setForm(empty));
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ form });
  };
  const extended = form.mode === "extended";
  return (
    <details id="support-hours">
      <summary>{t("ui-support-hours")}</summary>
      <ul id="support-hours-list">
        {(periods ?? []).map((p, i) => (
          <li key={i}>
            {p.description} <span className="muted">· {p.recorded_by}, {p.recorded_at_astana}</span>
          </li>
        ))}
        {periods && periods.length === 0 && <li className="muted">{t("cli-support-hours-none")}</li>}
      </ul>
      <form onSubmit={submit} noValidate>
        <div className="radios">
          {(["round_the_clock", "extended"] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="support-mode" id={`sh-mode-${m}`} checked={form.mode === m} onChange={() => setForm({ ...form, mode: m })} />{" "}
              {t(`ui-support-mode-${m}`)}
            </label>
          ))}
        </div>
        <FieldBox f="support_from" label={t("field-support_from")} error={err("support_from")}>
          <input id="sh-from" placeholder="DD.MM.YYYY HH:MM" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </FieldBox>
        <FieldBox f="support_to" label={t("field-support_to")} error={err("support_to")}>
          <input id="sh-to" placeholder="DD.MM.YYYY HH:MM" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </FieldBox>
        {extended && (
          <>
            <FieldBox f="support_open" label={t("field-support_open")} error={err("support_open")}>
              <input id="sh-open" placeholder="08:00" value={form.open} onChange={(e) => setForm({ ...form, open: e.target.value })} />
            </FieldBox>
            <FieldBox f="support_close" label={t("field-support_close")} error={err("support_close")}>
              <input id="sh-close" placeholder="21:00" value={form.close} onChange={(e) => setForm({ ...form, close: e.target.value })} />
            </FieldBox>
          </>
        )}
        <FieldBox f="rule_set" label={t("field-rule_set")} error={err("rule_set")}>
          <select id="sh-rule-set" value={form.rule_set} onChange={(e) => setForm({ ...form, rule_set: e.target.value })}>
            <option value="">{t("ui-support-every-rule-set")}</option>
            {RULE_SETS.map((r) => (
              <option key={r} value={r}>
                {t(`ruleset-${r}`)}
              </option>
            ))}
          </select>
        </FieldBox>
        <FieldBox f="support_letter" label={t("field-support_letter")} error={err("support_letter")}>
          <input id="sh-letter" value={form.letter} onChange={(e) => setForm({ ...form, letter: e.target.value })} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="sh-save" className="primary" type="submit">
            {t("ui-support-hours-add")}
          </button>
        </div>
      </form>
    </details>
  );
}
