import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { FieldBox } from "../../components/FieldBox";
import { useAction } from "../../hooks/useCommand";
import { useT } from "../../hooks/useDesk";
import type { EventKind } from "../../lib/bindings";
import { astanaInput } from "../../lib/time";

/** Records that something happened at the time it really did (issue 19 item 1: default
 * now, editable, with a note), and guards the closing (item 2): with duties not done it
 * asks "3 duties are not done — close anyway?" and wants the reason. */
export function RecordEvent({ id, kind, notDone, onClose }: { id: string; kind: EventKind; notDone: number; onClose: () => void }) {
  const t = useT();
  const [at, setAt] = useState(() => astanaInput(Date.now()));
  const [note, setNote] = useState("");
  const record = useAction("record_action", onClose);
  const error = record.error;
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const guarded = kind === "closed" && notDone > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate({ id, form: { kind, at, note } });
  };
  return (
    <Dialog onClose={onClose}>
      <form className="dialog" id="event-dialog" data-kind={kind} onSubmit={submit} noValidate aria-labelledby="event-title"
        onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); onClose(); } }}>
        <h2 id="event-title">{t(`event-${kind}`)}</h2>
        {guarded && (
          <p className="banner warning" id="close-warning" role="alert">
            ⚠ {t("ui-close-anyway", { count: notDone })}
          </p>
        )}
        {kind === "closed" && !guarded && <p id="close-confirm">{t("ui-close-confirm")}</p>}
        <FieldBox f="event_at" label={t("field-event_at")} error={err("event_at")} hint={t("ui-event-at-hint")}>
          <input id="f-event_at" autoFocus value={at} onChange={(e) => setAt(e.target.value)} placeholder={t("ui-datetime-placeholder")} />
        </FieldBox>
        <FieldBox f={guarded ? "close_reason" : "note"} label={t(guarded ? "field-close_reason" : "field-note")} error={err("close_reason") ?? err("note")}>
          <textarea id={guarded ? "f-close_reason" : "f-note"} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </FieldBox>
        {error && (error.fields.length === 0 || err("event")) && (
          <p className="field-error" role="alert" id="event-error">
            {err("event") ?? error.message}
          </p>
        )}
        <div className="actions">
          <button id="event-cancel" type="button" onClick={onClose}>
            {t("form-cancel")}
          </button>
          <button id="event-save" className="primary" type="submit">
            {t(guarded ? "ui-close-anyway-save" : "ui-event-save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
