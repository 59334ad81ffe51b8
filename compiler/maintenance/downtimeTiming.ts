/**
 * When a window's Datadog downtime starts, as of the deploy. Datadog refuses a downtime whose start
 * lies in the past ("Scheduled downtime start cannot be in the past", terraform-provider-datadog
 * issues 1983 and 2060), on create and on update, recurring schedules included: datadog-sync-cli
 * pull request 664 ("A past recurrence anchor can be rejected when the schedule is created or
 * updated") advances a past recurring start to the next occurrence its RRULE produces and lowers
 * COUNT by the occurrences passed, which is what this does. A one-off window already under way
 * leaves `start` out: "If not provided, the downtime starts the moment it is created" (API v2,
 * DowntimeScheduleOneTimeCreateUpdateRequest.start). A window with nothing left to mute gets no
 * downtime (maintenance-past warns). SLO corrections keep the written start: they correct history.
 *
 * Only a start that is past (or within REBASE_MARGIN_MS of the deploy) moves, so the plan of a
 * window written in the future does not depend on the clock; a rebased recurring start moves on
 * once per occurrence, so the plan shows that downtime changing then (README, "Planned maintenance").
 */
import { occurrenceStart, type Recurrence } from "./recurrence";
import type { ResolvedWindow } from "./window";
import { localToInstant, type LocalDateTime } from "../time/zonedTime";

/** Room between lowering and the API call (a deploy previews, then creates the other resources first). */
export const REBASE_MARGIN_MS = 60 * 60 * 1000;

const DAY_MS = 86_400_000;

export type DowntimeTiming =
  | { readonly kind: "once"; readonly zone: string; readonly start?: number; readonly end: number }
  | { readonly kind: "recurring"; readonly zone: string; readonly first: LocalDateTime; readonly rule: Recurrence; readonly duration: string };

/** The downtime's timing as of `now` (epoch ms; undefined: as written), or undefined when no occurrence is left. */
export function downtimeTiming(window: ResolvedWindow, now: number | undefined): DowntimeTiming | undefined {
  if (window.kind === "once") {
    const { zone, start, end } = window;
    if (now === undefined || start >= now + REBASE_MARGIN_MS) return { kind: "once", zone, start, end };
    return end > now ? { kind: "once", zone, end } : undefined;
  }
  const { zone, duration } = window;
  if (now === undefined || window.start >= now + REBASE_MARGIN_MS) return { kind: "recurring", zone, first: window.first, rule: window.rule, duration };
  const n = firstOccurrenceFrom(window, now + REBASE_MARGIN_MS);
  if (n === undefined) return undefined;
  const first = occurrenceStart(window.first, window.rule, n);
  const { count, ...rest } = window.rule;
  return { kind: "recurring", zone, first, rule: count === undefined ? rest : { ...rest, count: count - n }, duration };
}

/** The index of the first occurrence starting at or after `from`, within COUNT and UNTIL; undefined when none is. */
function firstOccurrenceFrom(window: Extract<ResolvedWindow, { kind: "recurring" }>, from: number): number | undefined {
  const at = (n: number) => localToInstant(occurrenceStart(window.first, window.rule, n), window.zone);
  // An estimate that cannot overshoot (the longest period; one less for a daylight-saving hour), then stepped forward.
  const longestDays = { DAILY: 1, WEEKLY: 7, MONTHLY: 31, YEARLY: 366 }[window.rule.freq] * window.rule.interval;
  let n = Math.max(0, Math.floor((from - window.start) / (longestDays * DAY_MS)) - 1);
  while (at(n) < from) n++;
  if (window.rule.count !== undefined && n >= window.rule.count) return undefined;
  if (window.rule.until !== undefined && at(n) > window.rule.until) return undefined;
  return n;
}
