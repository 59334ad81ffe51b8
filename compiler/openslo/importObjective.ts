/**
 * OpenSLO `objectives` -> the inventory's `objective` (a percentage). An inventory SLO has one
 * objective, a Datadog target above 0 and below 100 with at most three decimals
 * (validate/schema.ts objective-range, objective-precision). Either `target` (a fraction) or
 * `targetPercent` is read, as the spec allows ("Either target or targetPercent must be used").
 */
import type { Path } from "../path";
import { field, has } from "./fields";
import { percentToObjective, targetToObjective } from "./sloTarget";

export interface ObjectiveProblem {
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly path: Path;
  readonly key?: boolean;
}

export function importObjective(spec: unknown): { objective?: number; problems: ObjectiveProblem[] } {
  const base: Path = ["spec", "objectives"];
  const objectives = field(spec, "objectives");
  const error = (message: string, path: Path, key = false) => ({ problems: [{ severity: "error" as const, message, path, key }] });
  if (!Array.isArray(objectives) || objectives.length === 0) return error("has no objectives; an inventory SLO needs one target", has(spec, "objectives") ? base : ["spec"]);
  if (objectives.some((o) => has(o, "indicator") || has(o, "indicatorRef"))) {
    const i = objectives.findIndex((o) => has(o, "indicator") || has(o, "indicatorRef"));
    return error("is a composite SLO (an indicator per objective), which cannot be represented: an inventory SLO has one indicator and one objective", [...base, i]);
  }
  if (objectives.length > 1) return error(`has ${objectives.length} objectives; an inventory SLO has exactly one, so write one SLO per objective`, [...base, 1]);
  const at: Path = [...base, 0];
  const objective = objectives[0];
  const problems: ObjectiveProblem[] = [];
  for (const key of ["op", "value", "timeSliceTarget", "timeSliceWindow"]) {
    if (has(objective, key)) problems.push({ severity: "warning", message: `spec.objectives[0].${key} is not imported: it has no meaning for a ratio SLO counted by occurrences`, path: [...at, key], key: true });
  }
  const hasTarget = has(objective, "target");
  if (hasTarget === has(objective, "targetPercent")) return { problems: [...problems, { severity: "error", message: "spec.objectives[0] must have exactly one of target and targetPercent (OpenSLO spec)", path: at }] };
  const key = hasTarget ? "target" : "targetPercent";
  const value = field(objective, key);
  const path: Path = [...at, key];
  if (typeof value !== "number" || !Number.isFinite(value)) return { problems: [...problems, { severity: "error", message: `spec.objectives[0].${key} must be a number`, path }] };
  const percent = hasTarget ? value * 100 : value;
  const shown = `${key} ${value}`;
  if (!(percent > 0 && percent < 100)) return { problems: [...problems, { severity: "error", message: `spec.objectives[0].${shown} cannot be represented: an inventory objective is a percentage above 0 and below 100`, path }] };
  const converted = hasTarget ? targetToObjective(value) : percentToObjective(value);
  if (converted === undefined) return { problems: [...problems, { severity: "error", message: `spec.objectives[0].${shown} cannot be represented: Datadog SLO targets take at most three decimals of a percentage (such as 99.95 or 99.999)`, path }] };
  return { objective: converted, problems };
}
