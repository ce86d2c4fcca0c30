import { useEffect, useState } from "react";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { useNow } from "../../hooks/useNow";
import { RecordSyncBadge } from "../../components/RecordSyncBadge";
import { PORTAL_RULE_SETS, PORTALS, type EventKind, type RuleSet } from "../../lib/bindings";

/** The portal a rule set governs (the generated table, 000 §1, 002 §1, 003 §1, 004 §1). */
const portalOf = (rules: RuleSet) => PORTALS.find((p) => (PORTAL_RULE_SETS[p] as readonly RuleSet[]).includes(rules));
import { LetterPanel } from "../documents/LetterPanel";
import { Correction } from "./Correction";
import { ExtendDecision } from "./ExtendDecision";
import { Extensions } from "./Extensions";
import { ObligationItem } from "./ObligationItem";
import { Reclassify } from "./Reclassify";
import { RecordEvent } from "./RecordEvent";
import { Reopen } from "./Reopen";
import { Triage } from "./Triage";

const EXTRA_ACTIONS: EventKind[] = ["info_requested", "info_received", "closed"];

/** One appeal: its clocks as a checklist, the specialist's triage, events and history. */
export function AppealPage({ id, onBack, onConflicts }: { id: string; onBack: () => void; onConflicts: () => void }) {
  const { settings, t } = useDesk();
  const role = settings.role;
  const [linkTo, setLinkTo] = useState("");
  // The event being recorded in its dialog (time, note; the closing's guard).
  const [recording, setRecording] = useState<EventKind | null>(null);
  const now = useNow(5_000);
  const { data: detail, error: loadError } = useCommand("appeal_detail", { id });
  const link = useAction("link");
  useEffect(() => {
    // Esc while typing stays on the page (issue 19 item 9): a stray key loses nothing.
    const typing = (t: EventTarget | null) => t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !typing(e.target) && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);

  const act = (kind: EventKind) => {
    link.reset();
    setRecording(kind);
  };
  const error = link.error ?? loadError;

  if (!detail) return <main className="loading">{loadError?.message ?? t("loading")}</main>;
  const a = detail.appeal;
  const mayTriage = role !== "operator";
  const closed = a.status === "closed";
  const notDone = detail.obligations.filter((o) => o.state === "pending" || o.state === "paused").length;

  return (
    <main className="appeal-page" id="appeal-page">
      <div className="appeal-head">
        <button id="back" onClick={onBack}>
          ← {t("back")} <kbd>Esc</kbd>
        </button>
        <h2 id="appeal-number">{a.number}</h2>
        <span id="appeal-status" className={`badge status-${a.status}`}>
          {t(`status-${a.status}`)}
          {a.criticality && ` · ${t(`criticality-${a.criticality}`)}`}
        </span>
        <span className="muted" id="appeal-rules">
          {portalOf(a.rule_set) && `${t(`portal-${portalOf(a.rule_set)}`)} · `}
          {t(`ruleset-${a.rule_set}`)}
        </span>
        <RecordSyncBadge id={id} onConflicts={onConflicts} />
      </div>
      {error && (
        <p className="field-error banner" role="alert" id="page-error">
          {error.message}
        </p>
      )}
      {detail.late_report && (
        // 000 §15.1, 002 §28.1, 001 §6.1, 004 §25: a flag, not a refusal.
        <p className="banner warning" role="status" id="late-report">
          ⚠ {detail.late_report.message}
        </p>
      )}
      {detail.level_warning && (
        // 004 §23.3: out of working time an ENERGY-366 failure is low; a flag, not a refusal.
        <p className="banner warning" role="status" id="level-warning">
          ⚠ {detail.level_warning}
        </p>
      )}
      {detail.edition_notes.map((n, i) => (
        // The wording in force on the day of receipt is not in the material (000 §16, §17,
        // §32 re-worded by Order No. 297): what the clocks were computed on instead.
        <p key={i} className="banner warning" role="status" id={`edition-note-${i}`}>
          ⚠ {n}
        </p>
      ))}
      <div className="columns">
        <section>
          <dl className="facts">
            <dt>{t("field-organisation")}</dt>
            <dd>{a.organisation}</dd>
            <dt>{t("field-bin_iin")}</dt>
            <dd>{a.bin_iin}</dd>
            <dt>{t("field-received_at")}</dt>
            <dd>{a.received_at_astana}</dd>
            <dt>{t("field-channel")}</dt>
            <dd>
              {t(`channel-${a.channel}`)} · {t(`source-${a.source}`)}
            </dd>
            <dt>{t("field-contact")}</dt>
            <dd>{[a.contact, a.contact_person, a.email, a.phone].filter(Boolean).join(" · ")}</dd>
            <dt>{t("field-description")}</dt>
            <dd className="pre">{a.description}</dd>
            {(a.announcements || a.lots) && (
              <>
                <dt>{t("field-announcements")}</dt>
                <dd>
                  {a.announcements} {a.lots && `· ${t("field-lots")}: ${a.lots}`}
                </dd>
              </>
            )}
            {a.decision && (
              <>
                <dt>{t("field-decision")}</dt>
                <dd id="appeal-decision">{a.decision}</dd>
              </>
            )}
            {a.failure_type && (
              <>
                <dt>{t("field-failure_type")}</dt>
                <dd>{t(`failure-${a.failure_type}`)}</dd>
              </>
            )}
            <dt>{t("field-linked_to")}</dt>
            <dd>
              {a.linked_to ?? (closed ? "—" : (
                <span className="inline">
                  <input id="link-to" placeholder="AST1-2026-000001" value={linkTo} onChange={(e) => setLinkTo(e.target.value)} />
                  <button id="link-save" onClick={() => {
                    link.mutate({ id, number: linkTo });
                  }}>
                    {t("link-action")}
                  </button>
                </span>
              ))}
            </dd>
          </dl>
          {a.status === "registered" && mayTriage && <Triage id={id} />}
          {a.status === "registered" && mayTriage && a.rule_set === "ETP-CC" && <ExtendDecision id={id} />}
          {a.status === "refuted" && mayTriage && <Triage id={id} reverses />}
          {(a.status === "confirmed" || a.status === "fixed") && mayTriage && <Reclassify id={id} />}
          {!closed && mayTriage && (a.criticality === "medium" || a.criticality === "high") && <Extensions id={id} detail={detail} />}
          {a.status === "closed" && mayTriage && <Reopen id={id} />}
          {!closed && role === "supervisor" && <Correction id={id} />}
          <LetterPanel number={a.number} status={a.status} criticality={a.criticality} ruleSet={a.rule_set} />
        </section>

        <section>
          <h3>{t("obligations-title")}</h3>
          {detail.clocks_error && (
            <p className="clocks-error" id="clocks-error" role="alert">
              {detail.clocks_error}
            </p>
          )}
          {detail.paused && (
            <p className="paused" id="paused">
              ⏸ {t("paused")}
            </p>
          )}
          <ul className="checklist" id="obligations">
            {detail.obligations.map((o) => (
              <ObligationItem key={`${o.id}-${o.round ?? 1}`} o={o} now={now} onDone={closed ? undefined : act} />
            ))}
          </ul>
          <div className="actions left">
            {/* A closed appeal takes no event until it is reopened (issue 11). */}
            {/* Issue 19 item 1: "fixed" on every confirmed failure, even one whose rules set it no clock. */}
            {a.status === "confirmed" && !detail.obligations.some((o) => o.met_by === "fixed" && o.state === "pending") && (
              <button id="act-fixed" onClick={() => act("fixed")}>
                {t("event-fixed")}
              </button>
            )}
            {!closed && EXTRA_ACTIONS.filter((k) => k !== "closed" || mayTriage).map((k) => (
              <button key={k} id={`act-${k}`} onClick={() => act(k)}>
                {t(`event-${k}`)}
              </button>
            ))}
          </div>
          <h3>{t("ui-support-hours-title")}</h3>
          {/* Which hours the clocks used (000 §15, 002 §28), worded by the app. */}
          <ul className="muted" id="support-hours-applied">
            {detail.support_hours.map((h, i) => (
              <li key={i}>{h}</li>
            ))}
          </ul>
          {detail.mails.length > 0 && (
            <>
              <h3>{t("ui-outbox-title")}</h3>
              {/* Issue 18: a failed e-mail is the operator's to see here, with the server's answer. */}
              <ul className="appeal-mails" id="appeal-mails">
                {detail.mails.map((m) => (
                  <li key={m.id} data-state={m.state} className={m.state === "failed" || m.state === "uncertain" ? "overdue" : undefined}>
                    <strong>{m.state_label}</strong> {m.state_at_astana ?? ""} · {m.kind_label} · {m.to.join(", ")}
                    {(m.state === "failed" || m.state === "retry") && m.detail && <div className="field-error">{m.detail}</div>}
                    {m.state === "uncertain" && <div className="field-error">{t("ui-outbox-uncertain")}</div>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t("history-title")}</h3>
          <ol className="history" id="history">
            {detail.history.map((h, i) => (
              <li key={i}>
                <span className="muted">
                  {h.at_astana} · {h.actor}
                </span>{" "}
                <strong>{h.action}</strong>
                <pre>{h.changes}</pre>
              </li>
            ))}
          </ol>
        </section>
      </div>
      {recording && <RecordEvent id={id} kind={recording} notDone={notDone} onClose={() => setRecording(null)} />}
    </main>
  );
}
