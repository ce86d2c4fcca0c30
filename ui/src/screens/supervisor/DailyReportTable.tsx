import { useT } from "../../hooks/useDesk";
import type { DailyReport } from "../../lib/bindings";

/** The daily analysis of appeals (002 §43): each appeal's state and the duties it missed. */
export function DailyReportTable({ report }: { report: DailyReport }) {
  const t = useT();
  return (
    <table id="daily-report">
      <caption>{t("report-daily-title", { date: report.date })}</caption>
      <thead>
        <tr>
          <th>{t("col-number")}</th>
          <th>{t("col-organisation")}</th>
          <th>{t("col-status")}</th>
          <th>{t("overdue")}</th>
        </tr>
      </thead>
      <tbody>
        {report.appeals.map((a) => (
          <tr key={a.number} className={a.overdue.length ? "overdue-row" : ""}>
            <td>{a.number}</td>
            <td>{a.organisation}</td>
            <td>
              {t(`status-${a.status}`)}
              {a.criticality && ` · ${t(`criticality-${a.criticality}`)}`}
            </td>
            <td>{a.overdue.map((o) => t(`obligation-${o}`)).join("; ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
