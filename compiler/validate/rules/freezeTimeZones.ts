/**
 * invalid-time-zone, for change freezes: a freeze's `timeZone` must be an IANA name (tz
 * database, https://www.iana.org/time-zones), the names the runtime's Intl time-zone data knows,
 * since its start and end are converted to UTC instants with it (time/zonedTime.ts).
 * An abbreviation such as EST or CEST names no daylight-saving rules.
 */
import { isTimeZoneName } from "../../time/zonedTime";
import { changeFreezes } from "../changeFreezes";
import { describeValue } from "../describeValue";
import type { Rule } from "../ruleContext";

export const freezeTimeZones: Rule = (ctx) => {
  for (const { freeze, file, path, label } of changeFreezes(ctx)) {
    if (!isTimeZoneName(freeze.timeZone)) {
      ctx.report(file, [...path, "timeZone"], "invalid-time-zone", `${label}: timeZone: ${describeValue(freeze.timeZone)} is not a time zone; use an IANA name such as America/New_York or Europe/Berlin`);
    }
  }
};
