import { Countdown } from "../../components/Countdown";
import { useT } from "../../hooks/useDesk";
import type { EventKind, Obligation } from "../../lib/bindings";

/** One duty on the appeal's checklist: its clause, due instant and countdown, and the
 * action that meets it. */
export function ObligationItem({ o, now, onDone }: { o: Obligation; now: number; onDone?: (k: EventKind) => void }) {
  const t = useT();
  const pending = o.state === "pending";
  // A paused fix has no due (deadlines.md §3.9): it is never overdue.
  const overdue = pending && o.due !== null && Date.parse(o.due) < now;
  // A duty due again after a reclassification keeps its id with the round (§3.8).
  const dom = o.round !== null && o.round > 1 ? `${o.id}-${o.round}` : o.id;
  // Confirming or refuting is the triage form's job, not a tick box.
  const canTick = pending && o.met_by !== null && o.met_by !== "confirmed";
  return (
    <li id={`ob-${dom}`} data-state={o.state} className={overdue ? "overdue" : o.state}>
      <span className="ob-title">{t(`obligation-${o.id}`)}</span>
      <span className="clause">{o.clause}</span>
      <span className="due" id={`due-${dom}`}>
        {o.due_astana ?? ""}
      </span>
      {/* The clause's reading, worded by the app (deadlines.md §2–3): "immediately — within 15 min". */}
      <span className="reading muted" id={`reading-${dom}`}>
        {o.reading}
      </span>
      {pending && o.due !== null ? (
        <Countdown due={o.due} now={now} />
      ) : (
        <span className="state" id={`state-${dom}`}>
          {o.paused_left ?? t(`state-${o.state}`)}
        </span>
      )}
      {o.met_at_astana && (
        <span className="met muted" id={`met-${dom}`}>
          {o.met_at_astana}
        </span>
      )}
      {canTick && o.met_by && onDone && (
        <button id={`done-${dom}`} className="primary small" onClick={() => onDone(o.met_by as EventKind)}>
          ✓ {t("mark-done")}
        </button>
      )}
    </li>
  );
}
