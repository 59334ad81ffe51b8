/**
 * alert-test-values: each input series' `values` must be promtool's expanding notation
 * (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/, "series"),
 * as simulate/series.ts reads it; an error points at the token inside the YAML string. The
 * samples of one integration's tests are capped in all (alertTestSources.ts), so a pull request
 * cannot make `check` expand billions of them.
 */
import { positionInString } from "../../load/stringPosition";
import { alertTestsByIntegration, MAX_SAMPLES_PER_INTEGRATION, testContext } from "../alertTestSources";
import type { Rule } from "../ruleContext";

export const alertTestValues: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path, inputs } of tests) {
      inputs.forEach(({ values, overBudget }, j) => {
        const at = [...path, "input", j, "values"];
        const context = testContext(test, "input", j, "values");
        if (values && !values.ok) {
          ctx.reportAt(file.file, positionInString(file.source, at, test.input[j].values, values.error.offset), "alert-test-values", `${context}: ${values.error.message}`);
        }
        if (overBudget) {
          ctx.report(file, at, "alert-test-values", `${context}: with this series the alert tests of integration ${integration.value.id} hold more than ${MAX_SAMPLES_PER_INTEGRATION.toLocaleString("en-US")} samples in all, more than check simulates; use a coarser interval or shorter tests`);
        }
      });
    }
  }
};
