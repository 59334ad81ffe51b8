/** A maintenance window's schedule in words, for the plan: "every Saturday 22:00-02:00 America/Los_Angeles (4h), from 2026-12-05". */
import type { Recurrence } from "./recurrence";
import { formatLocal, fromWallMs, instantToLocal, wallMs, type LocalDateTime } from "../time/zonedTime";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const weekday = (t: LocalDateTime) => WEEKDAYS[new Date(wallMs(t)).getUTCDay()]!;
const date = (t: LocalDateTime) => formatLocal(t).slice(0, 10);
const clock = (t: LocalDateTime) => formatLocal(t).slice(11);

/** 14400 -> "4h", 5400 -> "1h 30m", 172800 -> "2d". */
export function durationWords(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.round(seconds / 60);
  for (const [unit, minutes] of [["d", 1440], ["h", 60], ["m", 1]] as const) {
    if (rest >= minutes) parts.push(`${Math.floor(rest / minutes)}${unit}`);
    rest %= minutes;
  }
  return parts.join(" ") || "0m";
}

/** A one-off window: "Sat 2026-12-05 22:00 to Sun 2026-12-06 02:00 America/Los_Angeles (4h)", the length measured between the instants. */
export function describeOnce(start: number, end: number, zone: string): string {
  const [from, to] = [instantToLocal(start, zone), instantToLocal(end, zone)];
  const short = (t: LocalDateTime) => `${weekday(t).slice(0, 3)} ${date(t)} ${clock(t)}`;
  const until = date(from) === date(to) ? clock(to) : short(to);
  return `once, ${short(from)} to ${until} ${zone} (${durationWords((end - start) / 1000)})`;
}

/** A recurring window from its first occurrence's local start, its rule and each occurrence's length. */
export function describeRecurring(first: LocalDateTime, rule: Recurrence, seconds: number, zone: string): string {
  const every = rule.interval === 1 ? "every" : `every ${rule.interval}`;
  const plural = (unit: string) => (rule.interval === 1 ? unit : `${unit}s`);
  const when = {
    DAILY: rule.interval === 1 ? "every day" : `${every} days`,
    WEEKLY: rule.interval === 1 ? `every ${weekday(first)}` : `${every} weeks on ${weekday(first)}`,
    MONTHLY: `${every} ${plural("month")} on day ${first.day}`,
    YEARLY: `${every} ${plural("year")} on ${first.day} ${MONTHS[first.month - 1]}`,
  }[rule.freq];
  const end = fromWallMs(wallMs(first) + seconds * 1000);
  const hours = seconds < 86_400 ? `${clock(first)}-${clock(end)}` : `from ${clock(first)} for ${durationWords(seconds)}`;
  const bound = rule.count !== undefined ? `, ${rule.count} times` : rule.until !== undefined ? `, until ${formatLocal(fromWallMs(rule.until)).replace("T", " ")} UTC` : "";
  return `${when} ${hours} ${zone} (${durationWords(seconds)}), from ${date(first)}${bound}`;
}
