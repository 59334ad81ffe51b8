/**
 * PagerDuty on-call: per rotation a schedule and an escalation policy ending at the
 * rotation's named owner; per paging integration a service with a Datadog integration, and
 * the Datadog side that makes `@pagerduty-<integration id>` route there.
 *
 * Out of hours (README, "On-call"): a rotation with `afterHours: page` keeps the week's
 * on-call person on call around the clock (schedule.ts), and the services of integrations in
 * PAGED_AFTER_HOURS tiers on it are high urgency at any hour. Every other service is high
 * urgency in the rotation's business hours (its support hours) and low urgency outside them,
 * and PagerDuty raises its open incidents to high when support hours start, so they page
 * first thing on the next business day.
 *
 * People are looked up by email (pagerduty.getUser), not managed here: accounts come from
 * the company's SSO provisioning, and a stack that created users would fight it.
 *
 * The staging stack creates none of it (managesOnCall).
 */
import type { ServiceObjectArgs } from "@pulumi/datadog/pagerduty/serviceObject";
import type { EscalationPolicyArgs } from "@pulumi/pagerduty/escalationPolicy";
import type { ScheduleArgs } from "@pulumi/pagerduty/schedule";
import type { ServiceArgs } from "@pulumi/pagerduty/service";
import type { ServiceIntegrationArgs } from "@pulumi/pagerduty/serviceIntegration";
import type { Integration, Inventory, Rotation } from "../model";
import { names, previousComponentNames } from "./names";
import { pages } from "./notify";
import { PAGED_AFTER_HOURS } from "../validate/schema";
import { isoWeekday, scheduleLayer } from "./schedule";
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

/**
 * Whether this stack creates PagerDuty on-call at all. Staging does not: it never pages (its
 * alerts tell the owning team's chat, lower/notify.ts), so a service there would route nothing;
 * its schedules and escalation policies would put prod's real people on a second set of
 * rotations; and the Datadog side of a route, `@pagerduty-<integration id>` (a
 * datadog.pagerduty.ServiceObject named by the integration id), exists once per Datadog
 * organisation, which staging shares with prod, so staging's would take over prod's routes.
 * Without any, the staging stack needs no PagerDuty token either.
 */
export const managesOnCall = (settings: LowerSettings) => !settings.staging;

/** Every rotation's schedule and escalation policy, in a stack that manages on-call. */
export function onCallRotationSpecs(inventory: Inventory, settings: LowerSettings): ResourceSpec[] {
  return managesOnCall(settings) ? inventory.rotations.flatMap(rotationSpecs) : [];
}

export function rotationSpecs(rotation: Rotation): ResourceSpec[] {
  const parent = names.rotationComponent(rotation.id);
  const schedule: ScheduleArgs = {
    name: rotation.name,
    description:
      rotation.afterHours === "page"
        ? `Weekly rotation of team ${rotation.team}, on call around the clock, managed by Pulumi from inventory/.`
        : `Weekly business-hours rotation of team ${rotation.team}, nobody on call outside them, managed by Pulumi from inventory/.`,
    timeZone: rotation.timeZone,
    layers: [scheduleLayer(rotation)],
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

/** Whether an integration's service pages the on-call outside business hours. */
export const pagesAfterHours = (rotation: Pick<Rotation, "afterHours">, integration: Pick<Integration, "tier">) =>
  rotation.afterHours === "page" && PAGED_AFTER_HOURS.includes(integration.tier);

/**
 * Incident urgency of a service. Field names and values: terraform-provider-pagerduty docs,
 * r/service (`incident_urgency_rule`, `support_hours`, `scheduled_actions`; a scheduled action
 * is only allowed with high urgency in support hours and low outside them), Pulumi's
 * `ServiceScheduledAction.ats`. "Accounts with access to Support Hours can configure a setting
 * to raise the urgency of all open incidents once on-call hours begin"
 * (https://support.pagerduty.com/docs/service-settings): low-urgency incidents never escalate,
 * so without it an incident from the night would wait unseen.
 */
function urgency(rotation: Rotation, integration: Integration): Pick<ServiceArgs, "incidentUrgencyRule" | "supportHours" | "scheduledActions"> {
  if (pagesAfterHours(rotation, integration)) return { incidentUrgencyRule: { type: "constant", urgency: "high" } };
  const { days, start, end } = rotation.businessHours;
  return {
    incidentUrgencyRule: {
      type: "use_support_hours",
      duringSupportHours: { type: "constant", urgency: "high" },
      outsideSupportHours: { type: "constant", urgency: "low" },
    },
    supportHours: { type: "fixed_time_per_day", timeZone: rotation.timeZone, daysOfWeeks: days.map(isoWeekday), startTime: `${start}:00`, endTime: `${end}:00` },
    scheduledActions: [{ type: "urgency_change", toUrgency: "high", ats: [{ type: "named_time", name: "support_hours_start" }] }],
  };
}

/** Whether this stack creates a PagerDuty service for the integration (its Software Catalog entity names it as on-call, lower/catalog.ts). */
export const hasPagingService = (integration: Integration, settings: LowerSettings) => managesOnCall(settings) && pages(integration);

export function pagingSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings): ResourceSpec[] {
  if (!hasPagingService(integration, settings)) return [];
  const rotation = inventory.rotations.find((r) => r.id === integration.rotation)!;
  const parent = names.pagingComponent(integration.id);
  const service: ServiceArgs = {
    name: pagerdutyServiceName(integration),
    description: `${integration.description.trim()}\nOwner: ${integration.owner}. Managed by Pulumi from inventory/.`,
    escalationPolicy: ref(names.escalationPolicy(rotation.id)),
    alertCreation: "create_alerts_and_incidents",
    // "Disabled if set to the "null" string" (terraform-provider-pagerduty docs, r/service;
    // the provider sends `"auto_resolve_timeout": null`). Its default, 14400 s, would resolve
    // an incident after 4 hours while the Datadog monitor still alerts; Datadog resolves it
    // when the monitor recovers. acknowledgement_timeout keeps the provider's 1800 s: an
    // acknowledged incident that nobody resolves pages again after 30 minutes.
    autoResolveTimeout: "null",
    ...urgency(rotation, integration),
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
    {
      type: TYPES.serviceObject,
      name: names.datadogServiceObject(integration.id),
      parent,
      inputs: serviceObject,
      secretInputs: ["serviceKey"],
      // A service object needs Datadog's PagerDuty integration (the subdomain) to exist first; the
      // provider's own example orders them so (https://www.pulumi.com/registry/packages/datadog/api-docs/pagerduty/integration/,
      // "Services as Individual Resources": `dependsOn: [pd]`).
      ...(settings.pagerdutySubdomain ? { dependsOn: [names.datadogPagerdutyIntegration] } : {}),
    },
  ];
}

/** Datadog's PagerDuty integration itself, when this stack owns it. */
export function datadogPagerdutySpecs(settings: LowerSettings): ResourceSpec[] {
  return managesOnCall(settings) && settings.pagerdutySubdomain ? [{ type: TYPES.datadogPagerduty, name: names.datadogPagerdutyIntegration, inputs: { subdomain: settings.pagerdutySubdomain } }] : [];
}

export function onCallInvokes(inventory: Inventory, settings: LowerSettings): InvokeSpec[] {
  if (!managesOnCall(settings)) return [];
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
