/**
 * alert-test-contradiction: at one time a monitor cannot be both firing (ALERT or NO DATA in
 * some group) or warning (WARN in some group) and quiet (OK in every group): runAlertTest.ts's
 * meanings. Listing it both ways, in one expectation or in two at the same `at`, is a test
 * that fails whatever the monitors do. Firing and warning together are possible (two groups).
 */
import { durationSeconds } from "../../lower/durations";
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { refsOf, type LocatedRef } from "../alertTestRefs";
import type { Rule } from "../ruleContext";

export const alertTestContradiction: Rule = (ctx) => {
  for (const { tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path } of tests) {
      const byTime = new Map<number, LocatedRef[]>();
      for (const r of refsOf(test.expect)) {
        const at = durationSeconds(test.expect[r.expectation].at);
        // Stryker disable next-line ArrayDeclaration: a non-empty default holds only strings, whose .text is undefined, so find() matches none of them and no report changes.
        const earlier = byTime.get(at) ?? [];
        const clash = earlier.find((e) => e.text === r.text && (e.list === "quiet") !== (r.list === "quiet"));
        earlier.push(r);
        byTime.set(at, earlier);
        if (!clash) continue;
        const where = clash.expectation === r.expectation ? "in this expectation" : `in expect[${clash.expectation}], also at ${test.expect[clash.expectation].at}`;
        ctx.report(
          file,
          [...path, "expect", r.expectation, r.list, r.index],
          "alert-test-contradiction",
          `${testContext(test, "expect", r.expectation, r.list, r.index)}: ${r.text} is also listed under ${clash.list} ${where}; a monitor cannot be ${r.list} and ${clash.list} at once, so this test could never pass`,
        );
      }
    }
  }
};
