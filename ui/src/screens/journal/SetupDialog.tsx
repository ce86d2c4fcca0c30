import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";

/** First start: this workstation's code, which every incident number carries. */
export function SetupDialog() {
  const t = useT();
  const [code, setCode] = useState("");
  const save = useAction("set_workstation");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ code });
  };
  return (
    <Dialog>
      <form className="dialog" onSubmit={submit} aria-labelledby="setup-title">
        <h2 id="setup-title">{t("setup-title")}</h2>
        <p>{t("setup-text")}</p>
        <label htmlFor="setup-workstation">{t("field-workstation")}</label>
        <input id="setup-workstation" autoFocus value={code} onChange={(e) => setCode(e.target.value)} placeholder="AST1" />
        {save.error && (
          <p className="field-error" id="err-workstation" role="alert">
            {save.error.message}
          </p>
        )}
        <div className="actions">
          <button id="setup-save" className="primary" type="submit">
            {t("setup-save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
