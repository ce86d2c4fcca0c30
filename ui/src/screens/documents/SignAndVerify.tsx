import { useState, type FormEvent } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { VerifyReport } from "../../lib/bindings";

/** A written document: its path, then "Sign" with a PKCS#12 file and "Verify". The
 * password goes to Rust for this one signature and is cleared from the form after it. */
export function SignAndVerify({ path, idPrefix }: { path: string; idPrefix: string }) {
  const { settings, t } = useDesk();
  const [p12, setP12] = useState("");
  const [password, setPassword] = useState("");
  const [signed, setSigned] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const sign = useAction("sign_pdf_file", (f) => {
    setSigned(f.message);
    setPassword("");
    setReport(null);
  });
  const verify = useAction("verify_pdf_file", setReport);
  const busy = sign.isPending || verify.isPending;
  // One answer line: the latest of the two actions.
  const error = sign.error ?? verify.error;
  // Where the verifier reads trusted certificates and CRLs (desk-app's `trust_dir`).
  const trustDir = `${settings.data_dir}/trust`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.reset();
    sign.mutate({ path, p12, password });
  };
  return (
    <div className="doc-result">
      <p>
        {t("doc-letter-ui-file")}: <code id={`${idPrefix}-path`}>{path}</code>
      </p>
      <form className="actions left" onSubmit={submit}>
        <label>
          {t("doc-letter-ui-p12")}{" "}
          <input id={`${idPrefix}-p12`} value={p12} onChange={(e) => setP12(e.target.value)} placeholder="/home/…/key.p12" />
        </label>
        <label>
          {t("doc-letter-ui-password")}{" "}
          <input id={`${idPrefix}-password`} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button id={`${idPrefix}-sign`} type="submit" disabled={busy || !p12}>
          {t("doc-letter-ui-sign")}
        </button>
        <button id={`${idPrefix}-verify`} type="button" disabled={busy} onClick={() => {
          sign.reset();
          verify.mutate({ path });
        }}>
          {t("doc-letter-ui-verify")}
        </button>
      </form>
      {signed && (
        <p id={`${idPrefix}-signed`} className="ok">
          ✓ {signed}
        </p>
      )}
      {error && (
        <p id={`${idPrefix}-error`} className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {report && (
        <div id={`${idPrefix}-report`}>
          <p className={report.all_good ? "ok" : "field-error"}>
            {report.all_good ? "✓" : "✗"} {report.message}
          </p>
          {/* Bounded, so the dialog's buttons stay on screen with many signatures. */}
          <pre className="pre" style={{ maxHeight: "14rem", overflow: "auto" }}>
            {report.signatures.flatMap((s) => s.lines).join("\n")}
          </pre>
          {!report.all_good && <p className="muted">{t("doc-letter-ui-trust-hint", { dir: trustDir })}</p>}
        </div>
      )}
    </div>
  );
}
