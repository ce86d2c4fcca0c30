// The one typed door from the UI to Rust. `Commands` in ./bindings is generated from the
// shell's command table (desk-app `desk_commands!`), so calling a command that does not
// exist, or with a missing or mistyped argument, fails the type check instead of the
// user's day.
import { invoke } from "@tauri-apps/api/core";
import type { Commands, UiError } from "./bindings";

export type Command = keyof Commands;
export type Args<C extends Command> = Commands[C]["args"];
export type Returns<C extends Command> = Commands[C]["returns"];
/** Commands without arguments are called with none. */
export type ArgList<C extends Command> = Record<string, never> extends Args<C> ? [args?: Args<C>] : [args: Args<C>];

/** Every command either resolves or rejects with a translated UiError. */
export async function call<C extends Command>(cmd: C, ...args: ArgList<C>): Promise<Returns<C>> {
  try {
    return await invoke<Returns<C>>(cmd, args[0]);
  } catch (e) {
    throw asUiError(e);
  }
}

export function asUiError(e: unknown): UiError {
  if (e && typeof e === "object" && "message" in e && "fields" in e) return e as UiError;
  return { code: "internal", message: String(e), fields: [] };
}
