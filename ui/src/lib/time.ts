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

// An instant as the forms take it: Astana time, "DD.MM.YYYY HH:MM" (the CLI's `--at`).
// Kazakhstan keeps UTC+5 since 1 March 2024; the fixed offset is used because the window's
// own time-zone data may predate that change (WebKitGTK then shows Almaty at UTC+6), and
// the defaults this formats are "now", never a time before it.
const ASTANA_OFFSET_MS = 5 * 3600_000;
export function astanaInput(ms: number): string {
  const d = new Date(ms + ASTANA_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

type Translate = (id: string, args?: Record<string, string | number>) => string;

// A length in words, as people say it (issue 19 item 4): "2 d 4 h" past a day, "9 h 32 min"
// past an hour, "32 min" under one; the two largest units only, a zero unit left out.
export function lengthInWords(totalMin: number, t: Translate): string {
  const days = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const unit = (id: string, n: number) => t(id, { n });
  if (days > 0) return [unit("ui-length-d", days), h > 0 ? unit("ui-length-h", h) : ""].filter(Boolean).join(" ");
  if (h > 0) return [unit("ui-length-h", h), m > 0 ? unit("ui-length-min", m) : ""].filter(Boolean).join(" ");
  return unit("ui-length-min", m);
}

// "9 h 32 min left" / "overdue by 2 d 4 h", in the window's language.
export function countdownInWords(due: string, now: number, t: Translate): { overdue: boolean; text: string; minutes: number } {
  const r = remaining(due, now);
  const totalMin = Math.floor(Math.abs(Date.parse(due) - now) / 60000);
  const time = lengthInWords(totalMin, t);
  return { overdue: r.overdue, minutes: r.minutes, text: r.overdue ? t("overdue-by", { time }) : t("due-in", { time }) };
}
