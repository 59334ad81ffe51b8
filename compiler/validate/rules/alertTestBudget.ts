/**
 * alert-test-budget: `npm run simulate` evaluates every monitor a test names once a minute from
 * the first sample to the test's last `at` (simulate/runAlertTest.ts; Datadog evaluates metric
 * monitors every minute, https://docs.datadoghq.com/monitors/configuration/#evaluation-frequency),
 * so a test's cost is the monitors it names times the minutes it runs, whatever its samples'
 * spacing: 50 tests of hourly samples with `at: 7d`, each naming 11 monitors, are 5.5 million
 * evaluations (43 s and 1.5 GB before this rule). The sum over an integration's tests is capped.
 * Only monitors the simulator evaluates count (a reference other rules refuse costs nothing).
 */
import { durationSeconds } from "../../lower/durations";
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { refsOf, resolveMonitorRef } from "../alertTestRefs";
import { plural } from "../../simulate/format";
import type { Rule } from "../ruleContext";

/**
 * Monitor-minutes per integration: about 12 times the sample's largest (segment-to-snowflake's
 * 8,160), about 1.5 s of simulation on one busy core; a week-long test (10,080 minutes) may name 9.
 */
export const MAX_MONITOR_MINUTES_PER_INTEGRATION = 100_000;

export const alertTestBudget: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    let total = 0;
    for (const { test, file, path } of tests) {
      const simulated = new Set(refsOf(test.expect).filter((r) => resolveMonitorRef(integration.value, r.text).kind === "simulated").map((r) => r.text));
      const ats = test.expect.map((e) => durationSeconds(e.at));
      const last = Math.max(...ats);
      total += simulated.size * (last / 60);
      if (total <= MAX_MONITOR_MINUTES_PER_INTEGRATION) continue;
      const k = ats.indexOf(last);
      ctx.report(
        file,
        [...path, "expect", k, "at"],
        "alert-test-budget",
        `${testContext(test, "expect", k, "at")}: with this test, which runs ${plural(simulated.size, "monitor")} for ${plural(last / 60, "minute")}, the alert tests of integration ${integration.value.id} come to ${total.toLocaleString("en-US")} monitor-minutes (the monitors each test names times the minutes to its last at), more than the ${MAX_MONITOR_MINUTES_PER_INTEGRATION.toLocaleString("en-US")} simulate evaluates per integration; name fewer monitors per test or end tests sooner`,
      );
      break;
    }
  }
};
