import { useEffect, useRef, useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldBox } from "../../components/FieldBox";
import { useQueryClient } from "@tanstack/react-query";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { call } from "../../lib/api";
import type { UiError } from "../../lib/bindings";
import { afterRefusal, afterWrite } from "../../lib/cache";

/** The workstation's sync settings: the server's address, sync on or off, and the login
 * to the server. The password lives only in the field until it is sent: it is cleared as
 * soon as the login is answered, either way, and never kept elsewhere (the token the
 * server gives goes to the OS keyring on the Rust side). */
export function SyncSettings({ onClose }: { onClose: () => void }) {
  const { settings: desk, t } = useDesk();
  const current = useCommand("sync_settings", {});
  const status = useCommand("sync_status", {});
  const [url, setUrl] = useState<string | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [user, setUser] = useState(desk.user);
  const [notice, setNotice] = useState("");
  const passwordRef = useRef<HTMLInputElement>(null);
  const save = useAction("set_sync_settings", () => setNotice(t("ui-sync-saved")));
  const client = useQueryClient();
  // The login is called directly, not through useAction: a mutation keeps its arguments
  // (the password) in the query client until it is reset.
  const [loggingIn, setLoggingIn] = useState(false);
  const [loginError, setLoginError] = useState<UiError | null>(null);
  const logout = useAction("logout", () => setNotice(t("ui-sync-not-logged-in")));
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const shownUrl = url ?? current.data?.server_url ?? "";
  const shownEnabled = enabled ?? current.data?.enabled ?? true;
  const clearPassword = () => {
    if (passwordRef.current) passwordRef.current.value = "";
  };
  const submitSettings = (e: FormEvent) => {
    e.preventDefault();
    setLoginError(null);
    logout.reset();
    save.mutate({ server_url: shownUrl.trim() === "" ? null : shownUrl, enabled: shownEnabled });
  };
  const submitLogin = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    logout.reset();
    // Read from the field at the moment of sending (an uncontrolled input), so the
    // password is never part of React's state.
    const args = { server: shownUrl, user, password: passwordRef.current?.value ?? "" };
    clearPassword();
    setLoginError(null);
    setLoggingIn(true);
    call("login", args)
      .then((s) => {
        afterWrite(client, "login", undefined, s);
        setNotice(s.login ? t("ui-sync-logged-in", { login: s.login }) : "");
      })
      .catch((e: UiError) => {
        afterRefusal(client, "login");
        setLoginError(e);
      })
      .finally(() => setLoggingIn(false));
  };
  const error = save.error ?? loginError ?? logout.error;
  const fieldError = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const loggedIn = status.data?.login ?? null;

  return (
    <Dialog onClose={onClose}>
      <div className="dialog" id="sync-settings-dialog" role="dialog" aria-labelledby="sync-settings-title">
        <h2 id="sync-settings-title">{t("ui-sync-settings-title")}</h2>
        <form onSubmit={submitSettings} noValidate>
          <FieldBox f="sync-server" label={t("ui-sync-server")} hint={t("ui-sync-server-hint")} error={fieldError("server_url")}>
            <input id="f-sync-server" ref={first} value={shownUrl} placeholder="https://desk.example.kz"
              onChange={(e) => setUrl(e.target.value)} />
          </FieldBox>
          <label className="check">
            <input id="f-sync-enabled" type="checkbox" checked={shownEnabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t("ui-sync-enabled")}
          </label>
          <div className="actions">
            <button id="sync-save" type="submit">
              {t("ui-sync-save")}
            </button>
          </div>
        </form>
        <h3>{t("ui-sync-login-title")}</h3>
        <p className="muted" id="sync-login-state">
          {loggedIn ? t("ui-sync-logged-in", { login: loggedIn }) : t("ui-sync-not-logged-in")}
        </p>
        <form onSubmit={submitLogin} noValidate>
          <div className="grid">
            <FieldBox f="sync-user" label={t("ui-sync-user")} error={fieldError("login")}>
              <input id="f-sync-user" value={user} autoComplete="username" onChange={(e) => setUser(e.target.value)} />
            </FieldBox>
            <FieldBox f="sync-password" label={t("ui-sync-password")} error={fieldError("password")}>
              <input id="f-sync-password" ref={passwordRef} type="password" autoComplete="current-password" defaultValue="" />
            </FieldBox>
          </div>
          <div className="actions">
            {loggedIn && (
              <button id="sync-logout" type="button" onClick={() => {
                save.reset();
                setLoginError(null);
                logout.mutate({});
              }}>
                {t("ui-sync-logout")}
              </button>
            )}
            <button id="sync-login" className="primary" type="submit" disabled={loggingIn}>
              {t("ui-sync-login")}
            </button>
          </div>
        </form>
        {error && error.fields.length === 0 && (
          <p className="field-error" role="alert" id="sync-settings-error">
            {error.message}
          </p>
        )}
        {!error && notice && (
          <p className="ok" id="sync-settings-notice">
            {notice}
          </p>
        )}
        <div className="actions">
          <button id="sync-close" onClick={onClose}>
            {t("close")} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </Dialog>
  );
}
