// The window's settings and its translator, for every screen without passing them down.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Lang, Settings } from "../lib/bindings";
import { translate, type T } from "../lib/i18n";

type Desk = { settings: Settings; lang: Lang; t: T };

const DeskContext = createContext<Desk | null>(null);

export function DeskProvider({ settings, children }: { settings: Settings; children: ReactNode }) {
  const lang = settings.language;
  const value = useMemo<Desk>(() => ({ settings, lang, t: (id, args) => translate(lang, id, args) }), [settings, lang]);
  return <DeskContext.Provider value={value}>{children}</DeskContext.Provider>;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error("useDesk outside DeskProvider");
  return desk;
}

/** The translator in the window's language. */
export function useT(): T {
  return useDesk().t;
}
