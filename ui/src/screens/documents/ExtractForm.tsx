import { useState, type FormEvent } from "react";
import { LanguageSelect } from "../../components/LanguageSelect";
import { useT } from "../../hooks/useDesk";
import { useDocument } from "./useDocument";
import { Written } from "./Written";

/** The Journal extract for a period (002 Appendix), written as PDF into the data directory. */
export function ExtractForm() {
  const t = useT();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const { lang, setLang, written, make } = useDocument("extract_pdf");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    make.mutate({ from, to, rules: null, lang });
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
        <LanguageSelect id="extract-lang" label={t("doc-letter-ui-language")} lang={lang} setLang={setLang} />
        <button id="extract-make" type="submit" className="primary" disabled={make.isPending}>
          {t("doc-letter-ui-make-extract")}
        </button>
      </form>
      <Written idPrefix="extract" error={make.error} written={written} />
    </div>
  );
}
