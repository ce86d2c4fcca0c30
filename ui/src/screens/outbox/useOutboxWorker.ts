import { useEffect, useRef } from "react";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";

/** Works the e-mail outbox while the window is open (issue 18): every minute while a
 * message waits (queued, or a retry whose time may have come), so mail queued offline goes
 * out when the server can be reached again; and one desktop alert per message that failed
 * for good or whose attempt was interrupted, for the operator to act on. */
export function useOutboxWorker() {
  const t = useT();
  const told = useRef(new Set<string>());
  const { data } = useCommand("outbox", {}, { refetchInterval: 60_000 });
  const send = useAction("send_outbox");
  const mails = data ?? [];
  const waiting = mails.some((m) => m.to.length > 0 && (m.state === "queued" || m.state === "retry"));
  const { mutate, isPending } = send;
  useEffect(() => {
    if (!waiting) return;
    const id = window.setInterval(() => {
      // A refusal (no mail server set, the keyring locked) is shown on the outbox screen.
      if (!isPending) mutate({});
    }, 60_000);
    return () => window.clearInterval(id);
  }, [waiting, isPending, mutate]);
  useEffect(() => {
    const fresh = mails.filter((m) => (m.state === "failed" || m.state === "uncertain") && !told.current.has(m.id + m.state));
    if (fresh.length === 0) return;
    const tell = async () => {
      try {
        let granted = await isPermissionGranted();
        if (!granted) granted = (await requestPermission()) === "granted";
        for (const m of fresh) {
          told.current.add(m.id + m.state);
          if (granted) sendNotification({ title: t("ui-outbox-title"), body: `${m.number ?? ""} · ${m.state_label}: ${m.subject}` });
        }
      } catch (e) {
        // No notification service: the outbox screen and the appeal's page still show it.
        console.warn("desktop alert", e);
      }
    };
    void tell();
  }, [mails, t]);
}
