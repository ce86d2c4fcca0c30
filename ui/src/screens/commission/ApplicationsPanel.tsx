import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldBox } from "../../components/FieldBox";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { APPLICATION_DOCUMENTS, APPLICATION_STEPS, type ApplicationDocument, type ApplicationFields, type ApplicationFormKind, type ApplicationView } from "../../lib/bindings";

const kebab = (code: string) => code.replace(/_/g, "-");
/** The clocks a person must still act on. */
const OPEN_STATES = ["overdue", "pending", "open"];

/** The platforms' applications (003 ch. 5–8): each as received, what it lacks (an
 * incomplete form 2 is rejected before the Commission, §22) and the clocks running on it
 * (§20–27), moved by the steps recorded. */
export function ApplicationsPanel() {
  const { t } = useDesk();
  const list = useCommand("commission_applications", {});
  const [open, setOpen] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const apps = list.data ?? [];
  const current = apps.find((a) => a.number === open) ?? null;
  return (
    <section id="applications">
      <div className="actions left">
        <button id="application-new" className="primary" onClick={() => setFormOpen(true)}>
          {t("ui-application-new")}
        </button>
      </div>
      {list.error && (
        <p className="field-error banner" role="alert">
          {list.error.message}
        </p>
      )}
      {list.data && apps.length === 0 && (
        <p className="muted" id="applications-none">
          {t("ui-application-none")}
        </p>
      )}
      {apps.length > 0 && (
        <table id="application-list">
          <thead>
            <tr>
              <th>{t("ui-application-number")}</th>
              <th>{t("ui-application-form")}</th>
              <th>{t("ui-application-received")}</th>
              <th>{t("ui-application-status")}</th>
              <th>{t("ui-application-next")}</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => {
              const next = a.clocks.find((c) => OPEN_STATES.includes(c.state));
              return (
                <tr key={a.number} data-number={a.number} tabIndex={0} className={a.number === open ? "selected" : ""}
                  onClick={() => setOpen(a.number)} onKeyDown={(e) => e.key === "Enter" && setOpen(a.number)}>
                  <td>{a.number}</td>
                  <td>{t(`ui-application-form-${a.form}`)}</td>
                  <td>{a.received}</td>
                  <td className={a.complete ? "ok" : "field-error"}>{t(a.complete ? "ui-application-complete" : "ui-application-incomplete")}</td>
                  <td className={next?.state === "overdue" ? "field-error" : ""}>{next ? `${next.due} — ${t(`ui-application-state-${next.state}`)}` : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {current && <ApplicationDetail a={current} />}
      {formOpen && (
        <ApplicationForm
          onCancel={() => setFormOpen(false)}
          onSaved={(number) => {
            setFormOpen(false);
            setOpen(number);
          }}
        />
      )}
      <DisconnectionGrounds />
    </section>
  );
}

function ApplicationDetail({ a }: { a: ApplicationView }) {
  const { t } = useDesk();
  const [step, setStep] = useState<string>(APPLICATION_STEPS[0]);
  const [date, setDate] = useState("");
  const [note, setNote] = useState("");
  const record = useAction("commission_application_step", () => {
    setDate("");
    setNote("");
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate({ number: a.number, step, date, note });
  };
  return (
    <div className="application-detail" id="application-detail" data-number={a.number}>
      <h3>
        {t("ui-application-heading", { number: a.number, form: t(`ui-application-form-${a.form}`) })} — {a.fields.owner}
      </h3>
      {a.missing.length > 0 && (
        <>
          <h4>{t("ui-application-missing")}</h4>
          <ul id="application-missing">
            {a.missing.map((m) => (
              <li key={m.code} data-code={m.code}>
                {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {a.notes.map((n) => (
        <p key={n.code} className="paused" data-code={n.code}>
          {n.text}
        </p>
      ))}
      {a.clocks.length > 0 && (
        <table id="application-clocks">
          <thead>
            <tr>
              <th>{t("ui-application-col-duty")}</th>
              <th>{t("ui-application-col-from")}</th>
              <th>{t("ui-application-col-due")}</th>
              <th>{t("ui-application-col-done")}</th>
              <th>{t("ui-application-col-state")}</th>
            </tr>
          </thead>
          <tbody>
            {a.clocks.map((c) => (
              <tr key={c.duty} data-duty={c.duty} className={c.state === "overdue" ? "overdue-row" : ""}>
                <td>{c.text}</td>
                <td>{c.from}</td>
                <td className="due">{c.due}</td>
                <td>{c.done ?? "—"}</td>
                <td>{t(`ui-application-state-${c.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="actions left sign-form" id="step-form" onSubmit={submit}>
        <label>
          {t("ui-application-step")}
          <select id="step-kind" value={step} onChange={(e) => setStep(e.target.value)}>
            {APPLICATION_STEPS.map((s) => (
              <option key={s} value={s}>
                {t(`application-step-${kebab(s)}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ui-application-step-date")}
          <input id="step-date" placeholder={t("ui-date-placeholder")} value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t("ui-application-step-note")}
          <input id="step-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button id="step-save" type="submit" disabled={record.isPending}>
          {t("ui-application-step-save")}
        </button>
      </form>
      {record.error && (
        <p className="field-error banner" role="alert" id="step-error">
          {record.error.message}
        </p>
      )}
    </div>
  );
}

const FIELDS_FOR: Record<ApplicationFormKind, (keyof ApplicationFields)[]> = {
  // 003 App. 1 items 1–7 (item 8, the declaration, is the checkbox).
  test: ["owner", "bin_iin", "address", "platform", "licence", "location", "resource"],
  // 003 App. 2 items 1–4.
  production: ["owner", "bin_iin", "platform", "licence"],
};

function ApplicationForm({ onCancel, onSaved }: { onCancel: () => void; onSaved: (number: string) => void }) {
  const { settings, t } = useDesk();
  const [kind, setKind] = useState<ApplicationFormKind>("production");
  const [number, setNumber] = useState("");
  const [received, setReceived] = useState(settings.now_astana.slice(0, 10));
  const [fields, setFields] = useState<ApplicationFields>({ owner: "", bin_iin: "", address: "", platform: "", licence: "", location: "", resource: "", declaration: false });
  const [documents, setDocuments] = useState<ApplicationDocument[]>([]);
  const [infosecDate, setInfosecDate] = useState("");
  const [infosecPositive, setInfosecPositive] = useState(true);
  const save = useAction("commission_add_application", (v) => onSaved(v.number));
  const error = save.error;
  const fieldError = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const toggle = (d: ApplicationDocument) => setDocuments((x) => (x.includes(d) ? x.filter((y) => y !== d) : [...x, d]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ form: { number, form: kind, received, fields, documents, infosec_date: kind === "production" ? infosecDate : "", infosec_positive: infosecPositive } });
  };
  return (
    <Dialog onClose={onCancel}>
      <form className="dialog wide" id="application-form" onSubmit={submit} noValidate>
        <h2>{t("ui-application-new")}</h2>
        <div className="grid">
          <FieldBox f="application-kind" label={t("ui-application-form")}>
            <select id="f-application-kind" value={kind} onChange={(e) => setKind(e.target.value as ApplicationFormKind)}>
              {(["test", "production"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`ui-application-form-${k}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          <FieldBox f="application-number" label={t("ui-application-number")} error={fieldError("number")}>
            <input id="f-application-number" autoFocus value={number} onChange={(e) => setNumber(e.target.value)} />
          </FieldBox>
          <FieldBox f="application-received" label={t("ui-application-received")} error={fieldError("received")}>
            <input id="f-application-received" placeholder={t("ui-date-placeholder")} value={received} onChange={(e) => setReceived(e.target.value)} />
          </FieldBox>
          {FIELDS_FOR[kind].map((f) => (
            <FieldBox key={f} f={`application-${f}`} label={t(`ui-application-field-${kebab(f)}`)}>
              <input id={`f-application-${f}`} value={String(fields[f])} onChange={(e) => setFields({ ...fields, [f]: e.target.value })} />
            </FieldBox>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" id="f-application-declaration" checked={fields.declaration} onChange={(e) => setFields({ ...fields, declaration: e.target.checked })} />
          {t("ui-application-field-declaration")}
        </label>
        <h3>{t("ui-application-documents")}</h3>
        <ul className="plain">
          {APPLICATION_DOCUMENTS.filter((d) => kind === "production" || ["technical_specification", "non_disclosure_agreement", "functional_compliance"].includes(d)).map((d) => (
            <li key={d}>
              <label className="check">
                <input type="checkbox" id={`doc-${d}`} checked={documents.includes(d)} onChange={() => toggle(d)} />
                {t(`application-doc-${kebab(d)}`)}
              </label>
            </li>
          ))}
        </ul>
        {kind === "production" && (
          <div className="grid">
            <FieldBox f="infosec-date" label={t("ui-application-infosec-date")} hint={t("ui-application-infosec-hint")} error={fieldError("infosec_date")}>
              <input id="f-infosec-date" placeholder={t("ui-date-placeholder")} value={infosecDate} onChange={(e) => setInfosecDate(e.target.value)} />
            </FieldBox>
            <label className="check">
              <input type="checkbox" id="f-infosec-positive" checked={infosecPositive} onChange={(e) => setInfosecPositive(e.target.checked)} />
              {t("ui-application-infosec-positive")}
            </label>
          </div>
        )}
        {error && (
          <p className="field-error banner" id="application-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t("form-cancel")}
          </button>
          <button id="application-save" className="primary" type="submit" disabled={save.isPending}>
            {t("ui-application-save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Grounds to disconnect a platform the journal shows (003 App. 7 §47.3): confirmed
 * ETP-CC failures of one platform on more than 7 calendar days running, each with the
 * 5 WD the decision is due in (§48). Found by the app; the Commission decides. */
function DisconnectionGrounds() {
  const { t } = useDesk();
  const grounds = useCommand("commission_disconnection_grounds", { as_of: "" });
  return (
    <section id="disconnection-grounds">
      <h3>{t("commission-grounds-heading")}</h3>
      {grounds.error && (
        <p className="field-error banner" role="alert">
          {grounds.error.message}
        </p>
      )}
      {grounds.data && grounds.data.length === 0 && <p className="muted">{t("commission-grounds-none")}</p>}
      <ul>
        {(grounds.data ?? []).map((g) => (
          <li key={`${g.streak.platform}-${g.streak.from}`} className={g.overdue ? "field-error" : ""}>
            {g.text}
            {g.overdue && ` — ${t("commission-ground-overdue")}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
