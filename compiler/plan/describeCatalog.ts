/** Software Catalog entities in words, read back from their entity YAML (lower/catalog.ts). */
import { readEntityYaml, systemOfEntityName, type ReadCatalogEntity } from "../lower/catalog";
import { REF_PATTERN } from "../lower/spec";
import { diffValues, isRecord, type FieldChange } from "./diffPlans";
import type { PlannedResource } from "./plannedResource";

/** The entity YAML of a catalog resource, or undefined when it does not parse as a mapping. */
export function catalogEntity(r: PlannedResource): ReadCatalogEntity | undefined {
  return readEntityYaml(r.inputs.entity);
}

/**
 * A change of an entity said field by field ("entity.metadata.owner a → b", "entity.spec.dependsOn:
 * added service:system--x") instead of as lines of YAML; each link as "name url", so a new failure mode's
 * section reads "added Runbook: ... https://...#...". Other fields pass through.
 */
export function catalogFieldChanges(fields: readonly FieldChange[]): FieldChange[] {
  return fields.flatMap((f) => {
    if (f.path.length !== 1 || f.path[0] !== "entity") return [f];
    const [a, b] = [readEntityYaml(f.before), readEntityYaml(f.after)];
    return a && b ? diffValues(withReadableLinks(a), withReadableLinks(b), ["entity"]) : [f];
  });
}

function withReadableLinks(entity: ReadCatalogEntity): Record<string, unknown> {
  const metadata = entity.metadata;
  if (!isRecord(metadata) || !Array.isArray(metadata.links)) return entity;
  const links = metadata.links.map((l) => (isRecord(l) ? `${String(l.name)} ${String(l.url)}` : l));
  return { ...entity, metadata: { ...metadata, links } };
}

/**
 * "catalog service web-lead-form-to-crm (owner growth-engineering, tier 1, production, on call:
 * its PagerDuty service; depends on website, hubspot; links: runbook, 5 failure-mode sections, dashboard)"
 * or "catalog system salesforce "Salesforce Sales Cloud" (crm, status page)".
 */
export function describeCatalog(r: PlannedResource): string {
  const e = catalogEntity(r);
  if (!e) return `catalog entity ${r.name} (unreadable entity YAML)`;
  const m = e.metadata ?? {};
  const links = m.links ?? [];
  const system = systemOfEntityName(String(m.name));
  if (e.kind !== "service" || system !== undefined) {
    const status = links.some((l) => l?.type === "other" && l.name === "Status page") ? ", status page" : "";
    return `catalog ${system === undefined ? `${e.kind} ${m.name}` : `system ${system}`} "${m.displayName ?? m.name}" (${e.spec?.type ?? "no type"}${status})`;
  }
  const serviceURL = e.integrations?.pagerduty?.serviceURL;
  const onCall = serviceURL === undefined ? "no on-call (never pages)" : new RegExp(REF_PATTERN.source).test(serviceURL) ? "on call: its PagerDuty service" : `on call: ${serviceURL}`;
  const depends = (e.spec?.dependsOn ?? []).map((d) => systemOfEntityName(String(d).replace(/^service:/, "")) ?? d);
  const sections = links.filter((l) => l?.type === "runbook").length - 1;
  const linkWords = [
    ...(links.some((l) => l?.type === "runbook") ? ["runbook"] : []),
    ...(sections > 0 ? [`${sections} failure-mode section${sections === 1 ? "" : "s"}`] : []),
    ...(links.some((l) => l?.type === "dashboard") ? ["dashboard"] : []),
  ];
  return `catalog service ${m.name} (owner ${m.owner ?? "none"}, tier ${e.spec?.tier ?? "none"}, ${e.spec?.lifecycle ?? "no lifecycle"}, ${onCall}; depends on ${depends.join(", ") || "nothing"}; links: ${linkWords.join(", ") || "none"})`;
}
