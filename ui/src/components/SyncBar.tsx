import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAction, useCommand } from "../hooks/useCommand";
import { useT } from "../hooks/useDesk";
import { useNow } from "../hooks/useNow";
import type { SyncReport } from "../lib/bindings";
import { afterOutsideSync } from "../lib/cache";
import { ageParts, count, minutesSince, syncTone } from "../lib/sync";

/** How often the bar asks where sync stands: often enough that a change sent by another
 * window or `desk sync` shows within a glance, rarely enough to cost nothing. */
const POLL_MS = 15_000;
/** How often the window syncs by itself while sync is on, so that an operator never has to
 * remember to: "Sync now" is for not waiting. */
const AUTO_SYNC_MS = 120_000;

/** The sync status, always under the header: online or not, what waits to be sent and for
 * how long, the last sync and its error, "Sync now", and the conflicts to resolve. With no
 * server configured it says so in one quiet line — the workstation works fully offline. */
export function SyncBar({ onSettings, onConflicts }: { onSettings: () => void; onConflicts: () => void }) {
  const t = useT();
  const now = useNow(POLL_MS);
  const status = useCommand("sync_status", {}, { refetchInterval: POLL_MS });
  const [report, setReport] = useState<SyncReport | null>(null);
  const sync = useAction("sync_now", setReport);
  const s = status.data;
  const on = s !== undefined && s.configured && s.enabled;
  const running = useRef(false);
  running.current = sync.isPending;
  const mutate = useRef(sync.mutate);
  mutate.current = sync.mutate;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => {
      if (!running.current) mutate.current({});
    }, AUTO_SYNC_MS);
    return () => clearInterval(timer);
  }, [on]);
  // A sync made outside this window (`desk sync` in a terminal, a scheduled one) shows in
  // the polled status as a newer last success: what it pulled is then read again.
  const client = useQueryClient();
  const seen = useRef<string | null | undefined>(undefined);
  const lastSuccess = s?.last_success;
  useEffect(() => {
    if (lastSuccess === undefined) return;
    if (seen.current !== undefined && seen.current !== lastSuccess) afterOutsideSync(client);
    seen.current = lastSuccess;
  }, [client, lastSuccess]);
  if (!s) return <div className="syncbar" id="sync-bar" />;
  const tone = syncTone(s);
  const settings = (
    <button id="sync-settings" className="small" onClick={onSettings}>
      ⚙ {t("ui-sync-settings")}
    </button>
  );
  if (tone === "quiet") {
    return (
      <div className="syncbar quiet" id="sync-bar" data-tone={tone}>
        <span id="sync-state" className="muted">{t("ui-sync-not-configured")}</span>
        {settings}
      </div>
    );
  }
  const pending = count(s.pending);
  const age = s.oldest_pending ? ageParts(minutesSince(s.oldest_pending, now)) : null;
  const conflicts = count(s.conflicts);
  const error = sync.error?.message ?? s.last_error;
  return (
    <div className={`syncbar ${tone}`} id="sync-bar" data-tone={tone} data-last-attempt={s.last_attempt ?? ""} role="status">
      <span id="sync-state" className="sync-state">
        <span className="dot" aria-hidden="true" />
        {t(tone === "off" ? "ui-sync-off" : tone === "offline" ? "ui-sync-offline" : "ui-sync-online")}
      </span>
      <span id="sync-pending" data-count={pending}>
        {t("ui-sync-pending", { count: pending })}
        {pending > 0 && age && ` · ${t("ui-sync-oldest", { age: t(age.id, age.args) })}`}
      </span>
      {tone === "late" && s.warning && (
        <strong id="sync-warning" className="sync-warning" role="alert">
          ⚠ {s.warning}
        </strong>
      )}
      <span id="sync-last" className="muted">
        {s.last_success_astana ? t("ui-sync-last", { at: s.last_success_astana }) : t("ui-sync-never")}
      </span>
      {conflicts > 0 && (
        <button id="sync-conflicts" className="small conflict-link" data-count={conflicts} onClick={onConflicts}>
          {t("ui-sync-conflicts", { count: conflicts })}
        </button>
      )}
      {/* Takes the rest of the line, so a long error is cut here, not the buttons moved. */}
      <span className="sync-message">
        {error && !sync.isPending ? (
          <span id="sync-error" className="field-error" title={error}>
            {t("ui-sync-error", { error })}
          </span>
        ) : (
          report && !sync.isPending && (
            <span id="sync-report" className="ok">
              {t("cli-sync-done", { pushed: count(report.pushed), pulled: count(report.pulled) })}
            </span>
          )
        )}
      </span>
      <button id="sync-now" className="small" disabled={sync.isPending || !s.enabled} aria-busy={sync.isPending}
        onClick={() => {
          setReport(null);
          sync.reset();
          sync.mutate({});
        }}>
        {sync.isPending ? <><span className="spinner" aria-hidden="true" /> {t("ui-sync-running")}</> : `⟳ ${t("ui-sync-now")}`}
      </button>
      {settings}
    </div>
  );
}
