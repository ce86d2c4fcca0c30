import { useCommand } from "../hooks/useCommand";
import { useT } from "../hooks/useDesk";

/** Local-only, synced or conflicted: shown once a server is configured — without one every
 * record is local by design and the badge would say nothing. */
export function RecordSyncBadge({ id, onConflicts }: { id: string; onConflicts: () => void }) {
  const t = useT();
  const status = useCommand("sync_status", {});
  const state = useCommand("record_sync", { id }, { enabled: status.data?.configured === true });
  if (!status.data?.configured || !state.data) return null;
  // The message ids follow the app's codes: sync-record-local_only, -synced, -conflicted.
  const name = t(`sync-record-${state.data}`);
  const label = `${t("ui-sync-record")}: ${name}`;
  return state.data === "conflicted" ? (
    <button id="record-sync" data-state={state.data} className="badge sync-conflicted" title={label} onClick={onConflicts}>
      ⚠ {name}
    </button>
  ) : (
    <span id="record-sync" data-state={state.data} className={`badge sync-${state.data}`} title={label}>
      {state.data === "synced" ? "✓ " : "⇡ "}
      {name}
    </span>
  );
}
