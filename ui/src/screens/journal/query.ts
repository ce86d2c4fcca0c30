import type { JournalQuery } from "../../lib/bindings";

/** Rows per journal page. */
export const PAGE = 50;

export const emptyQuery: JournalQuery = {
  from: "", to: "", status: null, criticality: null, failure_type: null, channel: null, rule_set: null,
  overdue: false, text: "", oldest_first: false, by_due: false, offset: 0, limit: PAGE,
};
