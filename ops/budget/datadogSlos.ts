/**
 * Finds the Datadog SLO for an inventory SLO by the tags lower/slos.ts puts on it:
 * `integration:<id>`, `slo:<slo id>` and `env:<environment>`. Shared by budget-gate and report.
 */
import type { DatadogSlo } from "../datadog/types";

export type SloMatch = { readonly slo: DatadogSlo; readonly problem?: undefined } | { readonly slo?: undefined; readonly problem: string };

export function findDatadogSlo(slos: readonly DatadogSlo[], integrationId: string, sloId: string, environment: string): SloMatch {
  const wanted = [`integration:${integrationId}`, `slo:${sloId}`, `env:${environment}`];
  // Datadog lowercases tags; inventory ids are lowercase already.
  const matches = slos.filter((s) => wanted.every((t) => s.tags.some((tag) => tag.toLowerCase() === t)));
  if (matches.length === 1) return { slo: matches[0] };
  const tags = wanted.join(", ");
  if (matches.length === 0) return { problem: `not found in Datadog (no SLO tagged ${tags})` };
  // Two SLOs claiming one inventory SLO: either could be the real one, so neither is trusted.
  return { problem: `${matches.length} Datadog SLOs are tagged ${tags} (${matches.map((m) => m.id).sort().join(", ")}), so which one counts is unknown` };
}
