/**
 * threshold-aggregation: a threshold monitor over a query that counts events with
 * `.as_count()` must add them up over its window. Datadog: "Aggregation methods other than sum
 * (shown as in total in-app) cannot be used with .as_count()"
 * (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/). The detection's
 * `aggregation` is that time aggregation (`<aggregation>(last_<window>):<query>`); it defaults
 * to avg, so an as_count query needs `aggregation: sum` written out.
 */
import { pointer } from "../../path";
import { metricQueriesIn, parseMetricExpression } from "../../query/parse";
import type { Rule } from "../ruleContext";

export const thresholdAggregation: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.failureModes.forEach((mode, i) => {
      const d = mode.detection;
      if (d.kind !== "threshold" || d.aggregation === "sum") return;
      // An unreadable query is query-syntax's to report.
      const parsed = parseMetricExpression(d.query);
      if (!parsed.ok || !metricQueriesIn(parsed.expr).some((m) => m.methods.some((x) => x.name === "as_count"))) return;
      const path = ["failureModes", i, "detection"];
      const written = file.source.values.has(pointer([...path, "aggregation"]));
      const why = written ? `aggregation ${d.aggregation}` : `aggregation, which defaults to ${d.aggregation},`;
      ctx.report(
        file,
        written ? [...path, "aggregation"] : path,
        "threshold-aggregation",
        `failure mode ${mode.id}: detection.aggregation: the query counts events with .as_count(), and Datadog evaluates such a monitor only in total; the ${why} cannot be used with it, so set aggregation: sum`,
      );
    });
  }
};
