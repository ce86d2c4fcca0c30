import { useT } from "../hooks/useDesk";
import { countdownInWords } from "../lib/time";

/** Time left until `due` in words (red when overdue, amber within 15 minutes). */
export function Countdown({ due, now }: { due: string; now: number }) {
  const t = useT();
  const r = countdownInWords(due, now, t);
  return <span className={r.overdue ? "countdown overdue" : r.minutes <= 15 ? "countdown soon" : "countdown"}>{r.text}</span>;
}
