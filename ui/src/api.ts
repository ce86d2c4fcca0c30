// The one typed door from the UI to Rust. Types come from src/bindings.ts, generated from
// the Rust types, so a renamed field breaks the type check instead of the user's day.
import { invoke } from "@tauri-apps/api/core";
import type { AppealRow, Lang, NewAppeal, Settings, UiError } from "./bindings";

export type { AppealRow, Lang, NewAppeal, Settings, UiError };

/** Every command either resolves or rejects with a translated UiError. */
async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asUiError(e);
  }
}

export function asUiError(e: unknown): UiError {
  if (e && typeof e === "object" && "message" in e && "fields" in e) return e as UiError;
  return { message: String(e), fields: [] };
}

export const api = {
  settings: () => call<Settings>("settings"),
  setLanguage: (language: Lang) => call<Settings>("set_language", { language }),
  setWorkstation: (code: string) => call<Settings>("set_workstation", { code }),
  registerAppeal: (form: NewAppeal) => call<AppealRow>("register_appeal", { form }),
  journal: () => call<AppealRow[]>("journal"),
};
