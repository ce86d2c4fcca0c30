import { useEffect, useState } from "react";
import { useT } from "../../hooks/useDesk";
import { CHANNELS, CRITICALITIES, RULE_SETS, STATUSES, type JournalQuery } from "../../lib/bindings";

/** Search and filters above the journal; the text is searched as the operator types. */
export function Filters({ query, setQ, searchRef }: { query: JournalQuery; setQ: (p: Partial<JournalQuery>) => void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const [text, setText] = useState(query.text);
  // Search as the operator types, without a request per keystroke.
  useEffect(() => {
    const id = window.setTimeout(() => text !== query.text && setQ({ text }), 250);
    return () => window.clearTimeout(id);
  }, [text, query.text, setQ]);
  const select = <V extends string>(id: string, value: V | null, values: readonly V[], label: (v: V) => string, set: (v: V | null) => void) => (
    <select id={id} value={value ?? ""} onChange={(e) => set((e.target.value || null) as V | null)}>
      <option value="">{t("filter-all")}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </select>
  );
  return (
    <div className="filters">
      <input id="search" ref={searchRef} type="search" placeholder={t("search-placeholder")} value={text} onChange={(e) => setText(e.target.value)} />
      <label>
        {t("filter-from")} <input id="filter-from" className="date" placeholder="ДД.ММ.ГГГГ" value={query.from} onChange={(e) => setQ({ from: e.target.value })} />
      </label>
      <label>
        {t("filter-to")} <input id="filter-to" className="date" placeholder="ДД.ММ.ГГГГ" value={query.to} onChange={(e) => setQ({ to: e.target.value })} />
      </label>
      <label>
        {t("col-status")} {select("filter-status", query.status, STATUSES, (s) => t(`status-${s}`), (status) => setQ({ status }))}
      </label>
      <label>
        {t("field-criticality")} {select("filter-criticality", query.criticality, CRITICALITIES, (c) => t(`criticality-${c}`), (criticality) => setQ({ criticality }))}
      </label>
      <label>
        {t("field-channel")} {select("filter-channel", query.channel, CHANNELS, (c) => t(`channel-${c}`), (channel) => setQ({ channel }))}
      </label>
      <label>
        {t("field-rule_set")} {select("filter-rule-set", query.rule_set, RULE_SETS, (r) => r, (rule_set) => setQ({ rule_set }))}
      </label>
      <label className="check">
        <input id="filter-overdue" type="checkbox" checked={query.overdue} onChange={(e) => setQ({ overdue: e.target.checked })} /> {t("filter-overdue")}
      </label>
      <label className="check">
        <input id="filter-oldest" type="checkbox" checked={query.oldest_first && !query.by_due} onChange={(e) => setQ({ oldest_first: e.target.checked, by_due: false })} /> {t("filter-oldest")}
      </label>
      <label className="check">
        <input id="filter-by-due" type="checkbox" checked={query.by_due} onChange={(e) => setQ({ by_due: e.target.checked, oldest_first: false })} /> {t("filter-by-due")}
      </label>
    </div>
  );
}
