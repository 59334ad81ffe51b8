/**
 * maintenance-recurrence: a recurring window Datadog would refuse or misread.
 * - An RRULE outside the subset both of its resources accept (maintenance/recurrence.ts cites
 *   the downtime and SLO correction docs), pointed at the offending part inside the string.
 * - A start whose date some periods lack (monthly from the 31st, yearly from 29 February): RFC 5545
 *   section 3.3.10 ignores such occurrences, so the window would silently skip months or years.
 * - A duration as long as the period or longer: occurrences would overlap and the monitors would
 *   never be unmuted.
 * - An UNTIL before the first start: the window never occurs.
 */
import { positionInString } from "../../load/stringPosition";
import { durationSeconds, parseRecurrence, shortestPeriodSeconds, skippedDates, type Recurrence } from "../../maintenance/recurrence";
import { isTimeZoneName, localToInstant, parseLocal } from "../../time/zonedTime";
import { maintenanceWindows } from "../maintenanceWindows";
import type { Rule } from "../ruleContext";

const UNITS: Readonly<Record<Recurrence["freq"], string>> = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" };

/** "every week", "every 2 weeks" */
export const everyPeriod = (rule: Recurrence) => (rule.interval === 1 ? `every ${UNITS[rule.freq]}` : `every ${rule.interval} ${UNITS[rule.freq]}s`);

export const maintenanceRecurrence: Rule = (ctx) => {
  for (const { system, window, path, label, zone } of maintenanceWindows(ctx)) {
    if (window.rrule === undefined) continue;
    const parsed = parseRecurrence(window.rrule);
    if (!("rule" in parsed)) {
      const at = positionInString(system.file.source, [...path, "rrule"], window.rrule, parsed.offset);
      ctx.reportAt(system.file.file, at, "maintenance-recurrence", `${label}: rrule: ${parsed.problem}`);
      continue;
    }
    const first = parseLocal(window.start);
    const skipped = first && skippedDates(first, parsed.rule);
    // first and zone are set: the schema makes start a real local time (localTimeSchema) and gives every window a zone (requireWindowTimeZones). No UNTIL: never before.
    if (isTimeZoneName(zone!) && (parsed.rule.until ?? Infinity) < localToInstant(first!, zone!)) {
      const at = positionInString(system.file.source, [...path, "rrule"], window.rrule, window.rrule.toUpperCase().indexOf("UNTIL"));
      ctx.reportAt(system.file.file, at, "maintenance-recurrence", `${label}: rrule: UNTIL is before the first start (${window.start} ${zone}), so the window never occurs`);
    }
    if (skipped) ctx.report(system.file, [...path, "start"], "maintenance-recurrence", `${label}: start: ${skipped}`);
    // The schema requires duration on a window with rrule (maintenanceSchema.ts).
    if (durationSeconds(window.duration!) >= shortestPeriodSeconds(parsed.rule)) {
      const shortest = parsed.rule.freq === "MONTHLY" ? " (the shortest month has 28 days)" : "";
      ctx.report(system.file, [...path, "duration"], "maintenance-recurrence", `${label}: duration: each occurrence lasts ${window.duration} but the window repeats ${everyPeriod(parsed.rule)}${shortest}, so occurrences would overlap and the monitors would never be unmuted; make it shorter than the period`);
    }
  }
};
