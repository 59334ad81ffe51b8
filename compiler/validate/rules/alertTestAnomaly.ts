/**
 * alert-test-anomaly: an anomaly monitor's state depends on the band Datadog's algorithms
 * (basic, agile, robust) learn from weeks of history, which Datadog does not publish
 * (https://docs.datadoghq.com/monitors/types/anomaly/), so the simulator reports it as not
 * evaluated rather than guess (simulate/evaluate.ts). An expectation about one could never
 * pass; it is refused here, with the reason.
 */
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { refsOf, resolveMonitorRef } from "../alertTestRefs";
import type { Rule } from "../ruleContext";

export const alertTestAnomaly: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path } of tests) {
      for (const r of refsOf(test.expect)) {
        if (resolveMonitorRef(integration.value, r.text).kind !== "anomaly") continue;
        ctx.report(
          file,
          [...path, "expect", r.expectation, r.list, r.index],
          "alert-test-anomaly",
          `${testContext(test, "expect", r.expectation, r.list, r.index)}: failure mode ${r.text} is detected by an anomaly monitor, and anomaly monitors are not simulated: their band comes from weeks of history by an algorithm Datadog does not publish; test the failure modes with other detections`,
        );
      }
    }
  }
};
