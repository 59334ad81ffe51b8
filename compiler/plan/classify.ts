/** Which integration (or rotation) a planned resource belongs to, and what kind of thing it is. */
import type { Inventory } from "../model";
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

/** Finds the integration id a resource belongs to, from its tags or its name; undefined for shared resources. */
export function integrationOwner(inventory: Inventory): (r: PlannedResource) => string | undefined {
  // Longest first, so an id that prefixes another's name is not matched by mistake.
  const ids = inventory.integrations.map((i) => i.id).sort((a, b) => b.length - a.length);
  return (r) => {
    const tags = Array.isArray(r.inputs.tags) ? (r.inputs.tags as string[]) : [];
    const tagged = tags.find((t) => t.startsWith("integration:"));
    if (tagged) return tagged.slice("integration:".length);
    return ids.find((id) => r.name.startsWith(`${id}-`));
  };
}
