/** The metric queries of a metric expression that must parse (a test's own input, so a parse error fails the test). */
import { strict as assert } from "node:assert";
import { metricQueriesIn, parseMetricExpression } from "../../compiler/query/parse";

export function metricQueries(text: string) {
  const parsed = parseMetricExpression(text);
  assert.ok(parsed.ok, `${text}: ${JSON.stringify(parsed)}`);
  return metricQueriesIn(parsed.expr);
}
