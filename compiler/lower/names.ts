/**
 * Logical names, derived from ids only. A rename in the inventory keeps its resources when
 * the old id is listed under `previousIds`: the old names become Pulumi aliases.
 */
import type { Integration } from "../model";

export const names = {
  monitorsComponent: (integration: string) => `${integration}-monitors`,
  monitor: (integration: string, failureMode: string) => `${integration}-${failureMode}`,
  slosComponent: (integration: string) => `${integration}-slos`,
  slo: (integration: string, slo: string) => `${integration}-slo-${slo}`,
  burnAlert: (integration: string, slo: string, tier: string) => `${integration}-slo-${slo}-burn-${tier}`,
  pagingComponent: (integration: string) => `${integration}-paging`,
  pagerdutyService: (integration: string) => `${integration}-pagerduty-service`,
  pagerdutyIntegration: (integration: string) => `${integration}-pagerduty-datadog`,
  datadogServiceObject: (integration: string) => `${integration}-datadog-pagerduty-service`,
  rotationComponent: (rotation: string) => `${rotation}-on-call`,
  schedule: (rotation: string) => `${rotation}-schedule`,
  escalationPolicy: (rotation: string) => `${rotation}-escalation`,
  userLookup: (email: string) => `pagerduty-user:${email}`,
  datadogVendorLookup: "pagerduty-vendor:datadog",
  datadogPagerdutyIntegration: "datadog-pagerduty",
  dashboardComponent: "reliability-dashboard",
  dashboard: "reliability-dashboard-weekly",
};

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
