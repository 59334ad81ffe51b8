/**
 * Runs one alert test (written in the inventory, or a generated drill) against the planned
 * monitors of its integration: each monitor an expectation names is simulated from the first
 * sample to the last evaluation time, once, and its state at each evaluation time is compared
 * with the expectation. A monitor that cannot be simulated (an anomaly monitor) fails any
 * expectation that names it, saying so, rather than passing silently.
 */
import { expectedLists, lastExpectation, type AlertTest, type Expected } from "./alertTest";
import type { PlannedMonitor } from "./plannedMonitors";
import type { MonitorState } from "./states";
import { monitorTimeline, type Timeline } from "./timeline";

export type { Expected } from "./alertTest";

export interface AlertTestFailure {
  /** The monitor as the test names it. */
  readonly monitor: string;
  readonly atSeconds: number;
  readonly expected: Expected;
  /** The states seen, one per group (`*` for a monitor without groups), or why there are none. */
  readonly observed: string;
}

export interface AlertTestResult {
  readonly test: string;
  readonly failures: readonly AlertTestFailure[];
  /** Every simulated monitor's timeline, by reference, for readable output. */
  readonly timelines: ReadonlyMap<string, Timeline>;
}

const MATCHES: Readonly<Record<Expected, (s: MonitorState) => boolean>> = {
  // A heartbeat fires by going to NO DATA; both notify as an alert would.
  firing: (s) => s === "ALERT" || s === "NO DATA",
  warning: (s) => s === "WARN",
  quiet: (s) => s === "OK",
};

export function runAlertTest(test: AlertTest, monitors: ReadonlyMap<string, PlannedMonitor>): AlertTestResult {
  const last = lastExpectation(test);
  const input = { intervalSeconds: test.intervalSeconds, series: test.input };
  const timelines = new Map<string, Timeline>();
  const timelineOf = (ref: string): Timeline | string => {
    const planned = monitors.get(ref);
    if (!planned) return "the plan creates no such monitor";
    let timeline = timelines.get(ref);
    if (!timeline) {
      timeline = monitorTimeline(planned.monitor, input, { from: 0, to: last });
      timelines.set(ref, timeline);
    }
    return timeline.notEvaluated ? `not simulated: ${timeline.notEvaluated.message}` : timeline;
  };
  const failures: AlertTestFailure[] = [];
  for (const e of test.expect) {
    for (const [expected, refs] of expectedLists(e)) {
      for (const ref of refs) {
        const timeline = timelineOf(ref);
        if (typeof timeline === "string") {
          failures.push({ monitor: ref, atSeconds: e.atSeconds, expected, observed: timeline });
          continue;
        }
        const states = statesAt(timeline, e.atSeconds);
        const ok = expected === "quiet" ? states.every((s) => MATCHES.quiet(s.state)) : states.some((s) => MATCHES[expected](s.state));
        if (!ok) failures.push({ monitor: ref, atSeconds: e.atSeconds, expected, observed: describeStates(states) });
      }
    }
  }
  return { test: test.name, failures, timelines };
}

/**
 * Each group's state at the latest evaluation at or before `at` (evaluations run every minute
 * from 0, so an evaluation time between two of them reads the earlier one).
 */
function statesAt(timeline: Timeline, at: number): { group: string; state: MonitorState; why: string }[] {
  const latest = new Map<string, { group: string; state: MonitorState; why: string }>();
  for (const step of timeline.steps) {
    if (step.at > at) break;
    latest.set(step.group, { group: step.group, state: step.state, why: step.why });
  }
  return [...latest.values()];
}

function describeStates(states: readonly { group: string; state: MonitorState; why: string }[]): string {
  if (states.length === 0) return "no evaluation yet";
  return states.map((s) => `${s.group === "*" ? "" : `${s.group}: `}${s.state} (${s.why})`).join("; ");
}
