import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { MAINTENANCE_RULE_SETS, type MaintenanceForm as Form } from "../../lib/bindings";

/** Planned maintenance a supervisor records (002 §40–41, 000 §30–31): the works, the plan
 * or order agreeing them, when users were told. The app checks the 2-CD notice, moves the
 * deadlines that fall on the works' dates and words the home-page notice in kk and ru. */
export function MaintenanceForm() {
  const t = useT();
  const empty: Form = { rule_set: "QUASI-1216", starts_at: "", ends_at: "", announced_at: "", order: "", procedures: [] };
  const [form, setForm] = useState<Form>(empty);
  const { data: works } = useCommand("planned_maintenance", {});
  const save = useAction("add_planned_maintenance", () => setForm(empty));
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ form });
  };
  const field = (f: keyof Form, id: string, name: string, placeholder = "DD.MM.YYYY HH:MM") => (
    <FieldBox f={name} label={t(`field-${name}`)} error={err(name)}>
      <input id={id} placeholder={placeholder} value={String(form[f])} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
    </FieldBox>
  );
  return (
    <details id="maintenance">
      <summary>{t("ui-maintenance")}</summary>
      <ul id="maintenance-list">
        {(works ?? []).map((w, i) => (
          <li key={i} id={`maintenance-${i}`}>
            <strong>{t("cli-maintenance", { from: w.starts_at_astana, to: w.ends_at_astana, rules: t(`ruleset-${w.rule_set}`), order: w.order })}</strong>
            {w.answer.maintenance && <div className="hint">{w.answer.maintenance.explanation}</div>}
            {w.answer.procedures.map((p) => (
              <div key={p.id} className="hint">{p.explanation}</div>
            ))}
            {w.answer.maintenance && (
              <>
                <p lang="kk" id={`maintenance-${i}-kk`}>{w.answer.maintenance.announcement.kk}</p>
                <p lang="ru" id={`maintenance-${i}-ru`}>{w.answer.maintenance.announcement.ru}</p>
              </>
            )}
            <span className="muted">{w.recorded_by}, {w.recorded_at_astana}</span>
          </li>
        ))}
        {works && works.length === 0 && <li className="muted">{t("cli-maintenance-none")}</li>}
      </ul>
      <form onSubmit={submit} noValidate>
        <FieldBox f="maintenance_rule_set" label={t("field-maintenance_rule_set")} error={err("maintenance_rule_set")}>
          <select id="mw-rules" value={form.rule_set} onChange={(e) => setForm({ ...form, rule_set: e.target.value })}>
            {MAINTENANCE_RULE_SETS.map((r) => <option key={r} value={r}>{t(`ruleset-${r}`)}</option>)}
          </select>
        </FieldBox>
        {field("starts_at", "mw-from", "maintenance_start")}
        {field("ends_at", "mw-to", "maintenance_end")}
        {field("announced_at", "mw-announced", "maintenance_announced_at")}
        {field("order", "mw-order", "maintenance_order", "")}
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="mw-save" className="primary" type="submit">
            {t("ui-maintenance-add")}
          </button>
        </div>
      </form>
    </details>
  );
}
