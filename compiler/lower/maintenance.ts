/**
 * Planned maintenance -> for each integration that depends on the maintained system (lists it
 * upstream or downstream), a Datadog downtime muting that integration's monitors during each
 * window, and an SLO correction per live SLO of it, so the window neither pages nor burns error
 * budget. Monitors are muted, never deleted or changed. README, "Planned maintenance".
 */
import type { DowntimeScheduleArgs } from "@pulumi/datadog/downtimeSchedule";
import type { SloCorrectionArgs } from "@pulumi/datadog/sloCorrection";
import type { Integration, Inventory, System } from "../model";
import { recurringCorrectionTiming } from "../maintenance/correctionTiming";
import { downtimeTiming, type DowntimeTiming } from "../maintenance/downtimeTiming";
import { formatRecurrence } from "../maintenance/recurrence";
import { resolveWindow, windowTimeZone, type ResolvedWindow } from "../maintenance/window";
import { formatLocal, isoUtc } from "../time/zonedTime";
import { inertText } from "../notificationSyntax";
import type { MaintenanceWindowDoc } from "../validate/schema";
import { names, previousComponentNames, previousNames } from "./names";
import type { LowerSettings } from "./settings";
import { modesInStack } from "./monitors";
import { slosInStack } from "./slos";
import { ref, type ResourceSpec } from "./spec";

export const DOWNTIME_SCHEDULE = "datadog:index/downtimeSchedule:DowntimeSchedule";
export const SLO_CORRECTION = "datadog:index/sloCorrection:SloCorrection";
export const MAINTENANCE_COMPONENT = "martech:datadog:IntegrationMaintenance";

/** Starts the first line of a downtime's message; the plan reads the rest of that line back. */
export const DOWNTIME_MESSAGE_LABEL = "Planned maintenance of ";

/** The systems with planned maintenance that an integration depends on, by id. */
export function maintainedSystems(inventory: Inventory, integration: Integration): System[] {
  return inventory.systems.filter((s) => (s.maintenance?.length ?? 0) > 0 && (integration.upstream.includes(s.id) || integration.downstream.includes(s.id)));
}

export function maintenanceSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings): ResourceSpec[] {
  const systems = maintainedSystems(inventory, integration);
  if (systems.length === 0) return [];
  const parent = names.maintenanceComponent(integration.id);
  const specs: ResourceSpec[] = [{ type: MAINTENANCE_COMPONENT, name: parent, inputs: {}, aliases: previousComponentNames(integration, names.maintenanceComponent) }];
  for (const system of systems) {
    // Stryker disable next-line ArrayDeclaration: maintainedSystems keeps only systems with at least one window, so `maintenance` is always defined here.
    for (const window of system.maintenance ?? []) {
      const zone = windowTimeZone(system, window);
      const timing = zone === undefined ? undefined : resolveWindow(window, zone);
      if (!timing) throw new Error(`internal: unchecked maintenance window ${system.id}/${window.id}`);
      // None when the window has nothing left to mute (maintenance/downtimeTiming.ts).
      const downtime = downtimeTiming(timing, settings.now);
      if (downtime && hasMonitorsInStack(integration, settings)) {
        specs.push({
          type: DOWNTIME_SCHEDULE,
          name: names.maintenanceDowntime(integration.id, system.id, window.id),
          parent,
          // Stryker disable next-line ArrayDeclaration: the downtime's name ignores previousNames' own-id argument, so any own ids only repeat the names its Set removes.
          aliases: previousNames(integration, [], (i) => names.maintenanceDowntime(i, system.id, window.id), window.id),
          inputs: downtimeInputs(integration, system, window, downtime, settings),
        });
      }
      for (const slo of slosInStack(integration, settings)) {
        // A retired SLO has no alerts left and is on its way out; its history needs no correction.
        if (slo.retired) continue;
        specs.push({
          type: SLO_CORRECTION,
          name: names.maintenanceSloCorrection(integration.id, system.id, window.id, slo.id),
          parent,
          aliases: previousNames(integration, slo.previousIds, (i, s) => names.maintenanceSloCorrection(i, system.id, window.id, s), slo.id),
          inputs: sloCorrectionInputs(system, window, timing, ref(names.slo(integration.id, slo.id))),
        });
      }
    }
  }
  return specs;
}

/**
 * Whether the stack creates any monitor of the integration for a downtime to mute: failure modes,
 * burn-rate alerts of live SLOs, webhook silence monitors. In staging an integration measured only
 * by prod-only metrics has none (lower/environmentScope.ts), and a downtime there would mute nothing.
 */
function hasMonitorsInStack(integration: Integration, settings: LowerSettings): boolean {
  return modesInStack(integration, settings).length > 0 || slosInStack(integration, settings).some((s) => !s.retired) || integration.webhooks.some((h) => h.heartbeatMinutes !== undefined);
}

/** The free text both resources carry, made inert (validate/rules/messageInjection.ts reports it first). */
const reasonLine = (system: System, window: MaintenanceWindowDoc) => `${DOWNTIME_MESSAGE_LABEL}${inertText(system.name)}: ${inertText(window.reason)}`;

/**
 * Datadog downtime schedules (API v2, https://docs.datadoghq.com/api/latest/downtimes/; field
 * semantics from the provider docs, @pulumi/datadog DowntimeScheduleArgs):
 * - `monitorIdentifier.monitorTags`: "The resulting downtime applies to monitors that match **all**
 *   provided monitor tags": this integration's, in this stack's environment (lower/notify.ts
 *   integrationTags), so its failure-mode monitors, burn-rate alerts and webhook silence monitors.
 * - `scope` `*`: every group of those monitors ("Must follow the common search syntax"; `*` is
 *   the downtime docs' all-scopes value, https://docs.datadoghq.com/monitors/downtimes/).
 * - `muteFirstRecoveryNotification`: "If the first recovery notification during a downtime should
 *   be muted": a recovery from what the maintenance caused is noise.
 * - `notifyEndStates` alert, no data, warn with `notifyEndTypes` canceled and expired: a monitor
 *   still failing when the window ends or is cancelled notifies then, so an outage that outlasts the
 *   maintenance still pages (the API's own defaults are `["alert","no data","warn"]`/`["expired"]`).
 * - One-off: `oneTimeSchedule` start and end "Must include a UTC offset of zero".
 * - Recurring: `recurringSchedule.timezone` "The timezone in which to schedule the downtime", and a
 *   recurrence whose `start` "Must not include a UTC offset" (local to that zone), `duration`
 *   ("integer and ... 'm', 'h', d', or 'w'") and `rrule` without DTSTART/DTEND/DURATION.
 * - `displayTimezone`: only how Datadog shows the times ("not used as an offset for scheduling").
 */
export function downtimeInputs(
  integration: Integration,
  system: System,
  window: MaintenanceWindowDoc,
  timing: DowntimeTiming,
  settings: LowerSettings,
): DowntimeScheduleArgs {
  return {
    scope: "*",
    monitorIdentifier: { monitorTags: [`integration:${integration.id}`, `env:${settings.environment}`] },
    displayTimezone: timing.zone,
    message: [reasonLine(system, window), `Window ${system.id}/${window.id}: the monitors of ${integration.id} are muted meanwhile, not changed; managed by martech-reliability.`].join("\n"),
    muteFirstRecoveryNotification: true,
    notifyEndStates: ["alert", "no data", "warn"],
    notifyEndTypes: ["canceled", "expired"],
    ...(timing.kind === "once"
      ? { oneTimeSchedule: { ...(timing.start !== undefined ? { start: isoUtc(timing.start) } : {}), end: isoUtc(timing.end) } }
      : { recurringSchedule: { timezone: timing.zone, recurrences: [{ start: `${formatLocal(timing.first)}:00`, duration: timing.duration, rrule: formatRecurrence(timing.rule) }] } }),
  };
}

/**
 * Datadog SLO corrections (API v1, https://docs.datadoghq.com/api/latest/service-level-objective-corrections/;
 * provider docs, @pulumi/datadog SloCorrectionArgs): `category` "Scheduled Maintenance" (one of
 * "Scheduled Maintenance, Outside Business Hours, Deployment, Other"); `start` and, one-off, `end`
 * in epoch seconds; recurring, `rrule` (FREQ, INTERVAL, COUNT, UNTIL: maintenance/recurrence.ts)
 * with `duration` in seconds "required if specifying rrule"; `timezone` "Prefers IANA timezone
 * name format". The docs call the zone the one "to display in the UI"; whether Datadog also
 * expands a recurring correction's rule in it across daylight-saving changes, as the downtime does,
 * could not be confirmed offline, so a recurring correction starts early and lasts long enough to
 * cover each occurrence either way (maintenance/correctionTiming.ts; README, "Planned maintenance").
 * `start` stays the written first occurrence's, even when it is past: a correction corrects history.
 */
export function sloCorrectionInputs(system: System, window: MaintenanceWindowDoc, timing: ResolvedWindow, sloId: string): SloCorrectionArgs {
  const seconds = (instant: number) => Math.floor(instant / 1000);
  return {
    sloId,
    category: "Scheduled Maintenance",
    description: `${reasonLine(system, window)} (window ${system.id}/${window.id})`,
    timezone: timing.zone,
    ...(timing.kind === "once"
      ? { start: seconds(timing.start), end: seconds(timing.end) }
      : (({ start, seconds: duration }) => ({ start: seconds(start), rrule: timing.rrule, duration }))(recurringCorrectionTiming(timing))),
  };
}
