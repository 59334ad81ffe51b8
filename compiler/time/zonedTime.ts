/**
 * Local wall-clock times in an IANA time zone and the UTC instants they name, computed with
 * the runtime's own time-zone database (Intl), so no table is kept here.
 *
 * A local time that a daylight-saving change skips or repeats is read as RFC 5545 reads a
 * DATE-TIME with a TZID (section 3.3.5, https://www.rfc-editor.org/rfc/rfc5545#section-3.3.5):
 * a skipped time "is interpreted using the UTC offset before the gap" (02:30 on the spring-forward
 * night in Europe/Berlin is 01:30Z, which the clock shows as 03:30), and a repeated one "refers to
 * the first occurrence" (02:30 on the fall-back night is the earlier, summer-time 00:30Z).
 */

/** A date and time as the inventory writes it: `2026-03-29T02:30`, no seconds, no offset. */
export const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export interface LocalDateTime {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The parts of `2026-03-29T02:30`, or undefined when it is not a real calendar date and time. */
export function parseLocal(text: string): LocalDateTime | undefined {
  const m = LOCAL_DATE_TIME_PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) return undefined;
  return { year, month, day, hour, minute };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2026-03-29T02:30` */
export function formatLocal(t: LocalDateTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** The wall-clock time as if it were UTC: a plain number to do calendar arithmetic on. */
export const wallMs = (t: LocalDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);

export function fromWallMs(ms: number): LocalDateTime {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** True for an IANA name this runtime knows (Europe/Berlin, UTC); false for EST5EDT-style typos it rejects. */
export function isTimeZoneName(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `zone` at a UTC instant. */
export function instantToLocal(instant: number, zone: string): LocalDateTime {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** Minutes `zone` is ahead of UTC at an instant (Europe/Berlin in summer: 120). */
export function offsetMinutes(instant: number, zone: string): number {
  const wholeMinute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  return (wallMs(instantToLocal(wholeMinute, zone)) - wholeMinute) / MINUTE_MS;
}

/** The UTC instant (epoch milliseconds) a local time in `zone` names, RFC 5545 section 3.3.5 (see the top of this file). */
export function localToInstant(local: LocalDateTime, zone: string): number {
  const wall = wallMs(local);
  // Offsets in force a day and a half either side: every zone changes its offset at most once in that span.
  const before = offsetMinutes(wall - 36 * HOUR_MS, zone);
  const after = offsetMinutes(wall + 36 * HOUR_MS, zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wallMs(instantToLocal(instant, zone)) === wall)
    .sort((a, b) => a - b);
  // Repeated: the first occurrence. Skipped: the offset before the gap.
  return candidates[0] ?? wall - before * MINUTE_MS;
}

/** `2026-03-29T01:30:00Z`: what Datadog's one-time downtime schedule takes ("Must include a UTC offset of zero"). */
export function isoUtc(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19)}Z`;
}
