import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, asUiError, type AppealRow, type Lang, type NewAppeal, type Settings, type UiError } from "./api";
import type { Channel, Field } from "./bindings";
import { LANGUAGES, translate } from "./i18n";

const CHANNELS: Channel[] = ["phone", "email", "letter", "forum", "monitoring"];

// The official Journal columns (002 Appendix), in their order, then what we add.
const COLUMNS: { id: string; value: (r: AppealRow) => string }[] = [
  { id: "col-number", value: (r) => r.number },
  { id: "col-organisation", value: (r) => r.organisation },
  { id: "col-bin-iin", value: (r) => r.bin_iin },
  { id: "col-received-at", value: (r) => r.received_at_astana },
  { id: "col-contact", value: (r) => r.contact },
  { id: "col-decision", value: (r) => r.decision ?? "" },
  { id: "col-failure-type", value: (r) => r.failure_type ?? "" },
  { id: "col-recommendations", value: (r) => r.recommendations ?? "" },
];

function emptyForm(now: string): NewAppeal {
  return { organisation: "", bin_iin: "", received_at: now, channel: "phone", contact: "", description: "" };
}

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [rows, setRows] = useState<AppealRow[]>([]);
  const [formOpen, setFormOpen] = useState(false);
  const [status, setStatus] = useState("");
  const lang: Lang = settings?.language ?? "ru";
  const t = useCallback((id: string, args?: Record<string, string | number>) => translate(lang, id, args), [lang]);

  const reload = useCallback(async () => {
    try {
      setRows(await api.journal());
    } catch (e) {
      setFatal(asUiError(e).message);
    }
  }, []);

  useEffect(() => {
    api.settings().then(setSettings, (e) => setFatal(asUiError(e).message));
    void reload();
  }, [reload]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t("app-title");
  }, [lang, t]);

  // Keyboard first: Ctrl+N (or Alt+N) opens the form from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.altKey) && e.key.toLowerCase() === "n") {
        e.preventDefault();
        setFormOpen(true);
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

  return (
    <div className="app">
      <header>
        <h1 id="heading">{t("journal-heading")}</h1>
        <div className="tools">
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
          <button id="new-appeal" className="primary" onClick={() => setFormOpen(true)} title="Ctrl+N">
            {t("new-appeal")} <kbd>Ctrl+N</kbd>
          </button>
        </div>
      </header>

      {settings.workstation === null && <SetupDialog t={t} onDone={setSettings} />}

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

      <p id="status" role="status" className="status">
        {status}
      </p>

      <JournalTable rows={rows} t={t} />
      <footer>
        <span id="count">{t("journal-count", { count: rows.length })}</span>
        <span className="muted">
          {t("field-workstation")}: {settings.workstation ?? "—"} · {settings.data_dir}
        </span>
      </footer>
    </div>
  );
}

type T = (id: string, args?: Record<string, string | number>) => string;

function JournalTable({ rows, t }: { rows: AppealRow[]; t: T }) {
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
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="empty">
                {t("journal-empty")}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.id} data-number={r.number}>
                {COLUMNS.map((c) => (
                  <td key={c.id}>{c.value(r)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
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

function AppealForm({ t, now, onCancel, onSaved }: { t: T; now: string; onCancel: () => void; onSaved: (r: AppealRow) => void }) {
  const [form, setForm] = useState<NewAppeal>(() => emptyForm(now));
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (k: keyof NewAppeal) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const fieldError = (f: Field) => error?.fields.find((x) => x.field === f)?.message;
  const field = (f: Field, k: keyof NewAppeal, label: string, input: React.ReactNode) => (
    <div className={"field" + (fieldError(f) ? " invalid" : "")}>
      <label htmlFor={`f-${f}`}>{label}</label>
      {input}
      {fieldError(f) && (
        <span className="field-error" id={`err-${f}`} role="alert">
          {fieldError(f)}
        </span>
      )}
      {k === "received_at" && !fieldError(f) && <span className="hint">{t("hint-received-at")}</span>}
    </div>
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onSaved(await api.registerAppeal(form));
    } catch (err) {
      setError(asUiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <form className="dialog wide" id="appeal-form" onSubmit={submit} noValidate aria-labelledby="form-title">
        <h2 id="form-title">{t("form-title")}</h2>
        <div className="grid">
          {field("organisation", "organisation", t("field-organisation"),
            <input id="f-organisation" ref={first} value={form.organisation} onChange={set("organisation")} />)}
          {field("bin_iin", "bin_iin", t("field-bin-iin"),
            <input id="f-bin_iin" inputMode="numeric" maxLength={20} value={form.bin_iin} onChange={set("bin_iin")} />)}
          {field("received_at", "received_at", t("field-received-at"),
            <input id="f-received_at" value={form.received_at} onChange={set("received_at")} />)}
          {field("channel", "channel", t("field-channel"),
            <select id="f-channel" value={form.channel} onChange={set("channel")}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel-${c}`)}
                </option>
              ))}
            </select>)}
          {field("contact", "contact", t("field-contact"),
            <input id="f-contact" value={form.contact} onChange={set("contact")} />)}
        </div>
        {field("description", "description", t("field-description"),
          <textarea id="f-description" rows={4} value={form.description} onChange={set("description")}
            onKeyDown={(e) => e.key === "Enter" && e.ctrlKey && void submit(e)} />)}
        {error && error.fields.length === 0 && (
          <p className="field-error" role="alert">
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
