import { useT } from "../../hooks/useDesk";
import type { DailyReport, DailyRow } from "../../lib/bindings";

/** The daily analysis (002 §43, 000 §33): each failure of the day as it stood at the
 * day's end, the counts, and the refuted appeals apart (they are not failures, 002 §32). */
export function DailyReportTable({ report }: { report: DailyReport }) {
  const t = useT();
  const c = report.totals;
  return (
    <div id="daily-report-view">
      <table id="daily-report">
        <caption>
          {t("report-daily-title", { date: report.date })}
          <br />
          <small>{t("daily-as-at", { date: report.date })}</small>
        </caption>
        <DailyHead />
        <tbody>
          {report.appeals.map((a) => (
            <DailyLine key={a.number} row={a} />
          ))}
        </tbody>
      </table>
      <p id="daily-counts">
        {t("doc-report-daily-counts", {
          count: c.received,
          confirmed: c.confirmed,
          fixed: c.fixed,
          open: c.open,
          overdue: c.overdue,
        })}
      </p>
      {report.refuted.length === 0 ? (
        <p>{t("doc-report-daily-refuted-none")}</p>
      ) : (
        <table id="daily-refuted">
          <caption>{t("daily-refuted-heading")}</caption>
          <DailyHead />
          <tbody>
            {report.refuted.map((a) => (
              <DailyLine key={a.number} row={a} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function DailyHead() {
  const t = useT();
  return (
    <thead>
      <tr>
        <th>{t("col-number")}</th>
        <th>{t("col-organisation")}</th>
        <th>{t("col-status")}</th>
        <th>{t("overdue")}</th>
      </tr>
    </thead>
  );
}

function DailyLine({ row: a }: { row: DailyRow }) {
  const t = useT();
  return (
    <tr className={a.overdue.length ? "overdue-row" : ""}>
      <td>{a.number}</td>
      <td>{a.organisation}</td>
      <td>
        {t(`status-${a.status}`)}
        {a.criticality && ` · ${t(`criticality-${a.criticality}`)}`}
      </td>
      <td>{a.overdue.map((o) => t(`obligation-${o}`)).join("; ")}</td>
    </tr>
  );
}
