/**
 * What `npm run simulate` prints for a whole inventory: a line per integration with its counts,
 * a line per failed expectation naming the test, the monitor, the expected and the observed
 * state, a line per monitor not simulated (with why) and per wrong message text (naming the
 * monitor and the notification), and a last line with the totals. Plain text, no colours; every
 * piece a pull request wrote goes through terminalText.
 */
import { plural, simulatedTime } from "./format";
import type { IntegrationSimulation, ScenarioResult } from "./simulateInventory";
import { simulationCounts } from "./simulateInventory";
import { terminalText } from "./terminalText";

/** `<integration> › <test>: <monitor> expected <state> at <time>, observed <states>`, one per failed expectation. */
export function failureLines(integration: string, r: ScenarioResult): string[] {
  const prefix = `${terminalText(integration)} › ${terminalText(r.test.name)}`;
  if (r.error !== undefined) return [`${prefix}: could not be simulated: ${terminalText(r.error)}`];
  return r.failures.map((f) => `${prefix}: ${terminalText(f.monitor)} expected ${f.expected} at ${simulatedTime(f.atSeconds)}, observed ${terminalText(f.observed)}`);
}

/**
 * `<integration> › not simulated: <monitor>: <why>` per monitor no drill exercises (a failure
 * unless it is an anomaly monitor), then `<integration> › message of <monitor> for
 * <notification>: <problem>` per wrong text.
 */
export function coverageLines(sim: Pick<IntegrationSimulation, "integration" | "notSimulated" | "messages">): string[] {
  const id = terminalText(sim.integration.id);
  return [
    ...sim.notSimulated.map((n) => `${id} › not simulated: ${terminalText(n.monitor)}: ${terminalText(n.reason)}${n.failed ? " (a failure)" : ""}`),
    ...(sim.messages?.problems ?? []).map((p) => `${id} › message of ${terminalText(p.monitor)}${p.notification === undefined ? "" : ` for ${p.notification}`}: ${terminalText(p.problem)}`),
  ];
}

/** `web-lead-form-to-crm: 2 alert tests and 9 drills, all passed`, with failures and message problems counted when there are some. */
export function integrationLine(sim: IntegrationSimulation): string {
  const tests = sim.scenarios.filter((s) => s.kind === "alert test").length;
  const drills = sim.scenarios.length - tests;
  const id = terminalText(sim.integration.id);
  const c = simulationCounts([sim]);
  const problems = c.messageProblems ? `, ${plural(c.messageProblems, "message problem")}` : "";
  if (sim.scenarios.length === 0 && c.failed === 0) return `${id}: no alert tests or drills${problems}`;
  return `${id}: ${plural(tests, "alert test")} and ${plural(drills, "drill")}, ${c.failed ? `${c.failed} failed` : "all passed"}${problems}`;
}

/**
 * `N alert tests and M drills passed, K failed; messages of X monitors checked, P problems; A
 * monitors not simulated (...)`, the last two parts when there is something to count.
 */
export function summaryLine(sims: readonly IntegrationSimulation[]): string {
  const c = simulationCounts(sims);
  return [
    `${plural(c.alertTestsPassed, "alert test")} and ${plural(c.drillsPassed, "drill")} passed, ${c.failed} failed`,
    ...(c.messagesChecked || c.messageProblems ? [`messages of ${plural(c.messagesChecked, "monitor")} checked, ${plural(c.messageProblems, "problem")}`] : []),
    ...(c.notSimulated ? [`${plural(c.notSimulated, "monitor")} not simulated (listed above)`] : []),
  ].join("; ");
}

export function renderSummary(sims: readonly IntegrationSimulation[]): string {
  const lines: string[] = [];
  for (const sim of sims) {
    lines.push(integrationLine(sim));
    for (const r of sim.scenarios) lines.push(...failureLines(sim.integration.id, r));
    lines.push(...coverageLines(sim));
  }
  lines.push(summaryLine(sims));
  return `${lines.join("\n")}\n`;
}
