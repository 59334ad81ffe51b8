/**
 * The monitors the plan creates for one integration, ready to simulate, by the names alert tests
 * use: a failure mode's id for its monitor, `<slo-id>/<tier>` for a burn-rate alert. Read from
 * the lowered specs themselves (their `query` and options), so a simulation judges exactly what
 * Datadog would receive.
 */
import { names } from "../lower/names";
import { MONITOR } from "../lower/monitors";
import { SLO } from "../lower/slos";
import { BURN_TIERS } from "../lower/burnRate";
import { REF_PATTERN } from "../lower/spec";
import { formatMonitorRef, type MonitorRef } from "./alertTest";
import { parseBurnRateAlert } from "./burnRate";
import { parseMetricMonitor, type SimulatedMonitorOptions } from "./evaluate";
import type { SimulatedMonitor } from "./timeline";

/** A planned resource as the lower stage and the plan's JSON both hold it. */
export interface PlannedResourceLike {
  readonly type: string;
  readonly name: string;
  readonly inputs: object;
}

export interface PlannedMonitor {
  readonly ref: MonitorRef;
  /** The Pulumi resource name. */
  readonly resource: string;
  /** The monitor's Datadog name. */
  readonly title: string;
  readonly monitor: SimulatedMonitor;
  /** The monitor's inputs as planned (message, tags...). */
  readonly inputs: Readonly<Record<string, unknown>>;
}

interface MonitorInputs extends SimulatedMonitorOptions {
  readonly name: string;
  readonly type: string;
  readonly query: string;
}

interface SloInputs {
  readonly query: { readonly numerator: string; readonly denominator: string };
  readonly targetThreshold: number;
}

/** Keyed by `formatMonitorRef`. Monitors of the integration that no alert test can name are left out: see otherMonitors. */
export function plannedMonitors(resources: readonly PlannedResourceLike[], integration: { readonly id: string; readonly failureModes: readonly { readonly id: string }[]; readonly slos: readonly { readonly id: string }[] }): Map<string, PlannedMonitor> {
  const byName = resourcesByName(resources);
  const out = new Map<string, PlannedMonitor>();
  const add = (ref: MonitorRef, resource: PlannedResourceLike | undefined, toMonitor: (inputs: MonitorInputs) => SimulatedMonitor) => {
    if (!resource || resource.type !== MONITOR) return;
    const inputs = resource.inputs as MonitorInputs;
    out.set(formatMonitorRef(ref), { ref, resource: resource.name, title: inputs.name, monitor: toMonitor(inputs), inputs: inputs as unknown as Record<string, unknown> });
  };
  for (const mode of integration.failureModes) {
    add({ kind: "failure-mode", id: mode.id }, byName.get(names.monitor(integration.id, mode.id)), (inputs) => ({ kind: "metric", name: inputs.name, query: parseMetricMonitor(inputs.query), options: inputs }));
  }
  for (const slo of integration.slos) {
    for (const tier of BURN_TIERS) {
      add({ kind: "burn-tier", slo: slo.id, tier: tier.id }, byName.get(names.burnAlert(integration.id, slo.id, tier.id)), (inputs) => {
        const query = parseBurnRateAlert(inputs.query);
        const sloResource = byName.get(sloNameOf(query.sloId) ?? names.slo(integration.id, slo.id));
        if (!sloResource || sloResource.type !== SLO) throw new Error(`${inputs.name}: the SLO it watches is not in the plan`);
        const sloInputs = sloResource.inputs as SloInputs;
        return {
          kind: "burn_rate",
          name: inputs.name,
          query,
          slo: { numerator: sloInputs.query.numerator, denominator: sloInputs.query.denominator, target: sloInputs.targetThreshold },
          options: inputs,
        };
      });
    }
  }
  return out;
}

/**
 * The plan's resources by name, indexed once per list: the whole inventory's simulation asks for
 * each integration's monitors in the same list, and indexing it each time grew as the square of
 * the inventory (20,000 resources indexed 1,000 times at 1,000 integrations). Plans are not
 * changed once lowered.
 */
const indexes = new WeakMap<readonly PlannedResourceLike[], ReadonlyMap<string, PlannedResourceLike>>();

function resourcesByName(resources: readonly PlannedResourceLike[]): ReadonlyMap<string, PlannedResourceLike> {
  let index = indexes.get(resources);
  if (!index) indexes.set(resources, (index = new Map(resources.map((r) => [r.name, r]))));
  return index;
}

/** A monitor the plan creates for the integration that is neither a failure mode's nor an SLO tier's. */
export interface OtherMonitor {
  /** Its `failure_mode:` tag (`webhook-<source>-silent`), else the Pulumi resource name. */
  readonly id: string;
  readonly resource: string;
  readonly title: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * The integration's other monitors (tagged `integration:<id>`): today the forwarder's silence
 * monitor per webhook source (lower/forwarderMonitors.ts sourceSilenceSpecs), which alert tests
 * cannot name; simulate lists them as not simulated and checks their messages.
 */
export function otherMonitors(resources: readonly PlannedResourceLike[], integrationId: string, known: ReadonlyMap<string, PlannedMonitor>): OtherMonitor[] {
  const named = new Set([...known.values()].map((m) => m.resource));
  return (monitorsByIntegration(resources).get(integrationId) ?? [])
    .filter((r) => !named.has(r.name))
    .map((r) => {
      const inputs = r.inputs as { readonly name?: string; readonly tags?: readonly string[] };
      const mode = inputs.tags?.find((t) => t.startsWith("failure_mode:"))?.slice("failure_mode:".length);
      return { id: mode ?? r.name, resource: r.name, title: inputs.name ?? r.name, inputs: r.inputs as Record<string, unknown> };
    });
}

const byIntegration = new WeakMap<readonly PlannedResourceLike[], ReadonlyMap<string, readonly PlannedResourceLike[]>>();

/** Monitors by their `integration:` tag, indexed once per list as resourcesByName is. */
function monitorsByIntegration(resources: readonly PlannedResourceLike[]): ReadonlyMap<string, readonly PlannedResourceLike[]> {
  let index = byIntegration.get(resources);
  if (!index) {
    const map = new Map<string, PlannedResourceLike[]>();
    for (const r of resources) {
      if (r.type !== MONITOR) continue;
      const tag = (r.inputs as { readonly tags?: readonly string[] }).tags?.find((t) => t.startsWith("integration:"));
      if (!tag) continue;
      const id = tag.slice("integration:".length);
      const list = map.get(id) ?? [];
      list.push(r);
      map.set(id, list);
    }
    byIntegration.set(resources, (index = map));
  }
  return index;
}

/** The resource name inside `${ref:NAME:id}`, the form a burn-rate alert names its SLO by before deployment. */
function sloNameOf(sloId: string): string | undefined {
  const m = new RegExp(REF_PATTERN.source).exec(sloId);
  return m?.[1];
}
