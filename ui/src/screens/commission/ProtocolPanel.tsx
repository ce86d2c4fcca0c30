import { useState, type FormEvent } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { MeetingView, ProtocolView } from "../../lib/bindings";

/** The protocol (003 §14): drawn up from the meeting, editable until the first signature,
 * due within 2 working days (a late one is still produced, marked late), signed by the
 * chairing person and every member who voted, each with their own key, one after another
 * on the same PDF. */
export function ProtocolPanel({ m }: { m: MeetingView }) {
  const { t } = useDesk();
  const draft = useAction("commission_draft_protocol");
  const p = m.protocol;
  const decided = m.present !== null && m.items.every((i) => i.outcome !== null);
  return (
    <section id="protocol">
      <h3>{t("ui-commission-protocol")}</h3>
      {!p && (
        <>
          <p className="muted">{t(decided ? "ui-commission-protocol-ready" : "ui-commission-protocol-wait")}</p>
          <div className="actions left">
            <button id="protocol-draft" className="primary" disabled={!decided || draft.isPending} onClick={() => draft.mutate({ number: m.number, text: null })}>
              {t("ui-commission-protocol-draw-up")}
            </button>
          </div>
        </>
      )}
      {draft.error && (
        <p className="field-error banner" role="alert" id="protocol-error">
          {draft.error.message}
        </p>
      )}
      {p && <Protocol m={m} p={p} />}
    </section>
  );
}

function Protocol({ m, p }: { m: MeetingView; p: ProtocolView }) {
  const { t } = useDesk();
  const anySigned = p.signers.some((s) => s.signed_at);
  const [text, setText] = useState(p.text);
  const save = useAction("commission_draft_protocol");
  const file = useAction("commission_protocol_file");
  const publish = useAction("commission_publish");
  const signed = p.signers.filter((s) => s.signed_at).length;
  return (
    <>
      <p id="protocol-due" className={p.late ? "field-error" : "muted"}>
        {p.late ? t("commission-protocol-late-mark", { due: p.due }) : t("ui-commission-protocol-due", { due: p.due })}
      </p>
      <textarea id="protocol-text" rows={14} value={text} readOnly={anySigned} onChange={(e) => setText(e.target.value)} aria-label={t("ui-commission-protocol")} />
      {anySigned ? (
        <p className="muted">{t("ui-commission-protocol-immutable")}</p>
      ) : (
        <div className="actions left">
          <button id="protocol-save-text" disabled={text === p.text || save.isPending} onClick={() => save.mutate({ number: m.number, text })}>
            {t("ui-commission-protocol-save-text")}
          </button>
        </div>
      )}
      {save.error && (
        <p className="field-error banner" role="alert">
          {save.error.message}
        </p>
      )}
      <h3 id="protocol-signatures">{t("commission-protocol-status", { signed, total: p.signers.length })}</h3>
      <ul className="plain" id="signers">
        {p.signers.map((s) => (
          <li key={s.id} data-member={s.id} className={s.signed_at ? "ok" : ""}>
            {s.signed_at ? t("commission-protocol-signed-by", { name: s.name, at: s.signed_at }) : t("commission-protocol-unsigned", { name: s.name })}
          </li>
        ))}
      </ul>
      {signed < p.signers.length && <SignForm m={m} p={p} />}
      <div className="actions left">
        <button id="protocol-pdf" disabled={file.isPending} onClick={() => file.mutate({ number: m.number })}>
          {t("ui-commission-protocol-pdf")}
        </button>
        {signed === p.signers.length && (
          <button id="protocol-publish" disabled={publish.isPending} onClick={() => publish.mutate({ number: m.number })}>
            {t("ui-commission-publish")}
          </button>
        )}
      </div>
      {publish.data && (
        <p className="ok" id="protocol-published">
          {publish.data.message}
        </p>
      )}
      {publish.error && (
        <p className="field-error banner" role="alert">
          {publish.error.message}
        </p>
      )}
      {(file.data || p.file) && (
        <p id="protocol-file">
          {t("doc-letter-ui-file")}: <code>{file.data?.path ?? p.file}</code>
        </p>
      )}
      {file.error && (
        <p className="field-error banner" role="alert" id="protocol-file-error">
          {file.error.message}
        </p>
      )}
    </>
  );
}

/** A member signs with their PKCS#12 key; the password goes to Rust for this one
 * signature and is cleared from the form after it. */
function SignForm({ m, p }: { m: MeetingView; p: ProtocolView }) {
  const { t } = useDesk();
  const waiting = p.signers.filter((s) => !s.signed_at);
  const [member, setMember] = useState(waiting[0]?.id ?? "");
  const [p12, setP12] = useState("");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState("");
  const who = waiting.some((s) => s.id === member) ? member : (waiting[0]?.id ?? "");
  const sign = useAction("commission_sign_protocol", (view) => {
    const signers = view.protocol?.signers ?? [];
    setDone(t("commission-signature-saved", {
      name: signers.find((s) => s.id === who)?.name ?? who,
      signed: signers.filter((s) => s.signed_at).length,
      total: signers.length,
    }));
    setPassword("");
    setP12("");
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone("");
    sign.mutate({ number: m.number, member: who, p12, password });
  };
  return (
    <>
    <form id="sign-form" className="actions left sign-form" onSubmit={submit}>
      <label>
        {t("ui-commission-signer")}{" "}
        <select id="sign-member" value={who} onChange={(e) => setMember(e.target.value)}>
          {waiting.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("doc-letter-ui-p12")}{" "}
        <input id="sign-p12" value={p12} onChange={(e) => setP12(e.target.value)} placeholder="/home/…/key.p12" />
      </label>
      <label>
        {t("doc-letter-ui-password")}{" "}
        <input id="sign-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button id="sign-protocol" className="primary" type="submit" disabled={sign.isPending || !p12}>
        {t("ui-commission-sign")}
      </button>
    </form>
      {done && (
        <p className="ok" id="sign-done" role="status">
          ✓ {done}
        </p>
      )}
      {sign.error && (
        <p className="field-error banner" role="alert" id="sign-error">
          {sign.error.message}
        </p>
      )}
    </>
  );
}
