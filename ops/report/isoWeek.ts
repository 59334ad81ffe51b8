/**
 * ISO 8601 weeks in UTC: weeks start on Monday, and week 1 is the week holding the year's
 * first Thursday (so 2026-W01 starts on Monday 2025-12-29). A year has 53 weeks when it
 * starts on a Thursday, or is a leap year starting on a Wednesday (2020, 2026).
 */

export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year around New Year. */
  readonly year: number;
  readonly week: number;
}

const DAY_MS = 86_400_000;
export const WEEK_SECONDS = 7 * 86_400;

export function parseIsoWeek(text: string): IsoWeek {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) throw new Error(`week "${text}" is not an ISO week such as 2026-W47`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const last = weeksInYear(year);
  if (week < 1 || week > last) throw new Error(`week "${text}" does not exist: ${year} has weeks W01 to W${last}`);
  return { year, week };
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${String(w.week).padStart(2, "0")}`;
}

/** Monday 00:00 UTC of week 1: the Monday on or before January 4th. */
function firstMondayMs(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const isoDay = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return jan4 - isoDay * DAY_MS;
}

export function weeksInYear(year: number): 52 | 53 {
  return Math.round((firstMondayMs(year + 1) - firstMondayMs(year)) / (7 * DAY_MS)) as 52 | 53;
}

/** Monday 00:00 UTC. */
export function weekStart(w: IsoWeek): Date {
  return new Date(firstMondayMs(w.year) + (w.week - 1) * 7 * DAY_MS);
}

/** The next Monday 00:00 UTC: the week is [start, end). */
export function weekEnd(w: IsoWeek): Date {
  return new Date(weekStart(w).getTime() + 7 * DAY_MS);
}

export function isoWeekOf(date: Date): IsoWeek {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  // The Thursday of the same ISO week decides the year.
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - firstMondayMs(year)) / (7 * DAY_MS)) + 1 };
}

export function addWeeks(w: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(new Date(weekStart(w).getTime() + n * 7 * DAY_MS));
}

/** `count` consecutive weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => addWeeks(last, i - count + 1));
}
