import { useEffect, useState } from "react";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { MeetingView } from "../../lib/bindings";
import { ItemPanel } from "./ItemPanel";
import { ProtocolPanel } from "./ProtocolPanel";

/** One meeting: the roll call and quorum (003 §8, §10), each item's votes with the live
 * count and the decision (§13, §16–17), then the protocol and its signatures (§14). */
export function MeetingPage({ number, onBack }: { number: string; onBack: () => void }) {
  const { t } = useDesk();
  const meeting = useCommand("commission_meeting", { number });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);
  const m = meeting.data;
  return (
    <main className="appeal-page" id="meeting-page" data-number={number}>
      <div className="appeal-head">
        <button id="meeting-back" onClick={onBack}>
          ← {t("ui-commission-back")} <kbd>Esc</kbd>
        </button>
        <h2 id="meeting-heading">
          {t("ui-commission-meeting-heading", { number })}
          {m && ` — ${m.date.split("-").reverse().join(".")} ${m.time}, ${m.place}`}
        </h2>
      </div>
      {meeting.error && (
        <p className="field-error banner" role="alert">
          {meeting.error.message}
        </p>
      )}
      {m && (
        <div className="meeting-layout">
          <Notice number={m.number} />
          <Attendance m={m} />
          {m.items.map((item) => (
            <ItemPanel key={item.n} m={m} item={item} />
          ))}
          <ProtocolPanel m={m} />
        </div>
      )}
    </main>
  );
}

function Attendance({ m }: { m: MeetingView }) {
  const { t } = useDesk();
  const members = m.composition.members;
  const [present, setPresent] = useState<string[]>(() => members.map((x) => x.id));
  const [acting, setActing] = useState("");
  const attend = useAction("commission_attend");
  const chair = members.find((x) => x.role === "chair");
  const chairAbsent = chair !== undefined && !present.includes(chair.id);
  const toggle = (id: string) => setPresent((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <section id="attendance">
      <h3>{t("ui-commission-attendance")}</h3>
      <p className="muted">{t("ui-commission-composition-order-short", { order: m.composition.order_number, date: m.composition.order_date.split("-").reverse().join(".") })}</p>
      {m.present === null ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          attend.mutate({ number: m.number, present, acting_chair: chairAbsent && acting ? acting : null });
        }}>
          <ul className="plain">
            {members.map((x) => (
              <li key={x.id}>
                <label className="check">
                  <input type="checkbox" id={`present-${x.id}`} checked={present.includes(x.id)} onChange={() => toggle(x.id)} />
                  {x.name}
                  {x.role === "chair" && <span className="muted"> — {t("doc-letter-protocol-role-chair")}</span>}
                </label>
              </li>
            ))}
          </ul>
          {chairAbsent && (
            <label>
              {t("ui-commission-acting-chair")}{" "}
              <select id="acting-chair" value={acting} onChange={(e) => setActing(e.target.value)}>
                <option value="">—</option>
                {members.filter((x) => present.includes(x.id)).map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted" id="quorum-hint">
            {t("ui-commission-quorum-line", { present: present.length, total: members.length, quorum: m.quorum })}
          </p>
          {attend.error && (
            <p className="field-error banner" id="attendance-error" role="alert">
              {attend.error.message}
            </p>
          )}
          <div className="actions left">
            <button id="attendance-save" className="primary" type="submit" disabled={attend.isPending}>
              {t("ui-commission-attendance-save")}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p id="quorum" className={m.has_quorum ? "ok" : "field-error"}>
            {t(m.has_quorum ? "ui-commission-quorum-yes" : "ui-commission-quorum-no", { present: m.present.length, total: members.length, quorum: m.quorum })}
          </p>
          <p id="present-list">
            {members.map((x) => (m.present?.includes(x.id) ? x.name : null)).filter(Boolean).join(", ")}
            {m.acting_chair && ` · ${t("ui-commission-acting-chair")}: ${members.find((x) => x.id === m.acting_chair)?.name ?? ""}`}
          </p>
        </>
      )}
    </section>
  );
}

/** 003 §23: the members are told the agenda, date and time in advance. */
function Notice({ number }: { number: string }) {
  const { t } = useDesk();
  const notice = useAction("commission_notice_file");
  return (
    <div className="actions left" id="notice">
      <button id="notice-make" disabled={notice.isPending} onClick={() => notice.mutate({ number })}>
        {t("ui-commission-notice")}
      </button>
      {notice.data && (
        <span className="ok" id="notice-done">
          {notice.data.message}
        </span>
      )}
      {notice.error && (
        <span className="field-error" role="alert" id="notice-error">
          {notice.error.message}
        </span>
      )}
    </div>
  );
}
