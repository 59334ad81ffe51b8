/**
 * Alert tests run in the stack's environment. The plan scopes every query over the forwarder's
 * metrics to `env:<environment>` (compiler/lower/environmentScope.ts), as each forwarder's points
 * carry it, so an alert-test series over one of those metrics that names no `env` gets the
 * stack's, the env of the monitors under test (every one is tagged `env:<environment>`, lower/notify.ts).
 * A series that names an env keeps it: a test may show the other stack's points being ignored.
 * README, "Alert tests".
 */
import { isPerEnvironmentMetric } from "../lower/environmentScope";
import type { AlertTest } from "./alertTest";
import type { PlannedMonitor } from "./plannedMonitors";

/** The `env` value the planned monitors are tagged with, if any. */
export function monitorsEnvironment(monitors: ReadonlyMap<string, PlannedMonitor>): string | undefined {
  for (const planned of monitors.values()) {
    const tags = (planned.inputs as { tags?: unknown }).tags;
    const env = Array.isArray(tags) ? tags.find((t): t is string => typeof t === "string" && t.startsWith("env:")) : undefined;
    if (env) return env.slice("env:".length);
  }
  return undefined;
}

export function inStackEnvironment(test: AlertTest, monitors: ReadonlyMap<string, PlannedMonitor>): AlertTest {
  const environment = monitorsEnvironment(monitors);
  if (environment === undefined) return test;
  const input = test.input.map((s) =>
    isPerEnvironmentMetric(s.metric) && !s.tags.some((t) => t === "env" || t.startsWith("env:")) ? { ...s, tags: [...s.tags, `env:${environment}`] } : s,
  );
  return { ...test, input };
}
