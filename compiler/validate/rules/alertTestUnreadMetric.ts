/**
 * alert-test-unread-metric: an input series whose metric no query of its integration reads
 * (a detection's or an SLI's, the queries the plan's monitors and SLOs are built from) changes
 * no monitor, so the test would pass or fail for reasons it does not show: usually a typo.
 * Metric names are compared exactly, as Datadog matches them
 * (https://docs.datadoghq.com/metrics/#querying-metrics). Skipped for an integration with a
 * query Datadog cannot read (query-syntax reports it), whose metrics are then unknown.
 */
import { positionInString } from "../../load/stringPosition";
import { metricQueriesIn, parseMetricExpression } from "../../query/parse";
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import { suggestion } from "../didYouMean";
import type { Rule } from "../ruleContext";
import type { IntegrationDoc } from "../schema";
import { inventoryQueries } from "./querySyntax";

export const alertTestUnreadMetric: Rule = (ctx) => {
  for (const { integration, tests } of alertTestsByIntegration(ctx)) {
    const read = metricsRead(integration.value);
    if (!read) continue;
    for (const { test, file, path, inputs } of tests) {
      inputs.forEach(({ series }, j) => {
        if (!series.ok || read.includes(series.metric)) return;
        const at = [...path, "input", j, "series"];
        ctx.reportAt(
          file.file,
          positionInString(file.source, at, test.input[j].series, 0),
          "alert-test-unread-metric",
          `${testContext(test, "input", j, "series")}: no monitor or SLO of integration ${integration.value.id} reads ${series.metric}, so this series cannot change any alert${suggestion(series.metric, read)}`,
        );
      });
    }
  }
};

/** The metric names an integration's queries read, sorted; undefined when one of them does not parse. */
function metricsRead(integration: IntegrationDoc): string[] | undefined {
  const names = new Set<string>();
  for (const q of inventoryQueries(integration)) {
    const parsed = parseMetricExpression(q.query);
    if (!parsed.ok) return undefined;
    for (const m of metricQueriesIn(parsed.expr)) names.add(m.metric);
  }
  return [...names].sort();
}
