import { useEffect, useState } from "react";
import { useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { ApplicationsPanel } from "./ApplicationsPanel";
import { CompositionPanel } from "./CompositionPanel";
import { MeetingForm } from "./MeetingForm";
import { MeetingPage } from "./MeetingPage";

/** The Commission for trading platforms (003 ch. 3–4): its meetings, newest first, and
 * the composition approved by order; a meeting opens on its own page. */
export function CommissionScreen({ onBack }: { onBack: () => void }) {
  const { t } = useDesk();
  const meetings = useCommand("commission_meetings", {});
  const [open, setOpen] = useState<string | null>(null);
  const [tab, setTab] = useState<"meetings" | "applications" | "composition">("meetings");
  const [formOpen, setFormOpen] = useState(false);
  useEffect(() => {
    if (open || formOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack, open, formOpen]);

  if (open) return <MeetingPage number={open} onBack={() => setOpen(null)} />;
  const list = meetings.data ?? [];
  return (
    <main className="appeal-page" id="commission-page">
      <div className="appeal-head">
        <button id="commission-back" onClick={onBack}>
          ← {t("back")} <kbd>Esc</kbd>
        </button>
        <h2>{t("ui-commission-title")}</h2>
      </div>
      <div className="tabs" role="tablist">
        <button role="tab" id="tab-meetings" aria-selected={tab === "meetings"} className={tab === "meetings" ? "selected" : ""} onClick={() => setTab("meetings")}>
          {t("ui-commission-meetings")}
        </button>
        <button role="tab" id="tab-applications" aria-selected={tab === "applications"} className={tab === "applications" ? "selected" : ""} onClick={() => setTab("applications")}>
          {t("ui-commission-applications")}
        </button>
        <button role="tab" id="tab-composition" aria-selected={tab === "composition"} className={tab === "composition" ? "selected" : ""} onClick={() => setTab("composition")}>
          {t("ui-commission-composition")}
        </button>
      </div>
      {meetings.error && (
        <p className="field-error banner" role="alert">
          {meetings.error.message}
        </p>
      )}
      {tab === "composition" ? (
        <CompositionPanel />
      ) : tab === "applications" ? (
        <ApplicationsPanel />
      ) : (
        <section>
          <div className="actions left">
            <button id="meeting-new" className="primary" onClick={() => setFormOpen(true)}>
              {t("ui-commission-meeting-new")}
            </button>
          </div>
          {meetings.data && list.length === 0 && (
            <p className="muted" id="meetings-none">
              {t("ui-commission-meetings-none")}
            </p>
          )}
          {list.length > 0 && (
            <table id="meetings">
              <thead>
                <tr>
                  <th>{t("ui-commission-meeting-number")}</th>
                  <th>{t("ui-commission-meeting-when")}</th>
                  <th>{t("ui-commission-meeting-place")}</th>
                  <th>{t("ui-commission-agenda")}</th>
                  <th>{t("ui-commission-protocol")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => {
                  const p = m.protocol;
                  const signed = p ? p.signers.filter((s) => s.signed_at).length : 0;
                  return (
                    <tr key={m.number} tabIndex={0} data-number={m.number} onClick={() => setOpen(m.number)} onKeyDown={(e) => e.key === "Enter" && setOpen(m.number)}>
                      <td>{m.number}</td>
                      <td>
                        {m.date.split("-").reverse().join(".")} {m.time}
                      </td>
                      <td>{m.place}</td>
                      <td>{m.items.map((i) => i.title).join("; ")}</td>
                      <td>
                        {p
                          ? t("ui-commission-protocol-signatures", { signed, total: p.signers.length }) + (p.late ? ` · ${t("ui-commission-protocol-late")}` : "")
                          : t("ui-commission-protocol-none")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
      {formOpen && (
        <MeetingForm
          suggested={String(list.length + 1)}
          onCancel={() => setFormOpen(false)}
          onSaved={(number) => {
            setFormOpen(false);
            setOpen(number);
          }}
        />
      )}
    </main>
  );
}
