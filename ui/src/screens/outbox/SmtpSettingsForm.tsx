import { useEffect, useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import type { SmtpForm } from "../../lib/bindings";

const SECURITY = ["starttls", "tls", "none"] as const;

/** The deployment's mail server (issue 18), as `desk outbox settings` sets it: the app
 * checks each value and names the field it refuses; the password goes to the OS keyring
 * and is never shown again (empty: the stored one is kept). */
export function SmtpSettingsForm() {
  const t = useT();
  const empty: SmtpForm = { host: "", port: "", security: "starttls", user: "", from: "", ca_file: "", password: "" };
  const stored = useCommand("smtp_settings", {});
  const [form, setForm] = useState<SmtpForm>(empty);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (stored.data) setForm({ ...stored.data, security: stored.data.security || "starttls", password: "" });
  }, [stored.data]);
  const save = useAction("set_smtp_settings", (s) => {
    setForm({ ...s, password: "" });
    setSaved(true);
  });
  const error = save.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate({ form });
  };
  const text = (f: keyof SmtpForm, name: string, label: string, type = "text") => (
    <FieldBox f={name} label={label} error={err(name)}>
      <input id={`f-${name}`} type={type} value={form[f]} autoComplete="off"
        onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
    </FieldBox>
  );
  return (
    <details id="smtp-settings" open={!stored.data?.host}>
      <summary>{t("ui-smtp-settings")}</summary>
      <form onSubmit={submit} noValidate>
        {text("host", "smtp_host", t("field-smtp_host"))}
        <FieldBox f="smtp_security" label={t("field-smtp_security")} error={err("smtp_security")}>
          <select id="f-smtp_security" value={form.security} onChange={(e) => setForm({ ...form, security: e.target.value })}>
            {SECURITY.map((s) => <option key={s} value={s}>{t(`ui-smtp-${s}`)}</option>)}
          </select>
        </FieldBox>
        {text("port", "smtp_port", t("field-smtp_port"))}
        {text("user", "smtp_user", t("ui-smtp-user"))}
        {text("password", "smtp_password", t("ui-smtp-password"), "password")}
        {text("from", "smtp_from", t("field-smtp_from"))}
        {error && error.fields.length === 0 && <p className="field-error" role="alert" id="smtp-error">{error.message}</p>}
        {saved && <p className="ok" role="status" id="smtp-saved">{t("ui-smtp-saved")}</p>}
        <div className="actions">
          <button id="smtp-save" className="primary" type="submit" disabled={save.isPending}>
            {t("ui-smtp-save")}
          </button>
        </div>
      </form>
    </details>
  );
}
