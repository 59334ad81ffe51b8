/**
 * alert-test-duplicate-name: a test's `name` is how results and `--scenario` name it, so it is
 * unique within its integration, across the integration's own list and its tests file.
 */
import { positionOf } from "../../load/yamlFile";
import { alertTestsByIntegration, testContext, type LocatedAlertTest } from "../alertTestSources";
import type { Rule } from "../ruleContext";

export const alertTestDuplicateName: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    const first = new Map<string, LocatedAlertTest>();
    for (const t of tests) {
      const earlier = first.get(t.test.name);
      if (!earlier) {
        first.set(t.test.name, t);
        continue;
      }
      const at = positionOf(earlier.file.source, [...earlier.path, "name"]);
      ctx.report(t.file, [...t.path, "name"], "alert-test-duplicate-name", `${testContext(t.test, "name")}: integration ${integration.value.id} already has a test of this name, at ${earlier.file.file}:${at.line}; give each test its own name`);
    }
  }
};
