// The UI's translations: the same Fluent files the Rust side embeds (assets/i18n).
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import kk from "../../../assets/i18n/kk.ftl?raw";
import ru from "../../../assets/i18n/ru.ftl?raw";
import en from "../../../assets/i18n/en.ftl?raw";
import { LANGUAGES as LANGUAGE_CODES, type Lang } from "./bindings";

const sources: Record<Lang, string> = { kk, ru, en };
const bundles = new Map<Lang, FluentBundle>();

function bundle(lang: Lang): FluentBundle {
  let b = bundles.get(lang);
  if (!b) {
    // No isolation marks: they would show up in copied text and in WebDriver assertions.
    b = new FluentBundle(lang, { useIsolating: false });
    const errors = b.addResource(new FluentResource(sources[lang]));
    if (errors.length) console.error(`translations ${lang}:`, errors);
    bundles.set(lang, b);
  }
  return b;
}

/** Translates a message id; a missing id shows as itself so it is noticed, never blank. */
export function translate(lang: Lang, id: string, args?: Record<string, FluentVariable>): string {
  const b = bundle(lang);
  const msg = b.getMessage(id);
  if (!msg?.value) return id;
  return b.formatPattern(msg.value, args);
}

/** Each language under its own name, the same in every interface language. */
const ENDONYMS: Record<Lang, string> = { kk: "Қазақша", ru: "Русский", en: "English" };

export const LANGUAGES: { code: Lang; name: string }[] = LANGUAGE_CODES.map((code) => ({ code, name: ENDONYMS[code] }));

/** A translator bound to the window's language (see `useT`). */
export type T = (id: string, args?: Record<string, string | number>) => string;
