// The one typed door from the UI to Rust. Types come from src/bindings.ts, generated from
// the Rust types, so a renamed field breaks the type check instead of the user's day.
import { invoke } from "@tauri-apps/api/core";
import type {
  ActionForm,
  AuditStatus,
  CorrectionForm,
  DailyReport,
  DocumentFile,
  ProcedureInput,
  AppealDetail,
  AppealRow,
  JournalQuery,
  Lang,
  NewAppeal,
  Settings,
  TriageForm,
  UiError,
  VerifyReport,
} from "./bindings";

export type { ActionForm, AppealDetail, AppealRow, JournalQuery, Lang, NewAppeal, Settings, TriageForm, UiError };

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
  return { code: "internal", message: String(e), fields: [] };
}

export const api = {
  settings: () => call<Settings>("settings"),
  setLanguage: (language: Lang) => call<Settings>("set_language", { language }),
  setWorkstation: (code: string) => call<Settings>("set_workstation", { code }),
  registerAppeal: (form: NewAppeal) => call<AppealRow>("register_appeal", { form }),
  journal: () => call<AppealRow[]>("journal"),
  list: (query: JournalQuery) => call<AppealRow[]>("list_appeals", { query }),
  detail: (id: string) => call<AppealDetail>("appeal_detail", { id }),
  triage: (id: string, form: TriageForm) => call<AppealDetail>("triage", { id, form }),
  recordAction: (id: string, form: ActionForm) => call<AppealDetail>("record_action", { id, form }),
  extensions: (id: string, procedures: ProcedureInput[]) => call<AppealDetail>("compute_extensions", { id, procedures }),
  correct: (id: string, form: CorrectionForm) => call<AppealDetail>("correct_appeal", { id, form }),
  auditStatus: () => call<AuditStatus>("audit_status"),
  dailyReport: (date: string) => call<DailyReport>("daily_report", { date }),
  dueSoon: (minutes: number) => call<AppealRow[]>("due_soon", { minutes }),
  link: (id: string, number: string) => call<AppealDetail>("link_appeal", { id, number }),
  yearlyPdf: (year: string, lang: Lang) => call<DocumentFile>("yearly_report_pdf", { year, lang }),
  extractPdf: (from: string, to: string, rules: string | null, lang: Lang) => call<DocumentFile>("extract_pdf", { from, to, rules, lang }),
  letterPdf: (number: string, kind: string, lang: Lang) => call<DocumentFile>("letter_pdf", { number, kind, lang }),
  protocolPdf: (input: string, lang: Lang) => call<DocumentFile>("protocol_pdf", { input, lang }),
  signPdf: (path: string, p12: string, password: string) => call<DocumentFile>("sign_pdf", { path, p12, password }),
  verifyPdf: (path: string) => call<VerifyReport>("verify_pdf", { path }),
};
