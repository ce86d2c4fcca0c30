import { useCommand } from "../hooks/useCommand";
import { useT } from "../hooks/useDesk";
import type { RecordSyncState } from "../lib/bindings";

const LABEL: Record<RecordSyncState, string> = {
  local_only: "sync-record-local",
  synced: "sync-record-synced",
  conflicted: "sync-record-conflicted",
};

/** Local-only, synced or conflicted: shown once a server is configured — without one every
 * record is local by design and the badge would say nothing. */
export function RecordSyncBadge({ id, onConflicts }: { id: string; onConflicts: () => void }) {
  const t = useT();
  const status = useCommand("sync_status", {});
  const state = useCommand("record_sync", { id }, { enabled: status.data?.configured === true });
  if (!status.data?.configured || !state.data) return null;
  const label = `${t("ui-sync-record")}: ${t(LABEL[state.data])}`;
  return state.data === "conflicted" ? (
    <button id="record-sync" data-state={state.data} className="badge sync-conflicted" title={label} onClick={onConflicts}>
      ⚠ {t(LABEL[state.data])}
    </button>
  ) : (
    <span id="record-sync" data-state={state.data} className={`badge sync-${state.data}`} title={label}>
      {state.data === "synced" ? "✓ " : "⇡ "}
      {t(LABEL[state.data])}
    </span>
  );
}
