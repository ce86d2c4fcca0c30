import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";

/** Taking a closed appeal up again: a specialist's or supervisor's decision, with a reason the history keeps. */
export function Reopen({ id }: { id: string }) {
  const t = useT();
  const [reason, setReason] = useState("");
  const reopen = useAction("reopen", () => setReason(""));
  const error = reopen.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reopen.mutate({ id, reason });
  };
  return (
    <details className="triage" id="reopen">
      <summary>{t("ui-reopen-title")}</summary>
      <form onSubmit={submit} noValidate>
        <FieldBox f="reopen-reason" label={t("field-reopen_reason")} error={error?.fields.find((x) => x.field === "reopen_reason")?.message}>
          <input id="f-reopen-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="reopen-save" className="primary" type="submit">
            {t("ui-reopen")}
          </button>
        </div>
      </form>
    </details>
  );
}
