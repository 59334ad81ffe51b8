/**
 * freeze-window: a change freeze whose end is not after its start, compared as UTC instants in
 * its time zone (maintenance/zonedTime.ts; a local time the clocks skip is read as RFC 5545
 * section 3.3.5 reads it, https://www.rfc-editor.org/rfc/rfc5545#section-3.3.5, and the
 * message says so). The window is half-open, [start, end): an end at or before its start
 * freezes nothing.
 */
import { freezeInstants } from "../../freeze/changeFreeze";
import { formatLocal, instantToLocal, isTimeZoneName } from "../../maintenance/zonedTime";
import { changeFreezes } from "../changeFreezes";
import type { Rule } from "../ruleContext";

export const freezeWindow: Rule = (ctx) => {
  for (const { freeze, file, path, label } of changeFreezes(ctx)) {
    if (!isTimeZoneName(freeze.timeZone)) continue; // invalid-time-zone
    const instants = freezeInstants(freeze);
    if (!instants || instants.endsAt > instants.startsAt) continue;
    const zone = freeze.timeZone;
    // A written time the clocks skip names another wall-clock time; say so, or the problem is invisible.
    const skipped = [[freeze.start, instants.startsAt] as const, [freeze.end, instants.endsAt] as const]
      .map(([written, instant]) => [written, formatLocal(instantToLocal(instant, zone))] as const)
      .filter(([written, actual]) => written !== actual)
      .map(([written, actual]) => `; clocks in ${zone} skip ${written.slice(11)} that night, so it means ${actual.slice(11)}`);
    ctx.report(file, [...path, "end"], "freeze-window", `${label}: end: ${freeze.end} is not after start ${freeze.start} in ${zone}${skipped.join("")}; end is the first minute deploys are allowed again, so it must come after start`);
  }
};
