/**
 * What the plan reports for each resource: its type, logical name and inputs, with secret
 * inputs shown as "[secret]". Both the spec path and the mock-engine path produce this
 * shape, sorted by name then type, so they can be compared byte for byte.
 */
import type { DesiredState } from "../lower/spec";
import { stableJson } from "../stableJson";

export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export const SECRET = "[secret]";

export function comparePlanned(a: PlannedResource, b: PlannedResource): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

export function plannedResources(state: DesiredState): PlannedResource[] {
  return state.resources
    .map((spec) => {
      const inputs = JSON.parse(JSON.stringify(spec.inputs)) as Record<string, unknown>;
      for (const key of spec.secretInputs ?? []) inputs[key] = SECRET;
      return { type: spec.type, name: spec.name, inputs };
    })
    .sort(comparePlanned);
}

/** `{ "resources": [...] }` with keys sorted at every level. */
export function planJson(resources: readonly PlannedResource[]): string {
  return `${stableJson({ resources }, 2)}\n`;
}
