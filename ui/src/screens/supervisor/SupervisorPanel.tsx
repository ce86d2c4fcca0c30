import { useState } from "react";
import { Dialog } from "../../components/Dialog";
import { useAction, useCommand } from "../../hooks/useCommand";
import type { AuditStatus, DailyReport } from "../../lib/bindings";
import { useT } from "../../hooks/useDesk";
import { ExtractForm } from "../documents/ExtractForm";
import { ProtocolForm } from "../documents/ProtocolForm";
import { YearlyForm } from "../documents/YearlyForm";
import { DailyReportTable } from "./DailyReportTable";
import { MaintenanceForm } from "./MaintenanceForm";
import { SupportHoursForm } from "./SupportHoursForm";

/** The supervisor's tools: the audit chain check, the daily analysis (002 §43) and the
 * documents made for a period. */
export function SupervisorPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [auditResult, setAudit] = useState<AuditStatus | null>(null);
  const [report, setReport] = useState<DailyReport | null>(null);
  const audit = useAction("audit_status", setAudit);
  // The check of a large journal takes minutes: while it runs, where it is.
  const progress = useCommand("check_progress", {}, { enabled: audit.isPending, refetchInterval: 500 });
  const running = audit.isPending ? progress.data : null;
  const daily = useAction("daily_report", setReport);
  const yesterday = new Date(Date.now() - 86_400_000 + 5 * 3_600_000).toISOString().slice(0, 10);
  const [date, setDate] = useState(yesterday);
  // One answer line for both checks: the latest.
  const error = audit.error ?? daily.error;
  return (
    <Dialog onClose={onClose}>
      <div className="dialog wide" id="supervisor-panel">
        <h2>{t("supervisor")}</h2>
        <div className="actions left">
          <button id="sup-verify" className="primary" disabled={audit.isPending} aria-busy={audit.isPending} onClick={() => {
            daily.reset();
            setAudit(null);
            audit.mutate({});
          }}>
            {audit.isPending && <span className="spinner" aria-hidden="true" />} {t("sup-verify")}
          </button>
          {running && (
            <span id="check-progress" role="status">
              <progress max={100} value={running.percent} />{" "}
              {t("ui-check-progress", { stage: running.stage, step: running.step, steps: running.steps, percent: running.percent })}
            </span>
          )}
          {auditResult && (
            <span id="audit-result" className={auditResult.intact ? "ok" : "field-error"}>
              {auditResult.intact ? "✓" : "✗"} {auditResult.message}
            </span>
          )}
        </div>
        <h3>{t("sup-daily")}</h3>
        <div className="actions left">
          <input id="daily-date" className="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <button id="daily-build" onClick={() => {
            audit.reset();
            daily.mutate({ date });
          }}>
            {t("sup-build")}
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        {report && <DailyReportTable report={report} />}
        <SupportHoursForm />
        <MaintenanceForm />
        <ExtractForm />
        <YearlyForm />
        <ProtocolForm />
        <div className="actions">
          <button id="sup-close" onClick={onClose}>
            {t("close")} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </Dialog>
  );
}
