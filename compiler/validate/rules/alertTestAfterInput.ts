/**
 * alert-test-after-input: an expectation's `at` later than the last sample of every input
 * series checks monitors whose windows end where the test wrote nothing, so its outcome says
 * nothing about the scenario. Silence is part of a scenario and is written: `_x30` is thirty
 * intervals without a point (promtool's notation, simulate/series.ts), and a heartbeat test
 * writes the gap it expects to be alerted about.
 */
import { durationSeconds } from "../../lower/durations";
import { simulatedTime } from "../../simulate/format";
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { DEFAULT_INTERVAL } from "../alertTestSchema";
import type { Rule } from "../ruleContext";

export const alertTestAfterInput: Rule = (ctx) => {
  for (const { tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path, inputs } of tests) {
      const lengths = inputs.map((i) => (i.values?.ok ? i.values.length : undefined));
      // A series not parsed is reported by alert-test-values; its end is unknown.
      if (lengths.some((n) => n === undefined)) continue;
      const interval = durationSeconds(test.interval ?? DEFAULT_INTERVAL);
      const ends = (lengths as number[]).map((n) => (n - 1) * interval);
      const last = Math.max(...ends);
      const longest = ends.indexOf(last);
      test.expect.forEach((e, k) => {
        const at = durationSeconds(e.at);
        if (at <= last) return;
        ctx.report(
          file,
          [...path, "expect", k, "at"],
          "alert-test-after-input",
          `${testContext(test, "expect", k, "at")}: ${e.at} is after the last sample of every input series (the latest, input[${longest}]'s sample ${lengths[longest]}, is at ${simulatedTime(last)}), so the monitors would read nothing the test wrote; write the rest of the scenario (_ for an interval without a point) or check earlier`,
        );
      });
    }
  }
};
