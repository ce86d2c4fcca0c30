import { useEffect, useRef, type KeyboardEvent } from "react";
import { Countdown } from "../../components/Countdown";
import { useCommand } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import { useNow } from "../../hooks/useNow";
import type { JournalRow } from "../../lib/bindings";
import type { T } from "../../lib/i18n";

// The official Journal columns (002 Appendix), in their order, then state and next due.
const COLUMNS: { id: string; value: (r: JournalRow, t: T) => string }[] = [
  { id: "col-number", value: (r) => r.number },
  { id: "col-organisation", value: (r) => r.organisation },
  { id: "col-bin-iin", value: (r) => r.bin_iin },
  { id: "col-received-at", value: (r) => r.received_at_astana },
  { id: "col-contact", value: (r) => r.contact },
  { id: "col-decision", value: (r) => r.decision ?? "" },
  { id: "col-failure-type", value: (r, t) => (r.failure_type ? t(`failure-${r.failure_type}`) : "") },
  { id: "col-recommendations", value: (r) => r.recommendations ?? "" },
  { id: "col-status", value: (r, t) => t(`status-${r.status}`) + (r.criticality ? ` · ${t(`criticality-${r.criticality}`)}` : "") },
];

// Keyboard first (issue 19 item 12): ↑/↓ move between rows, Enter opens the row.
function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = e.currentTarget;
  const to = e.key === "ArrowDown" ? row.nextElementSibling : e.key === "ArrowUp" ? row.previousElementSibling : null;
  if (e.key === "Enter") open();
  else if (to instanceof HTMLElement) {
    e.preventDefault();
    to.focus();
  }
}

export function JournalTable({ rows, onOpen, focusId = null }: { rows: JournalRow[]; onOpen: (id: string) => void; focusId?: string | null }) {
  const t = useT();
  // Esc on an appeal's page comes back here: the row left gets the focus once it shows.
  const body = useRef<HTMLTableSectionElement>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || !focusId) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-id="${focusId}"]`);
    if (row) {
      row.focus();
      focused.current = true;
    }
  }, [rows, focusId]);
  const now = useNow();
  // Conflicted rows are marked from the one conflicts read the sync bar already counts;
  // local-only and synced stay on the appeal's page (a read per row would cost a page).
  const status = useCommand("sync_status", {});
  const conflicts = useCommand("conflicts", {}, { enabled: Number(status.data?.conflicts ?? 0) > 0 });
  const conflicted = new Set(Number(status.data?.conflicts ?? 0) > 0 ? (conflicts.data ?? []).map((c) => c.appeal_id) : []);
  return (
    <div className="table-wrap">
      <table id="journal">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.id} scope="col">
                {t(c.id)}
              </th>
            ))}
            <th scope="col">{t("col-next-due")}</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length + 1} className="empty">
                {t("journal-empty")}
              </td>
            </tr>
          ) : (
            rows.map((r) => {
              const overdue = r.next_due !== null && Date.parse(r.next_due) < now;
              return (
                <tr
                  key={r.id}
                  data-number={r.number}
                  data-id={r.id}
                  data-sync={conflicted.has(r.id) ? "conflicted" : undefined}
                  className={overdue ? "overdue-row" : ""}
                  tabIndex={0}
                  onClick={() => onOpen(r.id)}
                  onKeyDown={(e) => onRowKey(e, () => onOpen(r.id))}
                >
                  {COLUMNS.map((c, i) => (
                    <td key={c.id}>
                      {c.value(r, t)}
                      {i === 0 && conflicted.has(r.id) && (
                        <span className="row-conflict" title={t("sync-record-conflicted")}>
                          {" "}⚠ {t("sync-record-conflicted")}
                        </span>
                      )}
                    </td>
                  ))}
                  <td className="next-due">
                    {/* Issue 19 item 4: what is due, then when. */}
                    {r.next_duty && (
                      <span className="next-duty">
                        {t(`obligation-${r.next_duty}`)}
                      </span>
                    )}
                    {r.next_due && <Countdown due={r.next_due} now={now} />}
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
