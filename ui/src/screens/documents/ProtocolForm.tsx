import { useState, type FormEvent } from "react";
import { LanguageSelect } from "../../components/LanguageSelect";
import { useT } from "../../hooks/useDesk";
import { useDocument } from "./useDocument";
import { Written } from "./Written";

/** The Commission protocol (003 §10, §13, §14) from a meeting described in a JSON file,
 * until the Commission has its own screens; signed here by the chair and each voter. */
export function ProtocolForm() {
  const t = useT();
  const [input, setInput] = useState("");
  const { lang, setLang, written, make } = useDocument("protocol_pdf");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    make.mutate({ input, lang });
  };
  return (
    <div id="documents-protocol">
      <h3>{t("doc-letter-ui-protocol-title")}</h3>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("doc-letter-ui-meeting-file")}{" "}
          <input id="protocol-input" value={input} onChange={(e) => setInput(e.target.value)} placeholder="/home/…/meeting.json" />
        </label>
        <LanguageSelect id="protocol-lang" label={t("doc-letter-ui-language")} lang={lang} setLang={setLang} />
        <button id="protocol-make" type="submit" disabled={make.isPending || !input}>
          {t("doc-letter-ui-make-protocol")}
        </button>
      </form>
      <Written idPrefix="protocol" error={make.error} written={written} />
    </div>
  );
}
