import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, asUiError, type AppealRow, type JournalQuery, type Lang, type NewAppeal, type Settings, type UiError } from "./api";
import type { Channel, Criticality, Field, FailureType, RuleSet, Source, Status } from "./bindings";
import { LANGUAGES, translate } from "./i18n";
import { AppealPage } from "./AppealPage";
import { ExtractForm, ProtocolForm, YearlyForm } from "./Documents";
import { remaining } from "./time";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";

/** Raises one desktop alert per appeal and due instant when it comes within 15 minutes. */
function useDueAlerts(t: T) {
  const told = useRef(new Set<string>());
  useEffect(() => {
    const check = async () => {
      try {
        const rows = await api.dueSoon(15);
        const fresh = rows.filter((r) => r.next_due && !told.current.has(r.id + r.next_due));
        if (fresh.length === 0) return;
        let granted = await isPermissionGranted();
        if (!granted) granted = (await requestPermission()) === "granted";
        for (const r of fresh) {
          told.current.add(r.id + r.next_due);
          const left = remaining(r.next_due as string, Date.now()).text.replace("{d}", t("unit-days"));
          if (granted) sendNotification({ title: t("app-title"), body: `${r.number} · ${r.organisation}: ${t("due-in", { time: left })}` });
        }
      } catch (e) {
        // No notification service (e.g. a bare X server): the red countdowns still show it.
        console.warn("desktop alert", e);
      }
    };
    void check();
    const id = window.setInterval(() => void check(), 60_000);
    return () => window.clearInterval(id);
  }, [t]);
}

export type T = (id: string, args?: Record<string, string | number>) => string;

export const CHANNELS: Channel[] = ["phone", "email", "letter", "forum", "monitoring"];
export const SOURCES: Source[] = ["user_appeal", "monitoring_specialist", "monitoring_tool", "system_log"];
export const RULE_SETS: RuleSet[] = ["GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366", "GZ-692"];
export const CRITICALITIES: Criticality[] = ["low", "medium", "high"];
export const STATUSES: Status[] = ["registered", "confirmed", "refuted", "fixed", "closed"];
export const OPERATOR_FAILURES: FailureType[] = [
  "operator_unlawful_actions",
  "operator_insufficient_security",
  "operator_physical_damage",
];
export const OTHER_FAILURES: FailureType[] = [
  "third_party_physical_damage",
  "computer_attack",
  "third_party_actions",
  "user_network_or_power",
  "user_computer_settings",
  "user_malware",
  "user_non_compliance",
  "user_key_breach",
];

/** Re-renders every `ms` so countdowns stay live. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

export function Countdown({ due, now, t }: { due: string; now: number; t: T }) {
  const r = remaining(due, now);
  const text = r.text.replace("{d}", t("unit-days"));
  return (
    <span className={r.overdue ? "countdown overdue" : r.minutes <= 15 ? "countdown soon" : "countdown"}>
      {r.overdue ? t("overdue-by", { time: text }) : t("due-in", { time: text })}
    </span>
  );
}

// The official Journal columns (002 Appendix), in their order, then state and next due.
const COLUMNS: { id: string; value: (r: AppealRow, t: T) => string }[] = [
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

const PAGE = 50;

function emptyForm(now: string): NewAppeal {
  return {
    organisation: "", bin_iin: "", received_at: now, channel: "phone", contact: "", description: "",
    source: "", contact_person: "", email: "", phone: "", detected_at: "", portal_module: "",
    announcements: "", lots: "", procurement_method: "", rule_set: "", linked_to: "",
  };
}

const emptyQuery: JournalQuery = {
  from: "", to: "", status: null, criticality: null, failure_type: null, channel: null, rule_set: null,
  overdue: false, text: "", oldest_first: false, offset: 0, limit: PAGE,
};

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [rows, setRows] = useState<AppealRow[]>([]);
  const [query, setQuery] = useState<JournalQuery>(emptyQuery);
  const [formOpen, setFormOpen] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [supervisorOpen, setSupervisorOpen] = useState(false);
  const lang: Lang = settings?.language ?? "ru";
  const t = useCallback<T>((id, args) => translate(lang, id, args), [lang]);
  const searchRef = useRef<HTMLInputElement>(null);
  useDueAlerts(t);

  const reload = useCallback(async () => {
    try {
      setRows(await api.list(query));
    } catch (e) {
      setStatus(asUiError(e).message);
    }
  }, [query]);

  useEffect(() => {
    api.settings().then(setSettings, (e) => setFatal(asUiError(e).message));
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t("app-title");
  }, [lang, t]);

  // Keyboard first: Ctrl+N (or Alt+N) opens the form, "/" jumps to search.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if ((e.ctrlKey || e.altKey) && e.key.toLowerCase() === "n") {
        e.preventDefault();
        setFormOpen(true);
      } else if (e.key === "/" && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (fatal) {
    return (
      <main className="fatal" role="alert" id="fatal">
        {fatal}
      </main>
    );
  }
  if (!settings) return <main className="loading">{t("loading")}</main>;

  const changeLanguage = async (l: Lang) => {
    try {
      setSettings(await api.setLanguage(l));
    } catch (e) {
      setStatus(asUiError(e).message);
    }
  };
  const setQ = (patch: Partial<JournalQuery>) => setQuery({ ...query, offset: 0, ...patch });

  return (
    <div className="app">
      <header>
        <h1 id="heading">{t("journal-heading")}</h1>
        <div className="tools">
          <span className="muted" id="whoami">
            {settings.user} · {t(`role-${settings.role}`)}
          </span>
          <label>
            {t("field-language")}{" "}
            <select id="language" value={lang} onChange={(e) => void changeLanguage(e.target.value as Lang)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {settings.role === "supervisor" && (
            <button id="supervisor" onClick={() => setSupervisorOpen(true)}>
              {t("supervisor")}
            </button>
          )}
          <button id="new-appeal" className="primary" onClick={() => setFormOpen(true)} title="Ctrl+N">
            {t("new-appeal")} <kbd>Ctrl+N</kbd>
          </button>
        </div>
      </header>

      {settings.workstation === null && <SetupDialog t={t} onDone={setSettings} />}
      {supervisorOpen && <SupervisorPanel t={t} onClose={() => setSupervisorOpen(false)} />}

      {formOpen && settings.workstation !== null && (
        <AppealForm
          key={lang}
          t={t}
          now={settings.now_astana}
          onCancel={() => setFormOpen(false)}
          onSaved={(row) => {
            setFormOpen(false);
            setStatus(t("form-saved", { number: row.number }));
            void reload();
          }}
        />
      )}

      {openId ? (
        <AppealPage
          id={openId}
          t={t}
          role={settings.role}
          onBack={() => {
            setOpenId(null);
            void reload();
          }}
        />
      ) : (
        <>
          <Filters t={t} query={query} setQ={setQ} searchRef={searchRef} />
          <p id="status" role="status" className="status">
            {status}
          </p>
          <JournalTable rows={rows} t={t} onOpen={setOpenId} />
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
              {t("open-hint")} · {t("field-workstation")}: {settings.workstation ?? "—"} · {settings.data_dir}
            </span>
          </footer>
        </>
      )}
    </div>
  );
}

function Filters({ t, query, setQ, searchRef }: { t: T; query: JournalQuery; setQ: (p: Partial<JournalQuery>) => void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState(query.text);
  // Search as the operator types, without a request per keystroke.
  useEffect(() => {
    const id = window.setTimeout(() => text !== query.text && setQ({ text }), 250);
    return () => window.clearTimeout(id);
  }, [text, query.text, setQ]);
  const select = <V extends string>(id: string, value: V | null, values: V[], label: (v: V) => string, set: (v: V | null) => void) => (
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
        <input id="filter-oldest" type="checkbox" checked={query.oldest_first} onChange={(e) => setQ({ oldest_first: e.target.checked })} /> {t("filter-oldest")}
      </label>
    </div>
  );
}

function JournalTable({ rows, t, onOpen }: { rows: AppealRow[]; t: T; onOpen: (id: string) => void }) {
  const now = useNow();
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
        <tbody>
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
                  className={overdue ? "overdue-row" : ""}
                  tabIndex={0}
                  onClick={() => onOpen(r.id)}
                  onKeyDown={(e) => e.key === "Enter" && onOpen(r.id)}
                >
                  {COLUMNS.map((c) => (
                    <td key={c.id}>{c.value(r, t)}</td>
                  ))}
                  <td>{r.next_due && <Countdown due={r.next_due} now={now} t={t} />}</td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The supervisor's tools: the audit chain check and the daily analysis (002 §43). */
function SupervisorPanel({ t, onClose }: { t: T; onClose: () => void }) {
  const [audit, setAudit] = useState<{ intact: boolean; message: string } | null>(null);
  const yesterday = new Date(Date.now() - 86_400_000 + 5 * 3_600_000).toISOString().slice(0, 10);
  const [date, setDate] = useState(yesterday);
  const [report, setReport] = useState<import("./bindings").DailyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async <X,>(f: () => Promise<X>, set: (x: X) => void) => {
    try {
      set(await f());
      setError(null);
    } catch (e) {
      setError(asUiError(e).message);
    }
  };
  return (
    <div className="overlay" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div className="dialog wide" id="supervisor-panel">
        <h2>{t("supervisor")}</h2>
        <div className="actions left">
          <button id="sup-verify" className="primary" onClick={() => void run(api.auditStatus, setAudit)}>
            {t("sup-verify")}
          </button>
          {audit && (
            <span id="audit-result" className={audit.intact ? "ok" : "field-error"}>
              {audit.intact ? "✓" : "✗"} {audit.message}
            </span>
          )}
        </div>
        <h3>{t("sup-daily")}</h3>
        <div className="actions left">
          <input id="daily-date" className="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <button id="daily-build" onClick={() => void run(() => api.dailyReport(date), setReport)}>
            {t("sup-build")}
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {report && (
          <table id="daily-report">
            <caption>{t("report-daily-title", { date: report.date })}</caption>
            <thead>
              <tr>
                <th>{t("col-number")}</th>
                <th>{t("col-organisation")}</th>
                <th>{t("col-status")}</th>
                <th>{t("overdue")}</th>
              </tr>
            </thead>
            <tbody>
              {report.appeals.map((a) => (
                <tr key={a.number} className={a.overdue.length ? "overdue-row" : ""}>
                  <td>{a.number}</td>
                  <td>{a.organisation}</td>
                  <td>
                    {t(`status-${a.status}`)}
                    {a.criticality && ` · ${t(`criticality-${a.criticality}`)}`}
                  </td>
                  <td>{a.overdue.map((o) => t(`obligation-${o}`)).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ExtractForm t={t} />
        <YearlyForm t={t} />
        <ProtocolForm t={t} />
        <div className="actions">
          <button id="sup-close" onClick={onClose}>
            {t("close")} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

function SetupDialog({ t, onDone }: { t: T; onDone: (s: Settings) => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(await api.setWorkstation(code));
    } catch (err) {
      setError(asUiError(err).message);
    }
  };
  return (
    <div className="overlay">
      <form className="dialog" onSubmit={submit} aria-labelledby="setup-title">
        <h2 id="setup-title">{t("setup-title")}</h2>
        <p>{t("setup-text")}</p>
        <label htmlFor="setup-workstation">{t("field-workstation")}</label>
        <input id="setup-workstation" autoFocus value={code} onChange={(e) => setCode(e.target.value)} placeholder="AST1" />
        {error && (
          <p className="field-error" id="err-workstation" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button id="setup-save" className="primary" type="submit">
            {t("setup-save")}
          </button>
        </div>
      </form>
    </div>
  );
}

export function FieldBox({ f, label, error, hint, children }: { f: Field | string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={"field" + (error ? " invalid" : "")}>
      <label htmlFor={`f-${f}`}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`err-${f}`} role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="hint">{hint}</span>
      )}
    </div>
  );
}

function AppealForm({ t, now, onCancel, onSaved }: { t: T; now: string; onCancel: () => void; onSaved: (r: AppealRow) => void }) {
  const [form, setForm] = useState<NewAppeal>(() => emptyForm(now));
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (k: keyof NewAppeal) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const err = (f: Field) => error?.fields.find((x) => x.field === f)?.message;
  // A field with an error inside "more details" must be visible.
  useEffect(() => {
    const hidden: Field[] = ["source", "contact_person", "email", "phone", "detected_at", "portal_module", "announcements", "lots", "procurement_method", "rule_set", "linked_to"];
    if (error?.fields.some((f) => hidden.includes(f.field))) setMore(true);
  }, [error]);
  const text = (f: Field & keyof NewAppeal, extra?: { ref?: React.Ref<HTMLInputElement>; hint?: string; inputMode?: "numeric" }) => (
    <FieldBox f={f} label={t(`field-${f}`)} error={err(f)} hint={extra?.hint}>
      <input id={`f-${f}`} ref={extra?.ref} inputMode={extra?.inputMode} value={form[f]} onChange={set(f)} />
    </FieldBox>
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onSaved(await api.registerAppeal(form));
    } catch (ex) {
      setError(asUiError(ex));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <form className="dialog wide" id="appeal-form" onSubmit={submit} noValidate aria-labelledby="form-title">
        <h2 id="form-title">{t("form-title")}</h2>
        <div className="grid">
          {text("organisation", { ref: first })}
          {text("bin_iin", { inputMode: "numeric" })}
          {text("received_at", { hint: t("hint-received-at") })}
          <FieldBox f="channel" label={t("field-channel")} error={err("channel")}>
            <select id="f-channel" value={form.channel} onChange={set("channel")}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel-${c}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          {text("contact")}
          <FieldBox f="rule_set" label={t("field-rule_set")} error={err("rule_set")}>
            <select id="f-rule_set" value={form.rule_set} onChange={set("rule_set")}>
              <option value="">{t("not-chosen")}</option>
              {RULE_SETS.map((r) => (
                <option key={r} value={r}>
                  {t(`ruleset-${r}`)}
                </option>
              ))}
            </select>
          </FieldBox>
        </div>
        <FieldBox f="description" label={t("field-description")} error={err("description")}>
          <textarea id="f-description" rows={3} value={form.description} onChange={set("description")}
            onKeyDown={(e) => e.key === "Enter" && e.ctrlKey && void submit(e)} />
        </FieldBox>
        <details open={more} onToggle={(e) => setMore((e.target as HTMLDetailsElement).open)}>
          <summary id="more-fields">{t("more-fields")}</summary>
          <div className="grid">
            <FieldBox f="source" label={t("field-source")} error={err("source")}>
              <select id="f-source" value={form.source} onChange={set("source")}>
                {SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {t(`source-${s}`)}
                  </option>
                ))}
              </select>
            </FieldBox>
            {text("contact_person")}
            {text("email")}
            {text("phone")}
            {text("detected_at", { hint: t("hint-received-at") })}
            {text("portal_module")}
            {text("announcements")}
            {text("lots")}
            {text("procurement_method")}
            {text("linked_to", { hint: "AST1-2026-000001" })}
          </div>
        </details>
        {error && error.fields.length === 0 && (
          <p className="field-error" role="alert" id="form-error">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t("form-cancel")} <kbd>Esc</kbd>
          </button>
          <button id="save-appeal" className="primary" type="submit" disabled={busy}>
            {t("form-save")} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
