/**
 * alert-test-unknown-monitor: a `firing`, `warning` or `quiet` entry must name a monitor of
 * its integration the way simulate/alertTest.ts does: a failure mode's id, or `<slo-id>/<tier>`
 * (fast, medium, slow) for an SLO's burn-rate alert. A typo would make the expectation test a
 * monitor that does not exist; the message offers the closest name, or lists them all.
 */
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { refsOf, resolveMonitorRef, simulatedMonitorNames } from "../alertTestRefs";
import { suggestion } from "../didYouMean";
import type { Rule } from "../ruleContext";

export const alertTestUnknownMonitor: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    // Only a problem needs the names (they run the burn-rate lowering for every SLO).
    let names: string[] | undefined;
    for (const { test, file, path } of tests) {
      for (const r of refsOf(test.expect)) {
        const resolved = resolveMonitorRef(integration.value, r.text);
        if (resolved.kind !== "malformed" && resolved.kind !== "unknown") continue;
        const what =
          resolved.kind === "malformed"
            ? `${JSON.stringify(r.text)} is not a monitor name: write a failure mode's id, or <slo-id>/<tier> with tier fast, medium or slow`
            : resolved.ref.kind === "failure-mode"
              ? `integration ${integration.value.id} has no failure mode ${JSON.stringify(r.text)}`
              : `integration ${integration.value.id} has no SLO ${JSON.stringify(resolved.ref.slo)}`;
        ctx.report(file, [...path, "expect", r.expectation, r.list, r.index], "alert-test-unknown-monitor", `${testContext(test, "expect", r.expectation, r.list, r.index)}: ${what}${(names ??= simulatedMonitorNames(integration.value)).length ? suggestion(r.text, names) : "; it has no monitor a test can name"}`);
      }
    }
  }
};
