import { useState, type FormEvent } from "react";
import { LanguageSelect } from "../../components/LanguageSelect";
import { useT } from "../../hooks/useDesk";
import { useDocument } from "./useDocument";
import { Written } from "./Written";

/** The yearly report to the authorised body (002 §44, 000 §34) for a year. */
export function YearlyForm() {
  const t = useT();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const { lang, setLang, written, make } = useDocument("yearly_report_pdf");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    make.mutate({ year, lang });
  };
  return (
    <div id="documents-yearly">
      <h3>{t("report-ui-yearly-title")}</h3>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("report-ui-year")} <input id="yearly-year" className="date" value={year} onChange={(e) => setYear(e.target.value)} />
        </label>
        <LanguageSelect id="yearly-lang" label={t("doc-letter-ui-language")} lang={lang} setLang={setLang} />
        <button id="yearly-make" type="submit" className="primary" disabled={make.isPending}>
          {t("report-ui-yearly-make")}
        </button>
      </form>
      <Written idPrefix="yearly" error={make.error} written={written} />
    </div>
  );
}
