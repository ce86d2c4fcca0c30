// Countdown text for a due instant: "02:15", "1 дн. 03:05", "−00:20" when overdue.
export function remaining(due: string, now: number): { overdue: boolean; text: string; minutes: number } {
  const ms = Date.parse(due) - now;
  const overdue = ms < 0;
  const totalMin = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const hhmm = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return { overdue, minutes: Math.round(ms / 60000), text: days > 0 ? `${days}\u00a0{d} ${hhmm}` : hhmm };
}
