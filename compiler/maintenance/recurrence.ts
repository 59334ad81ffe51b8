/**
 * The RRULE subset a recurring maintenance window may use: the rules both of its Datadog
 * resources accept, so one rule goes to both unchanged.
 *
 * - Downtime schedules take "most common rrule options from the iCalendar spec", but not
 *   "attributes specifying the duration in RRULE (for example, DTSTART, DTEND, DURATION)"
 *   (provider docs, @pulumi/datadog DowntimeScheduleRecurringScheduleRecurrence.rrule; Datadog API,
 *   https://docs.datadoghq.com/api/latest/downtimes/).
 * - SLO corrections: "Supported rules for SLO corrections are FREQ, INTERVAL, COUNT and UNTIL"
 *   (provider docs, @pulumi/datadog SloCorrectionArgs.rrule, v5.11). Datadog's API page now also
 *   lists BYDAY (https://docs.datadoghq.com/api/latest/service-level-objective-corrections/); the
 *   provider's narrower list is kept, as the conservative documented form.
 *
 * So: FREQ (DAILY, WEEKLY, MONTHLY or YEARLY), INTERVAL, and COUNT or UNTIL. The day and time of
 * each occurrence come from the window's `start` (RFC 5545 section 3.3.10: parts a rule leaves out
 * are taken from DTSTART), so "every Sunday" is FREQ=WEEKLY with a start on a Sunday.
 */
import { fromWallMs, localToInstant, wallMs, type LocalDateTime } from "../time/zonedTime";

export const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Recurrence {
  readonly freq: Frequency;
  /** Every `interval` days, weeks, months or years; 1 unless set. */
  readonly interval: number;
  /** How many occurrences in all, the first included. */
  readonly count?: number;
  /** No occurrence starts after this UTC instant (epoch milliseconds). */
  readonly until?: number;
}

/** Why a rule is refused, and where in its text (a 0-based offset). */
export interface RecurrenceProblem {
  readonly problem: string;
  readonly offset: number;
}

export type ParsedRecurrence = { readonly rule: Recurrence } | RecurrenceProblem;

const DURATION_PARTS = new Set(["DTSTART", "DTEND", "DURATION"]);
const FROM_START = new Set(["BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO", "BYSETPOS", "WKST"]);
const UNTIL_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** A generous bound on INTERVAL and COUNT: beyond it the rule is a typo, not maintenance. */
const MAX_NUMBER = 1000;

export function parseRecurrence(text: string): ParsedRecurrence {
  if (/^RRULE:/i.test(text)) return { problem: 'write the rule without the "RRULE:" prefix, such as FREQ=WEEKLY', offset: 0 };
  const seen = new Map<string, string>();
  let offset = 0;
  for (const part of text.split(";")) {
    const at = offset;
    offset += part.length + 1;
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toUpperCase();
    const value = eq === -1 ? "" : part.slice(eq + 1).trim().toUpperCase();
    if (!name || eq === -1 || !value) return { problem: `"${part}" is not a rule part; write NAME=VALUE parts separated by ";", such as FREQ=WEEKLY;INTERVAL=2`, offset: at };
    if (seen.has(name)) return { problem: `${name} is given twice`, offset: at };
    if (DURATION_PARTS.has(name)) return { problem: `Datadog refuses ${name} inside a downtime's rule; the window's start and duration say when it begins and how long it lasts`, offset: at };
    if (FROM_START.has(name)) return { problem: `Datadog's SLO corrections accept only FREQ, INTERVAL, COUNT and UNTIL, not ${name}; each occurrence takes its day and time from start, so pick a start on the day you mean (a Sunday for every Sunday)`, offset: at };
    if (!["FREQ", "INTERVAL", "COUNT", "UNTIL"].includes(name)) return { problem: `${name} is not an RRULE part Datadog accepts here; use FREQ, INTERVAL, COUNT or UNTIL`, offset: at };
    seen.set(name, value);
    const problem = partProblem(name, value);
    if (problem) return { problem, offset: at + eq + 1 };
  }
  const freq = seen.get("FREQ");
  if (!freq) return { problem: "the rule has no FREQ; start it with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY", offset: 0 };
  // RFC 5545 section 3.3.10: "The UNTIL or COUNT rule parts are OPTIONAL, but they MUST NOT occur in the same 'recur'."
  if (seen.has("COUNT") && seen.has("UNTIL")) return { problem: "COUNT and UNTIL cannot both be given (RFC 5545); keep one", offset: text.toUpperCase().indexOf("UNTIL") };
  const until = seen.get("UNTIL");
  return {
    rule: {
      freq: freq as Frequency,
      interval: Number(seen.get("INTERVAL") ?? 1),
      ...(seen.has("COUNT") ? { count: Number(seen.get("COUNT")) } : {}),
      ...(until !== undefined ? { until: untilInstant(until)! } : {}),
    },
  };
}

function partProblem(name: string, value: string): string | undefined {
  switch (name) {
    case "FREQ":
      if ((FREQUENCIES as readonly string[]).includes(value)) return undefined;
      return ["HOURLY", "MINUTELY", "SECONDLY"].includes(value)
        ? `FREQ=${value} repeats more often than daily; a maintenance window repeats DAILY at most`
        : `FREQ=${value} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY`;
    case "INTERVAL":
    case "COUNT": {
      const n = /^[1-9][0-9]*$/.test(value) ? Number(value) : NaN;
      return n >= 1 && n <= MAX_NUMBER ? undefined : `${name}=${value} must be a whole number from 1 to ${MAX_NUMBER}`;
    }
    case "UNTIL":
      // RFC 5545 section 3.3.10: with a DTSTART in a time zone, "the UNTIL rule part MUST be specified as a date with UTC time".
      return untilInstant(value) === undefined ? `UNTIL=${value} must be a UTC date and time such as 20261231T235900Z (RFC 5545 requires UTC here)` : undefined;
  }
  return undefined;
}

function untilInstant(value: string): number | undefined {
  const m = UNTIL_PATTERN.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const instant = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(instant);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? instant : undefined;
}

/** The rule as sent to Datadog: upper case, parts in a fixed order. */
export function formatRecurrence(rule: Recurrence): string {
  const until = rule.until === undefined ? [] : [`UNTIL=${new Date(rule.until).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`];
  return [`FREQ=${rule.freq}`, ...(rule.interval !== 1 ? [`INTERVAL=${rule.interval}`] : []), ...(rule.count !== undefined ? [`COUNT=${rule.count}`] : []), ...until].join(";");
}

const DAY_SECONDS = 86_400;
/** The shortest time between two starts, in seconds (a month: 28 days). */
export function shortestPeriodSeconds(rule: Recurrence): number {
  const days = { DAILY: 1, WEEKLY: 7, MONTHLY: 28, YEARLY: 365 }[rule.freq];
  return days * rule.interval * DAY_SECONDS;
}

/** Datadog downtime durations: "Must begin with an integer and end with one of 'm', 'h', 'd', or 'w'". */
export const DURATION_PATTERN = /^[1-9][0-9]*(m|h|d|w)$/;
const UNIT_SECONDS = { m: 60, h: 3600, d: DAY_SECONDS, w: 7 * DAY_SECONDS } as const;

export function durationSeconds(duration: string): number {
  return Number(duration.slice(0, -1)) * UNIT_SECONDS[duration.slice(-1) as keyof typeof UNIT_SECONDS];
}

/** The local start of occurrence `n` (0 = the first), by calendar arithmetic on the wall clock. */
export function occurrenceStart(first: LocalDateTime, rule: Recurrence, n: number): LocalDateTime {
  const step = n * rule.interval;
  switch (rule.freq) {
    case "DAILY":
      return fromWallMs(wallMs(first) + step * DAY_SECONDS * 1000);
    case "WEEKLY":
      return fromWallMs(wallMs(first) + step * 7 * DAY_SECONDS * 1000);
    case "MONTHLY": {
      const months = first.month - 1 + step;
      return { ...first, year: first.year + Math.floor(months / 12), month: (months % 12) + 1 };
    }
    case "YEARLY":
      return { ...first, year: first.year + step };
  }
}

/**
 * Why occurrences would be skipped: RFC 5545 section 3.3.10 ignores occurrences on dates that do
 * not exist ("February 30"), so a monthly rule from the 31st runs only in months with a 31st.
 */
export function skippedDates(first: LocalDateTime, rule: Recurrence): string | undefined {
  if (rule.freq === "MONTHLY" && first.day > 28) return `a monthly window starting on day ${first.day} is skipped in every month without a ${first.day}${first.day === 31 ? "st" : "th"} (RFC 5545 ignores dates that do not exist); start it on day 1 to 28`;
  if (rule.freq === "YEARLY" && first.month === 2 && first.day === 29) return "a yearly window starting on 29 February runs only in leap years (RFC 5545 ignores dates that do not exist); start it on another day";
  return undefined;
}

/** The UTC instant of the last occurrence's start: undefined when the rule never ends, -Infinity when an UNTIL before the first start leaves none. */
export function lastOccurrenceInstant(first: LocalDateTime, rule: Recurrence, zone: string): number | undefined {
  const at = (n: number) => localToInstant(occurrenceStart(first, rule, n), zone);
  if (rule.count !== undefined) return at(rule.count - 1);
  if (rule.until === undefined) return undefined;
  if (rule.until < at(0)) return -Infinity;
  // An estimate from the shortest period, then stepped to the last start not after UNTIL.
  let n = Math.max(0, Math.floor((rule.until - at(0)) / 1000 / shortestPeriodSeconds(rule)));
  while (n > 0 && at(n) > rule.until) n--;
  while (at(n + 1) <= rule.until) n++;
  return at(n);
}
