import { useCallback, useRef, type Dispatch, type RefObject, type SetStateAction } from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { JournalQuery, JournalRow } from "../../lib/bindings";
import { Filters } from "./Filters";
import { JournalTable } from "./JournalTable";
import { PAGE } from "./query";

/** The Journal: search and filters, one page of appeals, paging. */
export function JournalScreen({ query, setQuery, notice, searchRef, onOpen, focusId = null }: {
  query: JournalQuery;
  setQuery: Dispatch<SetStateAction<JournalQuery>>;
  /** The last thing the window told the operator (e.g. the number just registered). */
  notice: string;
  searchRef: RefObject<HTMLInputElement | null>;
  onOpen: (id: string) => void;
  /** The row to focus when the journal shows again (the one left for its page). */
  focusId?: string | null;
}) {
  const { settings, t } = useDesk();
  // Paging or filtering keeps the rows on screen until the next page arrives.
  const list = useCommand("list", { query }, { placeholderData: keepPreviousData });
  const shown = useRef<JournalRow[]>([]);
  if (list.data) shown.current = list.data;
  const rows = shown.current;
  const setQ = useCallback((patch: Partial<JournalQuery>) => setQuery((q) => ({ ...q, offset: 0, ...patch })), [setQuery]);
  return (
    <>
      <Filters query={query} setQ={setQ} searchRef={searchRef} />
      <p id="status" role="status" className="status">
        {list.error?.message ?? notice}
      </p>
      <JournalTable rows={rows} onOpen={onOpen} focusId={focusId} />
      <footer>
        <span id="count">{t("journal-count", { count: query.offset + rows.length })}</span>
        <span className="pager">
          <button id="page-prev" disabled={query.offset === 0} onClick={() => setQuery({ ...query, offset: Math.max(0, query.offset - PAGE) })}>
            ← {t("page-prev")}
          </button>
          <button id="page-next" disabled={rows.length < PAGE} onClick={() => setQuery({ ...query, offset: query.offset + PAGE })}>
            {t("page-next")} →
          </button>
        </span>
        <span className="muted">
          <span id="shortcuts">{t("ui-shortcuts")}</span> · {t("field-workstation")}: {settings.workstation ?? "—"} · {settings.data_dir}
        </span>
      </footer>
    </>
  );
}
