import { useEffect, useRef, useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { CHANNELS, PORTAL_RULE_SETS, PORTALS, RULE_SETS, SOURCES, type AppealRow, type Field, type NewAppeal, type Portal } from "../../lib/bindings";

function emptyForm(now: string): NewAppeal {
  return {
    organisation: "", bin_iin: "", received_at: now, channel: "phone", contact: "", description: "",
    source: "", contact_person: "", email: "", phone: "", detected_at: "", portal_module: "",
    announcements: "", lots: "", procurement_method: "", portal: "", rule_set: "", linked_to: "",
  };
}

/** Fields under "more details": one with an error opens the section. */
const MORE: Field[] = ["source", "contact_person", "email", "phone", "detected_at", "portal_module", "announcements", "lots", "procurement_method", "rule_set", "linked_to"];

// Nothing lost to a stray key (issue 19 item 9): a form left with something typed in is
// kept as a draft that the next "new appeal" reopens, until it is saved or discarded.
let draft: NewAppeal | null = null;
const typed = (f: NewAppeal) =>
  (Object.keys(f) as (keyof NewAppeal)[]).some((k) => k !== "received_at" && k !== "channel" && String(f[k] ?? "").trim() !== "");

/** Registering an appeal: the Journal's columns first, the rest under "more details". */
export function AppealForm({ onCancel, onSaved }: { onCancel: () => void; onSaved: (r: AppealRow) => void }) {
  const { settings, t } = useDesk();
  const [restored, setRestored] = useState(() => draft !== null);
  const [form, setForm] = useState<NewAppeal>(() => draft ?? emptyForm(settings.now_astana));
  const [more, setMore] = useState(false);
  const save = useAction("register_appeal", (row) => {
    draft = null;
    onSaved(row);
  });
  const error = save.error;
  const first = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.focus(), []);
  const leave = () => {
    draft = typed(form) ? form : null;
    onCancel();
  };
  const discard = () => {
    draft = null;
    setRestored(false);
    setForm(emptyForm(settings.now_astana));
    first.current?.focus();
  };
  // A refused save puts the cursor in the first field it names, once "more details" shows.
  useEffect(() => {
    if (!error?.fields.length) return;
    const id = window.requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>(".field.invalid input, .field.invalid textarea, .field.invalid select")?.focus(),
    );
    return () => window.cancelAnimationFrame(id);
  }, [error]);

  const set = (k: keyof NewAppeal) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const err = (f: Field) => error?.fields.find((x) => x.field === f)?.message;
  // A field with an error inside "more details" must be visible.
  useEffect(() => {
    if (error?.fields.some((f) => MORE.includes(f.field))) setMore(true);
  }, [error]);
  const text = (f: Field & keyof NewAppeal, extra?: { ref?: React.Ref<HTMLInputElement>; hint?: string; inputMode?: "numeric" }) => (
    <FieldBox f={f} label={t(`field-${f}`)} error={err(f)} hint={extra?.hint}>
      <input id={`f-${f}`} ref={extra?.ref} inputMode={extra?.inputMode} value={form[f]} onChange={set(f)} />
    </FieldBox>
  );

  // The rule sets the chosen portal allows; with several, the date of receipt decides.
  const portalRules: readonly string[] | undefined = PORTAL_RULE_SETS[form.portal as Portal];
  const offered = RULE_SETS.filter((r) => !portalRules || portalRules.includes(r));
  const implied = !portalRules
    ? undefined
    : portalRules.length === 1
      ? t("portal-implies", { rules: t(`ruleset-${portalRules[0]}`) })
      : t("portal-implies-by-date");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    save.mutate({ form });
  };

  return (
    <Dialog onClose={leave}>
      <form className="dialog wide" id="appeal-form" ref={formRef} onSubmit={submit} noValidate aria-labelledby="form-title">
        <h2 id="form-title">{t("form-title")}</h2>
        {restored && (
          <p className="banner" id="draft-restored" role="status">
            {t("ui-draft-restored")}{" "}
            <button type="button" id="draft-discard" onClick={discard}>
              {t("ui-draft-discard")}
            </button>
          </p>
        )}
        <div className="grid">
          {text("organisation", { ref: first })}
          {text("bin_iin", { inputMode: "numeric" })}
          {text("received_at", { hint: t("hint-received-at") })}
          <FieldBox f="channel" label={t("field-channel")} error={err("channel")}>
            <select id="f-channel" value={form.channel} onChange={set("channel")}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel-${c}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          {text("contact")}
          {/* Issue 12 item 11: the portal decides the rule set (000 §1, 002 §1, 003 §1, 004 §1). */}
          <FieldBox f="portal" label={t("field-portal")} error={err("portal")} hint={implied}>
            <select id="f-portal" value={form.portal} onChange={(e) => setForm({ ...form, portal: e.target.value, rule_set: "" })}>
              <option value="">{t("not-chosen")}</option>
              {PORTALS.map((p) => (
                <option key={p} value={p}>
                  {t(`portal-${p}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          <FieldBox f="rule_set" label={t("field-rule_set")} error={err("rule_set")}>
            <select id="f-rule_set" value={form.rule_set} onChange={set("rule_set")}>
              <option value="">{t("not-chosen")}</option>
              {offered.map((r) => (
                <option key={r} value={r}>
                  {t(`ruleset-${r}`)}
                </option>
              ))}
            </select>
          </FieldBox>
        </div>
        <FieldBox f="description" label={t("field-description")} error={err("description")}>
          <textarea id="f-description" rows={3} value={form.description} onChange={set("description")}
            onKeyDown={(e) => e.key === "Enter" && e.ctrlKey && submit(e)} />
        </FieldBox>
        <details open={more} onToggle={(e) => setMore((e.target as HTMLDetailsElement).open)}>
          <summary id="more-fields">{t("more-fields")}</summary>
          <div className="grid">
            <FieldBox f="source" label={t("field-source")} error={err("source")}>
              <select id="f-source" value={form.source} onChange={set("source")}>
                {SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`source-${s}`)}
                  </option>
                ))}
              </select>
            </FieldBox>
            {text("contact_person")}
            {text("email")}
            {text("phone")}
            {text("detected_at", { hint: t("hint-received-at") })}
            {text("portal_module")}
            {text("announcements")}
            {text("lots")}
            {text("procurement_method")}
            {text("linked_to", { hint: "AST1-2026-000001" })}
          </div>
        </details>
        {error && error.fields.length === 0 && (
          <p className="field-error" role="alert" id="form-error">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" id="form-cancel" onClick={leave}>
            {t("form-cancel")} <kbd>Esc</kbd>
          </button>
          <button id="save-appeal" className="primary" type="submit" disabled={save.isPending}>
            {t("form-save")} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
