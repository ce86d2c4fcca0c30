import { useT } from "../hooks/useDesk";
import { remaining } from "../lib/time";

/** Time left until `due` (red when overdue, amber within 15 minutes). */
export function Countdown({ due, now }: { due: string; now: number }) {
  const t = useT();
  const r = remaining(due, now);
  const text = r.text.replace("{d}", t("unit-days"));
  return (
    <span className={r.overdue ? "countdown overdue" : r.minutes <= 15 ? "countdown soon" : "countdown"}>
      {r.overdue ? t("overdue-by", { time: text }) : t("due-in", { time: text })}
    </span>
  );
}
