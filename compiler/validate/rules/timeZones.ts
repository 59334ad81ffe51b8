/** invalid-time-zone: schedules and business hours need a real IANA time zone. */
import type { Path } from "../../path";
import type { Rule } from "../ruleContext";
import { describeValue } from "../describeValue";

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZones: Rule = (ctx) => {
  const check = (file: Parameters<typeof ctx.report>[0], path: Path, zone: string, who: string) => {
    if (!isTimeZone(zone)) ctx.report(file, path, "invalid-time-zone", `${who}: ${describeValue(zone)} is not a time zone; use an IANA name such as America/New_York or Europe/Berlin`);
  };
  for (const { value: team, file, path } of ctx.teams) {
    team.members.forEach((m, i) => check(file, [...path, "members", i, "timeZone"], m.timeZone, `team ${team.id}: member ${m.email}`));
  }
  for (const { value: rotation, file, path } of ctx.rotations) check(file, [...path, "timeZone"], rotation.timeZone, `rotation ${rotation.id}`);
};
