import { useEffect, useState } from "react";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { OutboxEntry } from "../../lib/bindings";
import { SmtpSettingsForm } from "./SmtpSettingsForm";

/** The e-mail outbox (issue 18): every message with where it stands — queued, sent with
 * the instant the server accepted it and its Message-ID, to be retried or failed with the
 * server's answer, or interrupted before its outcome was recorded — and the operator's
 * two actions: work the queue now, and send an interrupted or failed message again. */
export function OutboxScreen({ onBack }: { onBack: () => void }) {
  const { t } = useDesk();
  const list = useCommand("outbox", {});
  const [notice, setNotice] = useState("");
  const [error, setError] = useState("");
  const send = useAction("send_outbox", (r) =>
    setNotice(t("outbox-sent-count", {
      sent: String(r.sent.length), retry: String(r.retry.length),
      failed: String(r.failed.length), uncertain: String(r.uncertain.length),
    })));
  const retry = useAction("retry_mail");
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);
  const mails = list.data ?? [];

  return (
    <main className="outbox-page" id="outbox-page">
      <div className="appeal-head">
        <button id="outbox-back" onClick={onBack}>
          ← {t("back")} <kbd>Esc</kbd>
        </button>
        <h2>{t("ui-outbox-title")}</h2>
        <button id="outbox-send" className="primary" disabled={send.isPending}
          onClick={() => { setError(""); send.mutate({}, { onError: (e) => setError(e.message) }); }}>
          {t("ui-outbox-send")}
        </button>
      </div>
      {notice && <p className="ok" id="outbox-notice" role="status">{notice}</p>}
      {(error || list.error) && (
        <p className="field-error banner" role="alert" id="outbox-error">{error || list.error?.message}</p>
      )}
      <SmtpSettingsForm />
      {list.data && mails.length === 0 && <p className="muted" id="outbox-none">{t("outbox-empty")}</p>}
      {mails.length > 0 && (
        <table className="journal" id="outbox-table">
          <thead>
            <tr>
              <th>{t("ui-outbox-state")}</th>
              <th>{t("ui-outbox-at")}</th>
              <th>{t("ui-outbox-number")}</th>
              <th>{t("ui-outbox-kind")}</th>
              <th>{t("ui-outbox-to")}</th>
              <th>{t("ui-outbox-subject")}</th>
              <th>{t("ui-outbox-detail")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <Row key={m.id} mail={m}
                onRetry={() => { setError(""); retry.mutate({ id: m.id }, { onError: (e) => setError(e.message) }); }} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function Row({ mail, onRetry }: { mail: OutboxEntry; onRetry: () => void }) {
  const { t } = useDesk();
  const retryable = mail.state === "failed" || mail.state === "uncertain";
  return (
    <tr data-state={mail.state} data-number={mail.number ?? ""} className={retryable ? "overdue" : undefined}>
      <td className="outbox-state">{mail.state_label}</td>
      <td>{mail.state_at_astana ?? ""}</td>
      <td>{mail.number ?? ""}</td>
      <td>{mail.kind_label}</td>
      <td>{mail.to.join(", ")}</td>
      <td title={mail.message_id}>{mail.subject}</td>
      <td className="outbox-detail">
        {mail.state === "uncertain" ? t("ui-outbox-uncertain") : mail.detail}
        {mail.attachments.length > 0 && <div className="muted">📎 {mail.attachments.join(", ")}</div>}
      </td>
      <td>{retryable && <button className="outbox-retry" onClick={onRetry}>{t("ui-outbox-retry")}</button>}</td>
    </tr>
  );
}
