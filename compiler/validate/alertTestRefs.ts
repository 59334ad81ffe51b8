/**
 * What a monitor reference of an alert test (`firing`, `warning`, `quiet`) names in its
 * integration, judged as the lowering judges it: a failure mode's monitor is always created
 * (lower/monitors.ts); a burn-rate alert `<slo-id>/<tier>` only when its SLO is not retired
 * (lower/slos.ts) and its tier is neither set to off nor dropped (lower/burnRate.ts
 * burnAlerts under sloBurnPolicy). Anomaly monitors are created but not simulated
 * (simulate/evaluate.ts reports them not evaluated).
 */
import { burnAlerts, sloBurnPolicy, type BurnTierId, type DroppedTier } from "../lower/burnRate";
import { BURN_TIER_IDS, EXPECTED_LISTS, formatMonitorRef, parseMonitorRef, type Expected, type MonitorRef } from "../simulate/alertTest";
import { isSloWindow, type IntegrationDoc, type SloDoc } from "./schema";

export type ResolvedRef =
  | { readonly kind: "simulated"; readonly ref: MonitorRef }
  | { readonly kind: "malformed" }
  | { readonly kind: "unknown"; readonly ref: MonitorRef }
  | { readonly kind: "anomaly"; readonly ref: MonitorRef }
  | { readonly kind: "retired"; readonly ref: MonitorRef; readonly slo: SloDoc }
  | { readonly kind: "off"; readonly ref: MonitorRef; readonly slo: SloDoc; readonly tier: BurnTierId }
  | { readonly kind: "dropped"; readonly ref: MonitorRef; readonly slo: SloDoc; readonly tier: DroppedTier };

export function resolveMonitorRef(integration: IntegrationDoc, text: string): ResolvedRef {
  const ref = parseMonitorRef(text);
  if (!ref) return { kind: "malformed" };
  if (ref.kind === "failure-mode") {
    const mode = integration.failureModes.find((m) => m.id === ref.id);
    if (!mode) return { kind: "unknown", ref };
    return mode.detection.kind === "anomaly" ? { kind: "anomaly", ref } : { kind: "simulated", ref };
  }
  const slo = integration.slos.find((s) => s.id === ref.slo);
  if (!slo) return { kind: "unknown", ref };
  if (slo.retired) return { kind: "retired", ref, slo };
  const policy = sloBurnPolicy(integration, slo);
  if (policy[ref.tier] === "off") return { kind: "off", ref, slo, tier: ref.tier };
  // An SLO window Datadog lacks is reported by slo-window; nothing more to say about its tiers.
  if (!isSloWindow(slo.window)) return { kind: "simulated", ref };
  const dropped = burnAlerts(slo.objective, slo.window, policy).dropped.find((t) => t.id === ref.tier);
  return dropped ? { kind: "dropped", ref, slo, tier: dropped } : { kind: "simulated", ref };
}

/** Every name a test may use for this integration's monitors: the simulated ones, for did-you-mean and "expected one of". */
export function simulatedMonitorNames(integration: IntegrationDoc): string[] {
  const candidates = [
    ...integration.failureModes.map((m) => m.id),
    ...integration.slos.flatMap((s) => BURN_TIER_IDS.map((tier) => `${s.id}/${tier}`)),
  ];
  return candidates.filter((c) => resolveMonitorRef(integration, c).kind === "simulated").map((c) => formatMonitorRef(parseMonitorRef(c)!));
}

export interface LocatedRef {
  readonly text: string;
  readonly list: Expected;
  /** Index of the expectation in `expect`, and of the reference in its list. */
  readonly expectation: number;
  readonly index: number;
}

/** Every reference of a test's expectations, in order. */
export function refsOf(expect: readonly { readonly firing?: readonly string[]; readonly warning?: readonly string[]; readonly quiet?: readonly string[] }[]): LocatedRef[] {
  return expect.flatMap((e, expectation) => EXPECTED_LISTS.flatMap((list) => (e[list] ?? []).map((text, index) => ({ text, list, expectation, index }))));
}
