/**
 * A recurring window's SLO correction, widened so it covers every occurrence however Datadog
 * expands its rule. Datadog's docs call a correction's `timezone` the one "to display in the UI";
 * whether the rule repeats on the zone's wall clock (as the downtime's does) or at a fixed UTC
 * time could not be confirmed offline. Across a daylight-saving change the two differ by the
 * change: 22:00 in Los Angeles is 06:00Z in winter, 05:00Z in summer.
 *
 * The conservative form covers both: with `o1` the zone's UTC offset at the first occurrence and
 * `[omin, omax]` the offsets the zone takes within a year of it, an occurrence on the wall clock
 * lands `o1 - o` from the first one's UTC time, so the correction starts `omax - o1` earlier and
 * lasts `omax - omin` longer. Read either way, each occurrence lies inside it; the price is up to
 * the change (an hour) of corrected time around each occurrence. A zone without daylight saving
 * gets the window exactly. README, "Planned maintenance".
 */
import type { ResolvedWindow } from "./window";
import { offsetMinutes } from "../time/zonedTime";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface CorrectionTiming {
  /** Epoch milliseconds of the correction's first start. */
  readonly start: number;
  /** Seconds each occurrence is corrected for. */
  readonly seconds: number;
}

export function recurringCorrectionTiming(window: Extract<ResolvedWindow, { kind: "recurring" }>): CorrectionTiming {
  const first = offsetMinutes(window.start, window.zone);
  // Weekly samples over a year: no zone changes its offset twice within a week.
  const offsets = Array.from({ length: 54 }, (_, week) => offsetMinutes(window.start + week * 7 * DAY_MS, window.zone));
  const highest = Math.max(first, ...offsets);
  const lowest = Math.min(first, ...offsets);
  return { start: window.start - (highest - first) * MINUTE_MS, seconds: window.seconds + (highest - lowest) * 60 };
}
