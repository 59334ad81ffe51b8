/**
 * Alert tests as the model holds them (no positions): an integration's `alertTests:`, or those of
 * `tests/<id>.yaml` beside its file, in the style of promtool's rule tests
 * (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/): input series
 * in the expanding notation, evaluation times, and the monitors expected to fire, to warn and to
 * stay quiet at each.
 *
 * A monitor is named by its failure mode's id, or by `<slo-id>/<tier>` for an SLO's burn-rate
 * alert (`lead-delivered-within-5m/fast`); ids never contain `/`, so the two cannot collide.
 */
import type { InputSeries } from "./input";
import type { BurnTierId } from "../lower/burnRate";

export interface AlertExpectation {
  /** Simulated seconds from the first sample. */
  readonly atSeconds: number;
  /** In ALERT (or NO DATA, the state a heartbeat fires in) for at least one group. */
  readonly firing: readonly string[];
  /** In WARN for at least one group. */
  readonly warning: readonly string[];
  /** OK in every group. */
  readonly quiet: readonly string[];
}

export interface AlertTest {
  /** Unique within the integration; `npm run simulate -- <integration> --scenario <name>` selects it. */
  readonly name: string;
  /** Spacing of the input samples (sample i is at i * intervalSeconds). */
  readonly intervalSeconds: number;
  readonly input: readonly InputSeries[];
  readonly expect: readonly AlertExpectation[];
}

export type MonitorRef = { readonly kind: "failure-mode"; readonly id: string } | { readonly kind: "burn-tier"; readonly slo: string; readonly tier: BurnTierId };

export const BURN_TIER_IDS: readonly BurnTierId[] = ["fast", "medium", "slow"];

/** An expectation's three lists, in the order tests write them and reports print them. */
export const EXPECTED_LISTS = ["firing", "warning", "quiet"] as const;
export type Expected = (typeof EXPECTED_LISTS)[number];

/** Each list of an expectation with its references. */
export function expectedLists(e: AlertExpectation): [Expected, readonly string[]][] {
  return EXPECTED_LISTS.map((list) => [list, e[list]]);
}

/** The monitors a test's expectations name, in order of first mention. */
export function namedMonitors(test: AlertTest): string[] {
  return [...new Set(test.expect.flatMap((e) => EXPECTED_LISTS.flatMap((list) => e[list])))];
}

/** The last evaluation an expectation asks about: the simulation of a test runs from 0 to it. */
export function lastExpectation(test: AlertTest): number {
  return Math.max(0, ...test.expect.map((e) => e.atSeconds));
}

/** A reference as written, or undefined when it is neither form (check reports it with its position). */
export function parseMonitorRef(text: string): MonitorRef | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text) ? { kind: "failure-mode", id: text } : undefined;
  const slo = text.slice(0, slash);
  const tier = text.slice(slash + 1) as BurnTierId;
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slo) && BURN_TIER_IDS.includes(tier) ? { kind: "burn-tier", slo, tier } : undefined;
}

export function formatMonitorRef(ref: MonitorRef): string {
  return ref.kind === "failure-mode" ? ref.id : `${ref.slo}/${ref.tier}`;
}
