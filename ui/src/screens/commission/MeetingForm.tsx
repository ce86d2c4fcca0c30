import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { PROPOSAL_KINDS, type Proposal } from "../../lib/bindings";
import { proposalLabel } from "./labels";

type Row = { title: string; kind: Proposal["kind"]; reasons: string };

function proposal(r: Row): Proposal {
  return r.kind === "refuse" ? { kind: "refuse", reasons: r.reasons } : { kind: r.kind };
}

function today(): string {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, "0")}.${String(d.getMonth() + 1).padStart(2, "0")}.${d.getFullYear()}`;
}

/** Setting up a meeting: number, date, time, place and the agenda, each item with what it
 * puts to the vote (003 §7; a refusal carries its reasons, §7.3). */
export function MeetingForm({ suggested, onCancel, onSaved }: { suggested: string; onCancel: () => void; onSaved: (number: string) => void }) {
  const { t } = useDesk();
  const [number, setNumber] = useState(suggested);
  const [date, setDate] = useState(today);
  const [time, setTime] = useState("10:00");
  const [place, setPlace] = useState("");
  const [rows, setRows] = useState<Row[]>([{ title: "", kind: "test", reasons: "" }]);
  const save = useAction("commission_new_meeting", (m) => onSaved(m.number));
  const error = save.error;
  const fieldError = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const set = (i: number, patch: Partial<Row>) => setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ form: { number, date, time, place, agenda: rows.map((r) => ({ title: r.title, proposal: proposal(r) })) } });
  };
  return (
    <Dialog onClose={onCancel}>
      <form className="dialog wide" id="meeting-form" onSubmit={submit} noValidate>
        <h2>{t("ui-commission-meeting-new")}</h2>
        <div className="grid">
          <FieldBox f="meeting-number" label={t("ui-commission-meeting-number")} error={fieldError("number")}>
            <input id="f-meeting-number" value={number} onChange={(e) => setNumber(e.target.value)} />
          </FieldBox>
          <FieldBox f="meeting-place" label={t("ui-commission-meeting-place")} error={fieldError("place")}>
            <input id="f-meeting-place" autoFocus value={place} onChange={(e) => setPlace(e.target.value)} />
          </FieldBox>
          <FieldBox f="meeting-date" label={t("ui-commission-meeting-date")} error={fieldError("date")}>
            <input id="f-meeting-date" placeholder={t("ui-date-placeholder")} value={date} onChange={(e) => setDate(e.target.value)} />
          </FieldBox>
          <FieldBox f="meeting-time" label={t("ui-commission-meeting-time")} error={fieldError("time")}>
            <input id="f-meeting-time" placeholder="10:00" value={time} onChange={(e) => setTime(e.target.value)} />
          </FieldBox>
        </div>
        <h3>{t("ui-commission-agenda")}</h3>
        {rows.map((r, i) => (
          <div className="agenda-row" key={i}>
            <input id={`f-item-${i}-title`} aria-label={t("ui-commission-item-title")} placeholder={t("ui-commission-item-title")} value={r.title} onChange={(e) => set(i, { title: e.target.value })} />
            <select id={`f-item-${i}-kind`} aria-label={t("ui-commission-item-proposal")} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as Proposal["kind"] })}>
              {PROPOSAL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {proposalLabel(k, t)}
                </option>
              ))}
            </select>
            <button type="button" className="small" aria-label={t("ui-commission-item-remove")} title={t("ui-commission-item-remove")} disabled={rows.length === 1} onClick={() => setRows((x) => x.filter((_, j) => j !== i))}>
              ✕
            </button>
            {r.kind === "refuse" && (
              <textarea id={`f-item-${i}-reasons`} aria-label={t("ui-commission-item-reasons")} placeholder={t("ui-commission-item-reasons")} rows={2} value={r.reasons} onChange={(e) => set(i, { reasons: e.target.value })} />
            )}
          </div>
        ))}
        <div className="actions left">
          <button type="button" id="item-add" onClick={() => setRows((x) => [...x, { title: "", kind: "other", reasons: "" }])}>
            + {t("ui-commission-item-add")}
          </button>
        </div>
        {error && (
          <p className="field-error banner" id="meeting-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t("form-cancel")}
          </button>
          <button id="meeting-save" className="primary" type="submit" disabled={save.isPending}>
            {t("ui-commission-meeting-save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
