/**
 * freeze-window: a change freeze whose end is not after its start, compared as UTC instants in
 * its time zone (time/zonedTime.ts; a local time the clocks skip is read as RFC 5545
 * section 3.3.5 reads it, https://www.rfc-editor.org/rfc/rfc5545#section-3.3.5, and the
 * message says so). The window is half-open, [start, end): an end at or before its start
 * freezes nothing.
 */
import { freezeInstants } from "../../freeze/changeFreeze";
import { skippedTimeNotes } from "../../time/skippedTimes";
import { isTimeZoneName } from "../../time/zonedTime";
import { changeFreezes } from "../changeFreezes";
import type { Rule } from "../ruleContext";

export const freezeWindow: Rule = (ctx) => {
  for (const { freeze, file, path, label } of changeFreezes(ctx)) {
    if (!isTimeZoneName(freeze.timeZone)) continue; // invalid-time-zone
    const instants = freezeInstants(freeze);
    if (!instants || instants.endsAt > instants.startsAt) continue;
    const zone = freeze.timeZone;
    const skipped = skippedTimeNotes(zone, [[freeze.start, instants.startsAt], [freeze.end, instants.endsAt]]);
    ctx.report(file, [...path, "end"], "freeze-window", `${label}: end: ${freeze.end} is not after start ${freeze.start} in ${zone}${skipped}; end is the first minute deploys are allowed again, so it must come after start`);
  }
};
