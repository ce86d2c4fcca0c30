// Generated from the Rust types by `desk-app` (typescript_bindings). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p desk-app` after changing them.

export type Lang = "kk" | "ru" | "en";

export type Channel = "phone" | "email" | "letter" | "forum" | "monitoring";

export type Field = "organisation" | "bin_iin" | "received_at" | "channel" | "contact" | "description" | "workstation";

export type NewAppeal = { organisation: string, bin_iin: string, 
/**
 * Astana wall-clock time, `DD.MM.YYYY HH:MM`.
 */
received_at: string, channel: string, contact: string, description: string, };

export type AppealRow = { id: string, number: string, organisation: string, bin_iin: string, 
/**
 * UTC, RFC 3339.
 */
received_at: string, 
/**
 * The same instant in Astana time, `DD.MM.YYYY HH:MM`.
 */
received_at_astana: string, contact: string, decision: string | null, failure_type: string | null, recommendations: string | null, channel: Channel, description: string, version_id: string, created_at: string, updated_at: string, };

export type Settings = { language: Lang, 
/**
 * `None` until the first-start dialog sets it.
 */
workstation: string | null, data_dir: string, 
/**
 * Now in Astana time, `DD.MM.YYYY HH:MM`: the default for "received at".
 */
now_astana: string, };

export type UiError = { message: string, fields: Array<UiFieldError>, };

export type UiFieldError = { field: Field, message: string, };
