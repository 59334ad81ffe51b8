/**
 * After `pulumi up`: what Datadog should hold (from the lowered specs) against what it holds
 * (read back through the API). Pure, so every sentence it can produce is tested without HTTP.
 * Monitors and SLOs are matched by name, then by tags; a managed monitor must carry its
 * `Runbook: <url>` line with the inventory's URL, and a burn-rate alert must point at the
 * SLO that Datadog holds under the expected name.
 */
import { MONITOR } from "../../compiler/lower/monitors";
import { SLO } from "../../compiler/lower/slos";
import { REF_PATTERN, type ResourceSpec } from "../../compiler/lower/spec";
import type { DatadogMonitor, DatadogSlo } from "./types";

export interface ExpectedMonitor {
  readonly name: string;
  readonly tags: readonly string[];
  /** From the message's `Runbook: <url>` line; undefined when the spec has none. */
  readonly runbookUrl?: string;
  /** Expected names of the SLOs the query references (burn-rate alerts). */
  readonly sloNames: readonly string[];
}

export interface ExpectedSlo {
  readonly name: string;
  readonly tags: readonly string[];
  readonly thresholds: readonly { timeframe: string; target: number }[];
}

export interface ExpectedDatadog {
  readonly monitors: readonly ExpectedMonitor[];
  readonly slos: readonly ExpectedSlo[];
}

export interface DeployedDatadog {
  readonly monitors: readonly DatadogMonitor[];
  readonly slos: readonly DatadogSlo[];
}

export interface CheckResult {
  /** Each a plain sentence; any one fails the check. */
  readonly problems: string[];
  /** Managed resources Datadog holds that the inventory does not: reported, not failed. */
  readonly notes: string[];
}

const RUNBOOK_LINE = /^Runbook:[ \t]*(\S*)[ \t]*$/gm;

/** Every Datadog monitor and SLO the lowered specs create. */
export function expectedDatadog(resources: readonly ResourceSpec[]): ExpectedDatadog {
  const sloNameByLogical = new Map(resources.filter((r) => r.type === SLO).map((r) => [r.name, (r.inputs as { name: string }).name]));
  const monitors = resources
    .filter((r) => r.type === MONITOR)
    .map((r): ExpectedMonitor => {
      const inputs = r.inputs as { name: string; tags?: string[]; message?: string; query?: string };
      const links = runbookLinks(inputs.message ?? "");
      const sloNames = [...(inputs.query ?? "").matchAll(REF_PATTERN)].map((m) => sloNameByLogical.get(m[1])).filter((n): n is string => n !== undefined);
      return { name: inputs.name, tags: inputs.tags ?? [], ...(links.length ? { runbookUrl: links[links.length - 1] } : {}), sloNames };
    });
  const slos = resources
    .filter((r) => r.type === SLO)
    .map((r): ExpectedSlo => {
      const inputs = r.inputs as { name: string; tags?: string[]; thresholds?: { timeframe: string; target: number }[] };
      return { name: inputs.name, tags: inputs.tags ?? [], thresholds: inputs.thresholds ?? [] };
    });
  return { monitors, slos };
}

export function checkDeployed(expected: ExpectedDatadog, deployed: DeployedDatadog): CheckResult {
  const problems: string[] = [];
  const sloIds = new Map<string, string>();

  const usedSlos = new Set<DatadogSlo>();
  for (const slo of expected.slos) {
    const found = match(slo, deployed.slos, "SLO", problems);
    if (!found) continue;
    usedSlos.add(found);
    sloIds.set(slo.name, found.id);
    for (const t of slo.thresholds) {
      if (!found.thresholds.some((d) => d.timeframe === t.timeframe && d.target === t.target)) {
        const has = found.thresholds.map((d) => `${d.target}% over ${d.timeframe}`).join(", ") || "no target";
        problems.push(`SLO "${slo.name}" (id ${found.id}) targets ${has} in Datadog, but the inventory says ${t.target}% over ${t.timeframe}.`);
      }
    }
  }

  const usedMonitors = new Set<DatadogMonitor>();
  for (const monitor of expected.monitors) {
    const found = match(monitor, deployed.monitors, "monitor", problems);
    if (!found) continue;
    usedMonitors.add(found);
    if (monitor.runbookUrl !== undefined) {
      const links = runbookLinks(found.message);
      if (links.length === 0) problems.push(`monitor "${monitor.name}" (id ${found.id}) has no runbook link: its message lacks the line "Runbook: ${monitor.runbookUrl}".`);
      else if (!links.includes(monitor.runbookUrl)) problems.push(`monitor "${monitor.name}" (id ${found.id}) links to ${links[links.length - 1]} instead of its runbook section ${monitor.runbookUrl}.`);
    }
    for (const sloName of monitor.sloNames) {
      const id = sloIds.get(sloName);
      if (id !== undefined && !found.query.includes(`"${id}"`)) problems.push(`burn-rate monitor "${monitor.name}" (id ${found.id}) does not watch SLO "${sloName}" (id ${id}): its query is ${found.query}.`);
    }
  }

  const notes = [
    ...deployed.slos.filter((s) => !usedSlos.has(s) && !expected.slos.some((e) => e.name === s.name)).map((s) => `SLO "${s.name}" (id ${s.id}) is tagged managed-by:pulumi in Datadog but is not in the inventory.`),
    ...deployed.monitors.filter((m) => !usedMonitors.has(m) && !expected.monitors.some((e) => e.name === m.name)).map((m) => `monitor "${m.name}" (id ${m.id}) is tagged managed-by:pulumi in Datadog but is not in the inventory.`),
  ];
  return { problems, notes };
}

/** The one deployed resource with the expected name and every expected tag; a problem sentence otherwise. */
function match<T extends { name: string; tags: readonly string[]; id: string | number }>(expected: { name: string; tags: readonly string[] }, deployed: readonly T[], what: string, problems: string[]): T | undefined {
  const named = deployed.filter((d) => d.name === expected.name);
  const exact = named.filter((d) => expected.tags.every((t) => d.tags.includes(t)));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    problems.push(`${what} "${expected.name}" exists ${exact.length} times in Datadog (ids ${exact.map((d) => d.id).join(", ")}); Pulumi manages one, so delete the others.`);
    return exact[0];
  }
  if (named.length === 0) {
    problems.push(`${what} "${expected.name}" is not in Datadog: no ${what} of that name carries the tags ${expected.tags.filter((t) => t.startsWith("env:") || t === "managed-by:pulumi").join(" and ") || "expected"}.`);
    return undefined;
  }
  const closest = named[0];
  const missing = expected.tags.filter((t) => !closest.tags.includes(t));
  problems.push(`${what} "${expected.name}" (id ${closest.id}) is in Datadog without the tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
  return closest;
}

function runbookLinks(message: string): string[] {
  return [...message.matchAll(RUNBOOK_LINE)].map((m) => m[1]).filter((url) => url !== "");
}
