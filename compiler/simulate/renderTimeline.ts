/**
 * `npm run simulate -- <integration>`: each scenario as a readable timeline. For every monitor
 * shown, the state at the first evaluation, each state change with its time, the value and
 * threshold behind it and the notification it sends (renotifications included), and the state
 * at the last evaluation; then each expectation and whether it held. Plain text for a terminal
 * or a CI log, without colours; every piece a pull request wrote goes through terminalText.
 */
import { expectedLists, namedMonitors, type Expected } from "./alertTest";
import { plural, simulatedTime } from "./format";
import { coverageLines, failureLines } from "./renderSummary";
import { type IntegrationSimulation, type ScenarioResult, scenarioPassed } from "./simulateInventory";
import type { PlannedMonitor } from "./plannedMonitors";
import type { Notification, Timeline, TimelineStep } from "./timeline";
import { terminalText } from "./terminalText";

export interface TimelineOptions {
  /** Show every planned monitor of the integration, not only those the test names. */
  readonly allMonitors?: boolean;
}

const TIME_WIDTH = 7;
const STATE_WIDTH = 16;

/** Each scenario's timeline, then (as the summary prints them) the monitors not simulated and any wrong message text. */
export function renderTimelines(sim: IntegrationSimulation, options: TimelineOptions = {}): string {
  const coverage = coverageLines(sim);
  const scenarios = sim.scenarios.map((r) => renderScenario(sim.integration.id, r, sim.monitors, options)).join("\n");
  return coverage.length ? `${scenarios}${scenarios ? "\n" : ""}${coverage.join("\n")}\n` : scenarios;
}

export function renderScenario(integration: string, r: ScenarioResult, monitors: ReadonlyMap<string, PlannedMonitor>, options: TimelineOptions = {}): string {
  const expectations = expectationRows(r);
  const held = expectations.filter((e) => e.held).length;
  const verdict = scenarioPassed(r) ? `passed (${plural(held, "expectation")} held)` : r.error !== undefined ? "failed" : `failed (${expectations.length - held} of ${plural(expectations.length, "expectation")})`;
  const lines = [`${terminalText(integration)} › ${terminalText(r.test.name)} (${r.kind}): ${verdict}`];
  if (r.error !== undefined) return `${[...lines, ...failureLines(integration, r).map((l) => `  ${l}`)].join("\n")}\n`;
  lines.push(`  input: ${r.test.input.length} series, one sample every ${simulatedTime(r.test.intervalSeconds)}`);
  const named = namedMonitors(r.test);
  const shown = options.allMonitors ? [...new Set([...monitors.keys(), ...named])] : named;
  for (const ref of shown) {
    const planned = monitors.get(ref);
    const note = options.allMonitors && !named.includes(ref) ? " (not named by the test)" : "";
    lines.push(`  ${terminalText(ref)}${planned ? `  "${terminalText(planned.title)}"` : ""}${note}`);
    lines.push(...monitorLines(planned, r.timelines.get(ref)).map((l) => `    ${l}`));
  }
  lines.push("  expectations:");
  for (const e of expectations) {
    const outcome = e.held ? "held" : `FAILED, observed ${terminalText(e.observed ?? "")}`;
    lines.push(`    ${simulatedTime(e.atSeconds).padStart(TIME_WIDTH)}  ${e.expected.padEnd(7)} ${terminalText(e.monitor)}: ${outcome}`);
  }
  return `${lines.join("\n")}\n`;
}

interface ExpectationRow {
  readonly atSeconds: number;
  readonly expected: Expected;
  readonly monitor: string;
  readonly held: boolean;
  readonly observed?: string;
}

function expectationRows(r: ScenarioResult): ExpectationRow[] {
  const rows: ExpectationRow[] = [];
  for (const e of r.test.expect) {
    for (const [expected, refs] of expectedLists(e)) {
      for (const monitor of refs) {
        const failure = r.failures.find((f) => f.monitor === monitor && f.atSeconds === e.atSeconds && f.expected === expected);
        rows.push({ atSeconds: e.atSeconds, expected, monitor, held: !failure, ...(failure && { observed: failure.observed }) });
      }
    }
  }
  return rows;
}

function monitorLines(planned: PlannedMonitor | undefined, timeline: Timeline | undefined): string[] {
  if (!planned) return ["the plan creates no such monitor"];
  if (!timeline) return ["not simulated"];
  if (timeline.notEvaluated) return [`not simulated: ${terminalText(timeline.notEvaluated.message)}`];
  if (timeline.steps.length === 0) return ["no evaluation"];
  const rows: { at: number; group: string; order: number; text: string }[] = [];
  const notifiedAt = new Set(timeline.notifications.map((n) => `${n.at}\u0000${n.group}`));
  const firstSeen = new Map<string, TimelineStep>();
  const lastSeen = new Map<string, TimelineStep>();
  for (const step of timeline.steps) {
    if (!firstSeen.has(step.group)) firstSeen.set(step.group, step);
    lastSeen.set(step.group, step);
  }
  const stepAt = (at: number, group: string) => timeline.steps.find((s) => s.at === at && s.group === group);
  for (const step of firstSeen.values()) {
    if (!notifiedAt.has(`${step.at}\u0000${step.group}`)) rows.push({ at: step.at, group: step.group, order: 0, text: row(step, step.state, step.why) });
  }
  for (const n of timeline.notifications) {
    const step = stepAt(n.at, n.group);
    rows.push({ at: n.at, group: n.group, order: 1, text: row(n, stateChange(n), `${step?.why ?? ""}  [notifies: ${n.kind}]`) });
  }
  for (const step of lastSeen.values()) {
    const printed = step === firstSeen.get(step.group) || notifiedAt.has(`${step.at}\u0000${step.group}`);
    if (!printed) rows.push({ at: step.at, group: step.group, order: 2, text: row(step, step.state, `${step.why}  (last evaluation)`) });
  }
  rows.sort((a, b) => a.at - b.at || a.order - b.order || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return rows.map((r) => r.text);
}

function stateChange(n: Notification): string {
  // Every renotification (alert, warning, no data) stays in its state: show it once.
  return n.renotify ? n.state : `${n.from} -> ${n.state}`;
}

/** `    62m  OK -> ALERT       sum over last_15m is 10.5; > 5 alerts  [notifies: alert]`, a group's tags first when it has some. */
function row(at: { readonly at: number; readonly group: string }, state: string, why: string): string {
  const group = at.group === "*" ? "" : `${terminalText(at.group)}: `;
  // "ALERT -> NO DATA" fills the column: two spaces at least, so it never runs into the reason.
  return `${simulatedTime(at.at).padStart(TIME_WIDTH)}  ${group}${state.padEnd(Math.max(STATE_WIDTH, state.length + 2))}${terminalText(why)}`;
}
