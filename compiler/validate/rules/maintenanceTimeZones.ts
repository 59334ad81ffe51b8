/**
 * invalid-time-zone, for planned maintenance: a system's `timeZone` and a window's own must be
 * IANA names, which Datadog's downtime and SLO correction `timezone` fields take ("Prefers IANA
 * timezone name format (for example, 'America/Los_Angeles', 'Europe/Paris')", provider docs,
 * @pulumi/datadog SloCorrectionArgs.timezone; downtime recurring schedules: "The timezone in which
 * to schedule the downtime", https://docs.datadoghq.com/api/latest/downtimes/).
 */
import { isTimeZoneName } from "../../time/zonedTime";
import { describeValue } from "../describeValue";
import { maintenanceWindows } from "../maintenanceWindows";
import type { Rule } from "../ruleContext";

const advice = "use an IANA name such as America/Los_Angeles or Europe/Berlin";

export const maintenanceTimeZones: Rule = (ctx) => {
  for (const { value: system, file, path } of ctx.systems) {
    if (system.timeZone !== undefined && !isTimeZoneName(system.timeZone)) {
      ctx.report(file, [...path, "timeZone"], "invalid-time-zone", `system ${system.id}: timeZone: ${describeValue(system.timeZone)} is not a time zone; ${advice}`);
    }
  }
  for (const { system, window, path, label } of maintenanceWindows(ctx)) {
    if (window.timeZone !== undefined && !isTimeZoneName(window.timeZone)) {
      ctx.report(system.file, [...path, "timeZone"], "invalid-time-zone", `${label}: timeZone: ${describeValue(window.timeZone)} is not a time zone; ${advice}`);
    }
  }
};
