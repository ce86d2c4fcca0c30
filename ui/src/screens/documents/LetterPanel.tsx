import { LanguageSelect } from "../../components/LanguageSelect";
import { useT } from "../../hooks/useDesk";
import type { Criticality, RuleSet, Status } from "../../lib/bindings";
import { useDocument } from "./useDocument";
import { Written } from "./Written";

/** On the appeal page: the letter its status calls for — the report to the authorised
 * body after a confirmed failure (002 §36.10, §37.13; 000 §25.3, §26.13), the refutation
 * notice (002 §32, 000 §21). A low failure owes no report (002 §35, 000 §24). */
export function LetterPanel({ number, status, criticality, ruleSet }: { number: string; status: Status; criticality: Criticality | null; ruleSet: RuleSet }) {
  const t = useT();
  const { lang, setLang, written, make } = useDocument("letter_pdf");
  if (status === "registered") return null;
  const kind = status === "refuted" ? "refutation" : "authority-report";
  if (kind === "authority-report" && criticality === "low" && (ruleSet === "QUASI-1216" || ruleSet === "GZ-627")) return null;
  return (
    <div id="documents-letter">
      <h3>{t("doc-letter-ui-letters")}</h3>
      <div className="actions left">
        <LanguageSelect id="letter-lang" label={t("doc-letter-ui-language")} lang={lang} setLang={setLang} />
        <button id="letter-make" disabled={make.isPending} onClick={() => make.mutate({ number, kind, lang })}>
          {t(kind === "refutation" ? "doc-letter-ui-make-refutation" : "doc-letter-ui-make-report")}
        </button>
      </div>
      <Written idPrefix="letter" error={make.error} written={written} />
    </div>
  );
}
