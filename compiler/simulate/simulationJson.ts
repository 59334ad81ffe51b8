/**
 * `npm run simulate -- --json`: the same results as the text output, for tools. Keys in a fixed
 * order, times both as the inventory writes them (`90m`) and in seconds. With `notifications`,
 * each scenario carries every simulated monitor's notifications (the timeline's state changes
 * and renotifications).
 */
import { simulatedTime } from "./format";
import { simulationCounts, type IntegrationSimulation, type ScenarioResult, scenarioPassed } from "./simulateInventory";
import { terminalJson } from "./terminalText";

export function simulationJson(sims: readonly IntegrationSimulation[], options: { readonly notifications?: boolean } = {}): string {
  const doc = {
    integrations: sims.map((sim) => ({
      id: sim.integration.id,
      alertTests: sim.scenarios.filter((s) => s.kind === "alert test").length,
      drills: sim.scenarios.filter((s) => s.kind === "drill").length,
      failed: simulationCounts([sim]).failed,
      scenarios: sim.scenarios.map((r) => scenarioJson(r, options.notifications ?? false)),
      notSimulated: sim.notSimulated.map((n) => ({ monitor: n.monitor, reason: n.reason, failed: n.failed })),
      ...(sim.messages && { messages: { checked: sim.messages.checked, problems: sim.messages.problems.map((p) => ({ monitor: p.monitor, ...(p.notification !== undefined && { notification: p.notification }), problem: p.problem })) } }),
    })),
    ...simulationCounts(sims),
  };
  return `${terminalJson(JSON.stringify(doc, null, 2))}\n`;
}

function scenarioJson(r: ScenarioResult, notifications: boolean) {
  return {
    name: r.test.name,
    kind: r.kind,
    passed: scenarioPassed(r),
    ...(r.error !== undefined && { error: r.error }),
    failures: r.failures.map((f) => ({ monitor: f.monitor, expected: f.expected, at: simulatedTime(f.atSeconds), atSeconds: f.atSeconds, observed: f.observed })),
    ...(notifications && {
      notifications: Object.fromEntries(
        [...r.timelines].map(([ref, t]) => [ref, t.notEvaluated ? { notSimulated: t.notEvaluated.message } : t.notifications.map((n) => ({ at: simulatedTime(n.at), atSeconds: n.at, group: n.group, kind: n.kind, from: n.from, state: n.state }))]),
      ),
    }),
  };
}
