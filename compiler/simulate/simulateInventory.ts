/**
 * `npm run simulate`'s core: for each integration, its written alert tests and its generated
 * drills run against the monitors the plan creates, each monitor without a drill listed with why
 * (an anomaly monitor, said plainly; any other is a failure), and every planned monitor's message
 * checked for the notifications its options allow and its simulations sent (messageChecks.ts).
 * Pure: takes the checked inventory and the lowered resources, prints nothing.
 */
import type { Integration, Inventory } from "../model";
import { lastExpectation, type AlertTest } from "./alertTest";
import { integrationDrills, type NotDrilled } from "./drills";
import { checkPlannedMessages, messageContextOf, recordSent, type MessageCheck, type SentNotifications } from "./messageChecks";
import { otherMonitors, plannedMonitors, type PlannedMonitor, type PlannedResourceLike } from "./plannedMonitors";
import type { MessageContext } from "./render/monitorMessages";
import { runAlertTest, type AlertTestFailure } from "./runAlertTest";
import { inStackEnvironment } from "./stackEnvironment";
import { monitorTimeline, type Timeline } from "./timeline";

/** Written in the inventory, or generated from a failure mode's detection (compiler/simulate/drills.ts). */
export type ScenarioKind = "alert test" | "drill";

export interface Scenario {
  readonly kind: ScenarioKind;
  readonly test: AlertTest;
}

export interface ScenarioResult extends Scenario {
  readonly failures: readonly AlertTestFailure[];
  /** By monitor reference: the monitors the test names, or every planned monitor when asked; empty unless `timelines` was asked for. */
  readonly timelines: ReadonlyMap<string, Timeline>;
  /**
   * Set when the simulation itself stopped (a monitor the simulator cannot read): the scenario
   * counts as failed with this reason, and the other scenarios still run.
   */
  readonly error?: string;
}

/** A failure mode, tier or monitor no drill exercises: an anomaly monitor, one this stack does not create, a forwarder monitor of the integration, or a failed derivation. */
export interface NotSimulated {
  /** The monitor reference, or the SLO's id for its quiet drill. */
  readonly monitor: string;
  readonly reason: string;
  /** True when a drill its detection implies could not be derived: a failure. False for a monitor never drilled (anomaly, forwarder) or not created. */
  readonly failed: boolean;
}

export interface IntegrationSimulation {
  readonly integration: Integration;
  readonly monitors: ReadonlyMap<string, PlannedMonitor>;
  readonly scenarios: readonly ScenarioResult[];
  readonly notSimulated: readonly NotSimulated[];
  /** Absent when only some scenarios ran (`--scenario`): the notifications sent are then not all known. */
  readonly messages?: MessageCheck;
}

export interface ScenarioOptions {
  /** Also simulate the planned monitors the test does not name, over the same time (for timelines). */
  readonly allMonitors?: boolean;
  /** Keep the timelines (a step per monitor and minute): for printing one integration's. */
  readonly timelines?: boolean;
}

/** What an anomaly monitor gets checked for instead, said beside why it has no drill. */
export const ANOMALY_CHECKED = "checked instead: its query parses, and its message renders right for each notification its options allow";
/** Why the integration's other monitors (otherMonitors) are not simulated, and what is checked for them. */
export const OTHER_NOT_SIMULATED =
  "a monitor of the forwarder for this integration, not of a failure mode or SLO, so alert tests cannot name it and no drill is derived for it; checked instead: its message renders right for each notification its options allow";

const NOT_DRILLED_REASON: Readonly<Record<NotDrilled["kind"], (why: string) => string>> = {
  anomaly: (why) => `${why}; ${ANOMALY_CHECKED}`,
  "not-created": (why) => why,
  underivable: (why) => `no drill could be derived: ${why}`,
};

/** The integration's scenarios in the order they are reported (its alert tests, then its drills), and the monitors no drill exercises. */
export function scenariosOf(integration: Integration, monitors: ReadonlyMap<string, PlannedMonitor>): { readonly scenarios: Scenario[]; readonly notSimulated: NotSimulated[] } {
  const drills = integrationDrills(integration, monitors);
  return {
    scenarios: [...integration.alertTests.map((test) => ({ kind: "alert test" as const, test })), ...drills.plans.map((p) => ({ kind: "drill" as const, test: p.test }))],
    notSimulated: drills.notDrilled.map((n) => ({ monitor: n.monitor, reason: NOT_DRILLED_REASON[n.kind](n.reason), failed: n.kind === "underivable" })),
  };
}

/** One scenario; with `sent`, the notifications its timelines sent are added to it before the timelines are let go. */
export function runScenario(scenario: Scenario, monitors: ReadonlyMap<string, PlannedMonitor>, options: ScenarioOptions = {}, sent?: SentNotifications): ScenarioResult {
  try {
    // Written series run in the stack's env; drills derive theirs from the scoped queries already.
    const test = scenario.kind === "alert test" ? inStackEnvironment(scenario.test, monitors) : scenario.test;
    const result = runAlertTest(test, monitors);
    const timelines = new Map(result.timelines);
    if (options.allMonitors) {
      const to = lastExpectation(test);
      const input = { intervalSeconds: test.intervalSeconds, series: test.input };
      for (const [ref, planned] of monitors) if (!timelines.has(ref)) timelines.set(ref, monitorTimeline(planned.monitor, input, { from: 0, to }));
    }
    if (sent) recordSent(sent, timelines);
    return { ...scenario, failures: result.failures, timelines: options.timelines || options.allMonitors ? timelines : new Map() };
  } catch (e) {
    return { ...scenario, failures: [], timelines: new Map(), error: e instanceof Error ? e.message : String(e) };
  }
}

export function scenarioPassed(r: ScenarioResult): boolean {
  return r.error === undefined && r.failures.length === 0;
}

/**
 * One integration: its planned monitors, every scenario's result, the monitors no drill covers,
 * and its monitors' messages checked against everything the scenarios sent. Timelines are let go
 * after each scenario unless asked for: a step per monitor and minute is about 500 bytes, and a
 * week-long test naming ten monitors is 100,000 of them.
 */
export function simulateIntegration(integration: Integration, resources: readonly PlannedResourceLike[], context: MessageContext, options: ScenarioOptions = {}): IntegrationSimulation {
  const monitors = plannedMonitors(resources, integration);
  const others = otherMonitors(resources, integration.id, monitors);
  const { scenarios, notSimulated } = scenariosOf(integration, monitors);
  const sent: SentNotifications = new Map();
  const results = scenarios.map((s) => runScenario(s, monitors, options, sent));
  return {
    integration,
    monitors,
    scenarios: results,
    notSimulated: [...notSimulated, ...others.map((o) => ({ monitor: o.id, reason: OTHER_NOT_SIMULATED, failed: false }))],
    messages: checkPlannedMessages(integration, monitors, others, sent, context),
  };
}

/** Every integration, in the inventory's order (revenue exposure), keeping failures and no timelines. */
export function simulateInventory(inventory: Inventory, state: { readonly resources: readonly PlannedResourceLike[]; readonly staging?: boolean }): IntegrationSimulation[] {
  const context = messageContextOf(inventory, { staging: state.staging });
  return inventory.integrations.map((integration) => simulateIntegration(integration, state.resources, context));
}

/** Scenarios alone: passed alert tests, passed drills, failed scenarios. */
export interface ScenarioCounts {
  readonly alertTestsPassed: number;
  readonly drillsPassed: number;
  readonly failed: number;
}

export function countResults(scenarios: readonly ScenarioResult[]): ScenarioCounts {
  const passed = scenarios.filter(scenarioPassed);
  return {
    alertTestsPassed: passed.filter((s) => s.kind === "alert test").length,
    drillsPassed: passed.filter((s) => s.kind === "drill").length,
    failed: scenarios.length - passed.length,
  };
}

type Simulated = Pick<IntegrationSimulation, "scenarios" | "notSimulated" | "messages">;

export interface SimulationCounts extends ScenarioCounts {
  /** Failed scenarios, and drills that could not be derived. */
  readonly failed: number;
  /** Anomaly, forwarder and not-created monitors: listed, not simulated, not failures. */
  readonly notSimulated: number;
  readonly messagesChecked: number;
  readonly messageProblems: number;
}

export function simulationCounts(sims: readonly Simulated[]): SimulationCounts {
  const scenarios = countResults(sims.flatMap((s) => s.scenarios));
  const notSimulated = sims.flatMap((s) => s.notSimulated);
  return {
    ...scenarios,
    failed: scenarios.failed + notSimulated.filter((n) => n.failed).length,
    notSimulated: notSimulated.filter((n) => !n.failed).length,
    messagesChecked: sims.reduce((n, s) => n + (s.messages?.checked ?? 0), 0),
    messageProblems: sims.reduce((n, s) => n + (s.messages?.problems.length ?? 0), 0),
  };
}

/** Nothing failed: every scenario passed, every drill could be derived, every message checked is right. */
export function simulationPassed(sims: readonly Simulated[]): boolean {
  const c = simulationCounts(sims);
  return c.failed === 0 && c.messageProblems === 0;
}
