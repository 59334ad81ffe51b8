/** Which integration (or rotation) a planned resource belongs to, and what kind of thing it is. */
import { DASHBOARD } from "../lower/dashboard";
import type { Integration } from "../model";
import { formatUsdPerHour } from "../revenueRank";
import { MONITOR } from "../lower/monitors";
import { DOWNTIME_SCHEDULE, SLO_CORRECTION } from "../lower/maintenance";
import { SOFTWARE_CATALOG } from "../lower/catalog";
import { METRIC_TAG_CONFIGURATION } from "../lower/forwarderMetricConfigs";
import { integrationOfName } from "../lower/names";
import { SLO } from "../lower/slos";
import type { PlannedResource } from "./plannedResource";

export type Category = "monitor" | "slo" | "burn-alert" | "maintenance" | "on-call" | "forwarder" | "dashboard" | "catalog" | "component";

export const CATEGORY_LABELS: Record<Category, string> = {
  monitor: "monitors",
  slo: "SLOs",
  "burn-alert": "burn-rate alerts",
  maintenance: "planned maintenance",
  "on-call": "on-call",
  forwarder: "webhook forwarder",
  dashboard: "dashboard",
  catalog: "Software Catalog",
  component: "components",
};

/** The order categories are shown in; components are not shown. */
export const SHOWN_CATEGORIES: readonly Category[] = ["monitor", "slo", "burn-alert", "maintenance", "on-call", "forwarder", "dashboard", "catalog"];

/** Heading of an integration's group in the plan and its diff. */
export const integrationTitle = (i: Integration) => `#${i.rank} ${i.id}: ${i.name} (${formatUsdPerHour(i.revenue.usdPerHour)}, tier ${i.tier}, owner ${i.owner})`;

/** Title of the group of resources that belong to no integration. */
export const SHARED_TITLE = "Shared: on-call rotations, routing, webhook forwarder and dashboard";

export function category(r: PlannedResource): Category {
  if (r.type.startsWith("martech:")) return "component";
  if (r.type === MONITOR) return r.inputs.type === "slo alert" ? "burn-alert" : "monitor";
  if (r.type === SLO) return "slo";
  if (r.type === DASHBOARD) return "dashboard";
  if (r.type === DOWNTIME_SCHEDULE || r.type === SLO_CORRECTION) return "maintenance";
  if (r.type === SOFTWARE_CATALOG) return "catalog";
  if (r.type.startsWith("aws:") || r.type === METRIC_TAG_CONFIGURATION) return "forwarder";
  return "on-call";
}

/** The integration id a resource belongs to, from its name (derived from ids); undefined for shared resources. */
export function owningIntegration(r: PlannedResource): string | undefined {
  return integrationOfName(r.name);
}
