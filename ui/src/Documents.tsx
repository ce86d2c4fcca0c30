// Documents and signatures in the window (issue 7): the Journal extract for a period, a
// letter about an appeal, and, for the file just written, PKCS#12 signing and offline
// verification. Everything is made by desk-app (the same code as `desk extract|letter|
// sign|verify`); this only collects the fields and shows the answers.
import { useEffect, useState, type FormEvent } from "react";
import { api, asUiError, type Lang } from "./api";
import type { Status, VerifyReport } from "./bindings";
import { LANGUAGES } from "./i18n";
import type { T } from "./App";

function useRun() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <X,>(f: () => Promise<X>, set: (x: X) => void) => {
    setBusy(true);
    try {
      set(await f());
      setError(null);
    } catch (e) {
      setError(asUiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** The UI language, as the default language of a document. */
function useDefaultLang(): [Lang, (l: Lang) => void] {
  const [lang, setLang] = useState<Lang>("kk");
  useEffect(() => {
    api.settings().then((s) => setLang(s.language), () => undefined);
  }, []);
  return [lang, setLang];
}

/** Where the verifier reads trusted certificates and CRLs (desk-app's `trust_dir`). */
function useTrustDir(): string | null {
  const [dir, setDir] = useState<string | null>(null);
  useEffect(() => {
    api.settings().then((s) => setDir(`${s.data_dir}/trust`), () => undefined);
  }, []);
  return dir;
}

function LangSelect({ id, t, lang, setLang }: { id: string; t: T; lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <label>
      {t("doc-letter-ui-language")}{" "}
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A written document: its path, then "Sign" with a PKCS#12 file and "Verify". The
 * password goes to Rust for this one signature and is cleared from the form after it. */
export function SignAndVerify({ t, path, idPrefix }: { t: T; path: string; idPrefix: string }) {
  const [p12, setP12] = useState("");
  const [password, setPassword] = useState("");
  const [signed, setSigned] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const { error, busy, run } = useRun();
  const trustDir = useTrustDir();
  const sign = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => api.signPdf(path, p12, password),
      (f) => {
        setSigned(f.message);
        setPassword("");
        setReport(null);
      },
    );
  };
  return (
    <div className="doc-result">
      <p>
        {t("doc-letter-ui-file")}: <code id={`${idPrefix}-path`}>{path}</code>
      </p>
      <form className="actions left" onSubmit={sign}>
        <label>
          {t("doc-letter-ui-p12")}{" "}
          <input id={`${idPrefix}-p12`} value={p12} onChange={(e) => setP12(e.target.value)} placeholder="/home/…/key.p12" />
        </label>
        <label>
          {t("doc-letter-ui-password")}{" "}
          <input id={`${idPrefix}-password`} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button id={`${idPrefix}-sign`} type="submit" disabled={busy || !p12}>
          {t("doc-letter-ui-sign")}
        </button>
        <button id={`${idPrefix}-verify`} type="button" disabled={busy} onClick={() => void run(() => api.verifyPdf(path), setReport)}>
          {t("doc-letter-ui-verify")}
        </button>
      </form>
      {signed && (
        <p id={`${idPrefix}-signed`} className="ok">
          ✓ {signed}
        </p>
      )}
      {error && (
        <p id={`${idPrefix}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div id={`${idPrefix}-report`}>
          <p className={report.all_good ? "ok" : "field-error"}>
            {report.all_good ? "✓" : "✗"} {report.message}
          </p>
          {/* Bounded, so the dialog's buttons stay on screen with many signatures. */}
          <pre className="pre" style={{ maxHeight: "14rem", overflow: "auto" }}>
            {report.signatures.flatMap((s) => s.lines).join("\n")}
          </pre>
          {!report.all_good && trustDir && <p className="muted">{t("doc-letter-ui-trust-hint", { dir: trustDir })}</p>}
        </div>
      )}
    </div>
  );
}

/** The Journal extract for a period (002 Appendix), written as PDF into the data directory. */
export function ExtractForm({ t }: { t: T }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [lang, setLang] = useDefaultLang();
  const [written, setWritten] = useState<{ path: string; message: string } | null>(null);
  const { error, busy, run } = useRun();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.extractPdf(from, to, null, lang), setWritten);
  };
  return (
    <div id="documents-extract">
      <h3>{t("doc-letter-ui-extract-title")}</h3>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("doc-letter-ui-from")}{" "}
          <input id="extract-from" className="date" placeholder="01.11.2026" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t("doc-letter-ui-to")}{" "}
          <input id="extract-to" className="date" placeholder="30.11.2026" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <LangSelect id="extract-lang" t={t} lang={lang} setLang={setLang} />
        <button id="extract-make" type="submit" className="primary" disabled={busy}>
          {t("doc-letter-ui-make-extract")}
        </button>
      </form>
      {error && (
        <p id="extract-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      {written && (
        <>
          <p id="extract-written">{written.message}</p>
          <SignAndVerify key={written.path} t={t} path={written.path} idPrefix="extract" />
        </>
      )}
    </div>
  );
}

/** The yearly report to the authorised body (002 §44, 000 §34) for a year. */
export function YearlyForm({ t }: { t: T }) {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [lang, setLang] = useDefaultLang();
  const [written, setWritten] = useState<{ path: string; message: string } | null>(null);
  const { error, busy, run } = useRun();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.yearlyPdf(year, lang), setWritten);
  };
  return (
    <div id="documents-yearly">
      <h3>{t("report-ui-yearly-title")}</h3>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("report-ui-year")} <input id="yearly-year" className="date" value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
        <LangSelect id="yearly-lang" t={t} lang={lang} setLang={setLang} />
        <button id="yearly-make" type="submit" className="primary" disabled={busy}>
          {t("report-ui-yearly-make")}
        </button>
      </form>
      {error && (
        <p id="yearly-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      {written && (
        <>
          <p id="yearly-written">{written.message}</p>
          <SignAndVerify key={written.path} t={t} path={written.path} idPrefix="yearly" />
        </>
      )}
    </div>
  );
}

/** On the appeal page: the letter its status calls for — the report to the authorised
 * body after a confirmed failure (002 §36.10, §37.13), the refutation notice (002 §32). */
export function LetterPanel({ t, number, status }: { t: T; number: string; status: Status }) {
  const [lang, setLang] = useDefaultLang();
  const [written, setWritten] = useState<{ path: string; message: string } | null>(null);
  const { error, busy, run } = useRun();
  if (status === "registered") return null;
  const kind = status === "refuted" ? "refutation" : "authority-report";
  return (
    <div id="documents-letter">
      <h3>{t("doc-letter-ui-letters")}</h3>
      <div className="actions left">
        <LangSelect id="letter-lang" t={t} lang={lang} setLang={setLang} />
        <button id="letter-make" disabled={busy} onClick={() => void run(() => api.letterPdf(number, kind, lang), setWritten)}>
          {t(kind === "refutation" ? "doc-letter-ui-make-refutation" : "doc-letter-ui-make-report")}
        </button>
      </div>
      {error && (
        <p id="letter-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      {written && (
        <>
          <p id="letter-written">{written.message}</p>
          <SignAndVerify key={written.path} t={t} path={written.path} idPrefix="letter" />
        </>
      )}
    </div>
  );
}

/** The Commission protocol (003 §10, §13, §14) from a meeting described in a JSON file,
 * until the Commission has its own screens; signed here by the chair and each voter. */
export function ProtocolForm({ t }: { t: T }) {
  const [input, setInput] = useState("");
  const [lang, setLang] = useDefaultLang();
  const [written, setWritten] = useState<{ path: string; message: string } | null>(null);
  const { error, busy, run } = useRun();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.protocolPdf(input, lang), setWritten);
  };
  return (
    <div id="documents-protocol">
      <h3>{t("doc-letter-ui-protocol-title")}</h3>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("doc-letter-ui-meeting-file")}{" "}
          <input id="protocol-input" value={input} onChange={(e) => setInput(e.target.value)} placeholder="/home/…/meeting.json" />
        </label>
        <LangSelect id="protocol-lang" t={t} lang={lang} setLang={setLang} />
        <button id="protocol-make" type="submit" disabled={busy || !input}>
          {t("doc-letter-ui-make-protocol")}
        </button>
      </form>
      {error && (
        <p id="protocol-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      {written && (
        <>
          <p id="protocol-written">{written.message}</p>
          <SignAndVerify key={written.path} t={t} path={written.path} idPrefix="protocol" />
        </>
      )}
    </div>
  );
}
