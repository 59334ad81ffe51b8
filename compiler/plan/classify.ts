/** Which integration (or rotation) a planned resource belongs to, and what kind of thing it is. */
import { integrationOfName } from "../lower/names";
import type { PlannedResource } from "./plannedResource";

export type Category = "monitor" | "slo" | "burn-alert" | "on-call" | "dashboard" | "component";

export const CATEGORY_LABELS: Record<Category, string> = {
  monitor: "monitors",
  slo: "SLOs",
  "burn-alert": "burn-rate alerts",
  "on-call": "on-call",
  dashboard: "dashboard",
  component: "components",
};

export function category(r: PlannedResource): Category {
  if (r.type.startsWith("martech:")) return "component";
  if (r.type === "datadog:index/monitor:Monitor") return r.inputs.type === "slo alert" ? "burn-alert" : "monitor";
  if (r.type === "datadog:index/serviceLevelObjective:ServiceLevelObjective") return "slo";
  if (r.type.startsWith("datadog:index/dashboard")) return "dashboard";
  return "on-call";
}

/** The integration id a resource belongs to, from its name (derived from ids); undefined for shared resources. */
export function owningIntegration(r: PlannedResource): string | undefined {
  return integrationOfName(r.name);
}
