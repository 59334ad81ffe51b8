/**
 * PagerDuty on-call: per rotation a business-hours schedule and an escalation policy ending
 * at the rotation's named owner; per paging integration a service (high urgency in support
 * hours, low outside) with a Datadog integration, and the Datadog side that makes
 * `@pagerduty-<integration id>` route there.
 *
 * People are looked up by email (pagerduty.getUser), not managed here: accounts come from
 * the company's SSO provisioning, and a stack that created users would fight it.
 */
import type { ServiceObjectArgs } from "@pulumi/datadog/pagerduty/serviceObject";
import type { EscalationPolicyArgs } from "@pulumi/pagerduty/escalationPolicy";
import type { ScheduleArgs } from "@pulumi/pagerduty/schedule";
import type { ServiceArgs } from "@pulumi/pagerduty/service";
import type { ServiceIntegrationArgs } from "@pulumi/pagerduty/serviceIntegration";
import type { Integration, Inventory, Rotation } from "../model";
import { names, previousComponentNames } from "./names";
import { pages } from "./notify";
import { businessHoursRestrictions, isoWeekday, layerStart, WEEK_SECONDS } from "./schedule";
import type { LowerSettings } from "./settings";
import { ref, type InvokeSpec, type ResourceSpec } from "./spec";

export const TYPES = {
  rotationComponent: "martech:pagerduty:OnCallRotation",
  pagingComponent: "martech:pagerduty:PagingService",
  schedule: "pagerduty:index/schedule:Schedule",
  escalationPolicy: "pagerduty:index/escalationPolicy:EscalationPolicy",
  service: "pagerduty:index/service:Service",
  serviceIntegration: "pagerduty:index/serviceIntegration:ServiceIntegration",
  serviceObject: "datadog:pagerduty/serviceObject:ServiceObject",
  datadogPagerduty: "datadog:pagerduty/integration:Integration",
  getUser: "pagerduty:index/getUser:getUser",
  getVendor: "pagerduty:index/getVendor:getVendor",
} as const;

export function rotationSpecs(rotation: Rotation): ResourceSpec[] {
  const parent = names.rotationComponent(rotation.id);
  const schedule: ScheduleArgs = {
    name: rotation.name,
    description: `Weekly business-hours rotation of team ${rotation.team}, managed by Pulumi from inventory/.`,
    timeZone: rotation.timeZone,
    layers: [
      {
        name: "Weekly, business hours",
        start: layerStart(rotation),
        rotationVirtualStart: layerStart(rotation),
        rotationTurnLengthSeconds: WEEK_SECONDS,
        users: rotation.members.map((email) => ref(names.userLookup(email))),
        restrictions: businessHoursRestrictions(rotation),
      },
    ],
  };
  const policy: EscalationPolicyArgs = {
    name: `${rotation.name} escalation`,
    description: `On call first, then ${rotation.escalation.owner} after ${rotation.escalation.afterMinutes} minutes.`,
    numLoops: 1,
    rules: [
      { escalationDelayInMinutes: rotation.escalation.afterMinutes, targets: [{ type: "schedule_reference", id: ref(names.schedule(rotation.id)) }] },
      { escalationDelayInMinutes: rotation.escalation.afterMinutes, targets: [{ type: "user_reference", id: ref(names.userLookup(rotation.escalation.owner)) }] },
    ],
  };
  return [
    { type: TYPES.rotationComponent, name: parent, inputs: {} },
    { type: TYPES.schedule, name: names.schedule(rotation.id), parent, inputs: schedule },
    { type: TYPES.escalationPolicy, name: names.escalationPolicy(rotation.id), parent, inputs: policy },
  ];
}

/** The PagerDuty service of a paging integration; the report maps incidents back to integrations by it. */
export const pagerdutyServiceName = (integration: Pick<Integration, "name">) => `[martech] ${integration.name}`;

export function pagingSpecs(inventory: Inventory, integration: Integration): ResourceSpec[] {
  if (!pages(integration)) return [];
  const rotation = inventory.rotations.find((r) => r.id === integration.rotation)!;
  const parent = names.pagingComponent(integration.id);
  const { days, start, end } = rotation.businessHours;
  const service: ServiceArgs = {
    name: pagerdutyServiceName(integration),
    description: `${integration.description.trim()}\nOwner: ${integration.owner}. Managed by Pulumi from inventory/.`,
    escalationPolicy: ref(names.escalationPolicy(rotation.id)),
    alertCreation: "create_alerts_and_incidents",
    incidentUrgencyRule: {
      type: "use_support_hours",
      duringSupportHours: { type: "constant", urgency: "high" },
      outsideSupportHours: { type: "constant", urgency: "low" },
    },
    supportHours: { type: "fixed_time_per_day", timeZone: rotation.timeZone, daysOfWeeks: days.map(isoWeekday), startTime: `${start}:00`, endTime: `${end}:00` },
  };
  const serviceIntegration: ServiceIntegrationArgs = {
    name: "Datadog",
    service: ref(names.pagerdutyService(integration.id)),
    vendor: ref(names.datadogVendorLookup),
  };
  const serviceObject: ServiceObjectArgs = {
    serviceName: integration.id,
    serviceKey: ref(names.pagerdutyIntegration(integration.id), "integrationKey"),
  };
  return [
    { type: TYPES.pagingComponent, name: parent, inputs: {}, aliases: previousComponentNames(integration, names.pagingComponent) },
    { type: TYPES.service, name: names.pagerdutyService(integration.id), parent, inputs: service },
    { type: TYPES.serviceIntegration, name: names.pagerdutyIntegration(integration.id), parent, inputs: serviceIntegration, secretOutputs: ["integrationKey"] },
    { type: TYPES.serviceObject, name: names.datadogServiceObject(integration.id), parent, inputs: serviceObject, secretInputs: ["serviceKey"] },
  ];
}

/** Datadog's PagerDuty integration itself, when this stack owns it. */
export function datadogPagerdutySpecs(settings: LowerSettings): ResourceSpec[] {
  return settings.pagerdutySubdomain ? [{ type: TYPES.datadogPagerduty, name: names.datadogPagerdutyIntegration, inputs: { subdomain: settings.pagerdutySubdomain } }] : [];
}

export function onCallInvokes(inventory: Inventory): InvokeSpec[] {
  const emails = new Set(inventory.rotations.flatMap((r) => [...r.members, r.escalation.owner]));
  return [
    ...[...emails].sort().map((email) => ({ key: names.userLookup(email), token: TYPES.getUser, args: { email } })),
    { key: names.datadogVendorLookup, token: TYPES.getVendor, args: { name: "Datadog" } },
  ];
}

/** The look-up a provider function call stands for, by its token and arguments. */
export function invokeKey(token: string, args: Record<string, unknown>): string {
  if (token === TYPES.getUser) return names.userLookup(String(args.email));
  if (token === TYPES.getVendor && args.name === "Datadog") return names.datadogVendorLookup;
  throw new Error(`internal: unknown look-up ${token}`);
}
