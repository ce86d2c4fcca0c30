import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Dialog } from "./Dialog";
import { useAction } from "../hooks/useCommand";
import { useT } from "../hooks/useDesk";
import { key } from "../lib/cache";

/** The header's user switch (issue 11): another login than the OS user's needs its
 * password, checked by `switch_user` in desk-app; every later command acts as the login
 * signed in, so every read is refreshed for it. */
export function UserSwitch() {
  const t = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const close = () => {
    setOpen(false);
    setPassword("");
  };
  const signIn = useAction("switch_user", (settings) => {
    client.setQueryData(key("settings"), settings);
    void client.invalidateQueries();
    close();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ login, password });
  };
  return (
    <>
      <button id="user-switch" type="button" onClick={() => setOpen(true)}>
        {t("ui-user-switch")}
      </button>
      {open && (
        <Dialog onClose={close}>
          <form className="dialog" onSubmit={submit} aria-labelledby="user-switch-title">
            <h2 id="user-switch-title">{t("ui-user-switch")}</h2>
            <label htmlFor="user-switch-login">{t("ui-user-switch-login")}</label>
            <input id="user-switch-login" autoFocus autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
            <label htmlFor="user-switch-password">{t("ui-user-switch-password")}</label>
            <input id="user-switch-password" type="password" autoComplete="current-password" value={password}
              onChange={(e) => setPassword(e.target.value)} />
            {signIn.error && (
              <p className="field-error" id="err-user-switch" role="alert">
                {signIn.error.message}
              </p>
            )}
            <div className="actions">
              <button id="user-switch-cancel" type="button" onClick={close}>
                {t("ui-user-switch-cancel")}
              </button>
              <button id="user-switch-submit" className="primary" type="submit">
                {t("ui-user-switch-submit")}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
