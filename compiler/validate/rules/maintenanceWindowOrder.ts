/**
 * maintenance-window: a one-off window whose end is not after its start, compared as instants in
 * its time zone (so a local time that a daylight-saving change skips is read as RFC 5545 reads it,
 * time/zonedTime.ts: 02:30 on the night Europe/Berlin springs forward is 03:30). Datadog's
 * downtime takes start and end as UTC times and its SLO correction as epoch seconds; an end at or
 * before the start mutes nothing and corrects nothing.
 */
import { skippedTimeNotes } from "../../time/skippedTimes";
import { resolveWindow } from "../../maintenance/window";
import { zonedWindows } from "../maintenanceWindows";
import type { Rule } from "../ruleContext";

export const maintenanceWindowOrder: Rule = (ctx) => {
  for (const { system, window, path, zone, label } of zonedWindows(ctx)) {
    const resolved = resolveWindow(window, zone);
    if (resolved?.kind !== "once" || resolved.end > resolved.start) continue;
    const skipped = skippedTimeNotes(zone, [[window.start, resolved.start], [window.end!, resolved.end]]);
    ctx.report(system.file, [...path, "end"], "maintenance-window", `${label}: end: ${window.end} is not after start ${window.start} in ${zone}${skipped}; a window must end after it starts`);
  }
};
