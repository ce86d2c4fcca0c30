import type { Lang } from "../lib/bindings";
import { LANGUAGES } from "../lib/i18n";

/** A choice of Kazakh, Russian or English, each under its own name. */
export function LanguageSelect({ id, label, lang, setLang }: { id: string; label: string; lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <label>
      {label}{" "}
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
