/**
 * Logical names, derived from ids only. A rename in the inventory keeps its resources when
 * the old id is listed under `previousIds`: the old names become Pulumi aliases.
 */
import type { Integration } from "../model";

/**
 * Parts are joined with "--", which no id can contain (ids are kebab-case with single
 * hyphens), so names are unique by construction: integration `a` with failure mode `b-c`
 * and integration `a-b` with failure mode `c` give `a--monitor--b-c` and `a-b--monitor--c`.
 */
const join = (...parts: string[]) => parts.join("--");

/** First part of the shared webhook forwarder's names; an integration may not use it as its id. */
export const FORWARDER_SCOPE = "webhook-forwarder";

/** Second parts of names that belong to a rotation rather than an integration. */
export const ROTATION_PARTS = ["on-call", "schedule", "escalation"] as const;

/** Second part of a system's Software Catalog entity (`<system id>--catalog-system`), shared by the integrations that depend on it. */
export const CATALOG_SYSTEM_PART = "catalog-system";

export const names = {
  monitorsComponent: (integration: string) => join(integration, "monitors"),
  monitor: (integration: string, failureMode: string) => join(integration, "monitor", failureMode),
  slosComponent: (integration: string) => join(integration, "slos"),
  slo: (integration: string, slo: string) => join(integration, "slo", slo),
  burnAlert: (integration: string, slo: string, tier: string) => join(integration, "slo", slo, `burn-${tier}`),
  pagingComponent: (integration: string) => join(integration, "paging"),
  pagerdutyService: (integration: string) => join(integration, "pagerduty-service"),
  pagerdutyIntegration: (integration: string) => join(integration, "pagerduty-datadog"),
  datadogServiceObject: (integration: string) => join(integration, "datadog-pagerduty-service"),
  rotationComponent: (rotation: string) => join(rotation, "on-call"),
  schedule: (rotation: string) => join(rotation, "schedule"),
  escalationPolicy: (rotation: string) => join(rotation, "escalation"),
  userLookup: (email: string) => `pagerduty-user:${email}`,
  datadogVendorLookup: "pagerduty-vendor:datadog",
  datadogPagerdutyIntegration: "datadog-pagerduty",
  dashboardComponent: "reliability-dashboard",
  dashboard: "reliability-dashboard-weekly",
  forwarderComponent: FORWARDER_SCOPE,
  forwarder: (part: string) => join(FORWARDER_SCOPE, part),
  webhookSecret: (integration: string, source: string) => join(integration, "webhook", source, "secret"),
  webhookSecretValue: (integration: string, source: string) => join(integration, "webhook", source, "secret-value"),
  webhookSilence: (integration: string, source: string) => join(integration, "webhook", source, "no-deliveries"),
  destinationCredentials: (integration: string, source: string, system: string) => join(integration, "webhook", source, "destination", system, "credentials"),
  destinationCredentialsValue: (integration: string, source: string, system: string) => join(integration, "webhook", source, "destination", system, "credentials-value"),
  maintenanceComponent: (integration: string) => join(integration, "maintenance"),
  maintenanceDowntime: (integration: string, system: string, window: string) => join(integration, "maintenance", system, window),
  maintenanceSloCorrection: (integration: string, system: string, window: string, slo: string) => join(integration, "maintenance", system, window, "slo", slo),
  catalogComponent: "software-catalog",
  catalogService: (integration: string) => join(integration, "catalog"),
  catalogSystem: (system: string) => join(system, CATALOG_SYSTEM_PART),
};

/** The integration a resource name belongs to, or undefined for rotations and shared resources. */
export function integrationOfName(name: string): string | undefined {
  const [scope, part] = name.split("--");
  return part === undefined || scope === FORWARDER_SCOPE || (ROTATION_PARTS as readonly string[]).includes(part) || part === CATALOG_SYSTEM_PART ? undefined : scope;
}

/** Every earlier name of a resource named `make(integrationId, ...)`, for aliases. */
export function previousNames(integration: Integration, ownIds: readonly string[], make: (integration: string, own: string) => string, own: string): string[] {
  const integrationIds = [integration.id, ...integration.previousIds];
  const ids = [own, ...ownIds];
  const current = make(integration.id, own);
  const all = integrationIds.flatMap((i) => ids.map((o) => make(i, o)));
  return [...new Set(all)].filter((n) => n !== current);
}

export function previousComponentNames(integration: Integration, make: (integration: string) => string): string[] {
  return integration.previousIds.map(make);
}
