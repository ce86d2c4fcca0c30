// Documents and signatures in the window (issue 7): the Journal extract for a period, the
// yearly report, a letter about an appeal, the Commission protocol and, for the file just
// written, PKCS#12 signing and offline verification. Everything is made by desk-app (the
// same code as `desk extract|letter|sign|verify`); these screens only collect the fields
// and show the answers.
import { useState } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { DocumentFile, Lang } from "../../lib/bindings";

type DocumentCommand = "extract_pdf" | "yearly_report_pdf" | "letter_pdf" | "protocol_pdf";

/** Making one kind of document: its language (the window's by default), the file last
 * written (kept on screen while the next one is made), busy and the refusal. */
export function useDocument(cmd: DocumentCommand) {
  const { lang: windowLang } = useDesk();
  const [lang, setLang] = useState<Lang>(windowLang);
  const [written, setWritten] = useState<DocumentFile | null>(null);
  const make = useAction(cmd, setWritten);
  return { lang, setLang, written, make };
}
