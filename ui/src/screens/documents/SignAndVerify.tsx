import { useState, type FormEvent } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { KeySource, VerifyReport } from "../../lib/bindings";

/** A written document: its path, then "Sign" with a PKCS#12 file (or NCALayer) and
 * "Verify"; the options of `desk sign` (CRL, detached .cms, timestamp, long-term data)
 * under "Signature options". The password goes to Rust for this one signature and is
 * cleared from the form after it. */
export function SignAndVerify({ path, idPrefix }: { path: string; idPrefix: string }) {
  const { settings, t } = useDesk();
  const [p12, setP12] = useState("");
  const [password, setPassword] = useState("");
  const [key, setKey] = useState<KeySource>("p12");
  const [crl, setCrl] = useState("");
  const [detached, setDetached] = useState(false);
  const [tsa, setTsa] = useState("");
  const [ltv, setLtv] = useState(false);
  const [trust, setTrust] = useState("");
  const [signed, setSigned] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const sign = useAction("sign_with_form", (f) => {
    setSigned(f.message);
    setPassword("");
    setReport(null);
  });
  const verify = useAction("verify_document", setReport);
  const busy = sign.isPending || verify.isPending;
  // One answer line: the latest of the two actions.
  const error = sign.error ?? verify.error;
  // Where the verifier reads trusted certificates and CRLs (desk-app's `trust_dir`).
  const trustDir = `${settings.data_dir}/trust`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.reset();
    sign.mutate({ form: { path, key, p12, crl, password, detached, tsa, ltv } });
  };
  return (
    <div className="doc-result">
      <p>
        {t("doc-letter-ui-file")}: <code id={`${idPrefix}-path`}>{path}</code>
      </p>
      <form className="actions left" onSubmit={submit}>
        {key === "p12" && (
          <>
            <label>
              {t("doc-letter-ui-p12")}{" "}
              <input id={`${idPrefix}-p12`} value={p12} onChange={(e) => setP12(e.target.value)} placeholder="/home/…/key.p12" />
            </label>
            <label>
              {t("doc-letter-ui-password")}{" "}
              <input id={`${idPrefix}-password`} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
          </>
        )}
        <button id={`${idPrefix}-sign`} type="submit" disabled={busy || (key === "p12" && !p12)}>
          {t("doc-letter-ui-sign")}
        </button>
        <button id={`${idPrefix}-verify`} type="button" disabled={busy} onClick={() => {
          sign.reset();
          verify.mutate({ path, cms: detached ? `${path}.cms` : "", trust });
        }}>
          {t("doc-letter-ui-verify")}
        </button>
      </form>
      <details id={`${idPrefix}-options`}>
        <summary>{t("ui-sign-options")}</summary>
        <div className="radios">
          {(["p12", "nca_layer"] as const).map((k) => (
            <label key={k}>
              <input type="radio" name={`${idPrefix}-key`} id={`${idPrefix}-key-${k}`} checked={key === k} onChange={() => setKey(k)} />{" "}
              {t(k === "p12" ? "ui-sign-key-p12" : "ui-sign-key-ncalayer")}
            </label>
          ))}
        </div>
        {key === "p12" && (
          <label className="block">
            {t("ui-sign-crl")} <input id={`${idPrefix}-crl`} value={crl} onChange={(e) => setCrl(e.target.value)} placeholder="/home/…/ca.crl" />
          </label>
        )}
        <label className="block">
          {t("ui-sign-tsa")} <input id={`${idPrefix}-tsa`} value={tsa} onChange={(e) => setTsa(e.target.value)} placeholder="https://…" />
        </label>
        <label className="block">
          <input type="checkbox" id={`${idPrefix}-ltv`} checked={ltv} disabled={detached} onChange={(e) => setLtv(e.target.checked)} /> {t("ui-sign-ltv")}
        </label>
        <label className="block">
          {t("ui-sign-trust")} <input id={`${idPrefix}-trust`} value={trust} onChange={(e) => setTrust(e.target.value)} placeholder={trustDir} />
        </label>
        <label className="block">
          <input type="checkbox" id={`${idPrefix}-detached`} checked={detached} onChange={(e) => { setDetached(e.target.checked); if (e.target.checked) setLtv(false); }} /> {t("ui-sign-detached")}
        </label>
      </details>
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
          {!report.all_good && <p className="muted">{t("doc-letter-ui-trust-hint", { dir: trust || trustDir })}</p>}
        </div>
      )}
    </div>
  );
}
