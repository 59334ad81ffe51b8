/**
 * Queries scoped to the stack's environment. Prod and staging share one Datadog organisation,
 * and both forwarders emit the same `martech.forwarder.*` metrics, told apart only by the `env`
 * tag the Datadog Lambda extension adds from each function's DD_ENV (lower/forwarder.ts; "DD_ENV:
 * This sets the env tag in Datadog", https://docs.datadoghq.com/serverless/libraries_integrations/extension/#tagging).
 * So every metric query over them gets `env:<environment>` in its scope, in both stacks, placed by
 * the parser's spans; without it each stack would measure the other's deliveries too.
 *
 * Other metrics (a vendor's API headers, a poller's counts) are emitted once, by prod's systems,
 * with no environment: staging creates no monitor or SLO over them (README, "Staging").
 */
import type { MetricQuery } from "../query/ast";
import { metricQueriesIn, parseMetricExpression, parseMonitorQuery } from "../query/parse";
import { METRIC_NAMESPACE } from "../../forwarder/metrics/names";

/** A metric each forwarder emits with its own `env` tag. */
export const isPerEnvironmentMetric = (metric: string): boolean => metric.startsWith(`${METRIC_NAMESPACE}.`);

/** The metric queries of a monitor query (`sum(last_5m):... > 1`) or of a metric expression (an SLI). */
function metricQueries(text: string): MetricQuery[] {
  const monitor = parseMonitorQuery(text);
  if (monitor.ok) return monitor.query.kind === "monitor" ? metricQueriesIn(monitor.query.expr) : [];
  const expression = parseMetricExpression(text);
  if (expression.ok) return metricQueriesIn(expression.expr);
  throw new Error(`cannot scope the query ${JSON.stringify(text)} to an environment: ${expression.error.message}`);
}

/** Whether every metric a query reads is emitted per environment (none is not enough: a query reads some metric). */
export function readsOnlyPerEnvironmentMetrics(text: string): boolean {
  const metrics = metricQueries(text);
  return metrics.length > 0 && metrics.every((m) => isPerEnvironmentMetric(m.metric));
}

/**
 * The query with `env:<environment>` in the scope of each metric query over a per-environment
 * metric: `{*}` becomes `{env:prod}`, a comma scope gains `,env:prod`, a boolean scope
 * `{(a OR b) AND env:prod}`. A scope that already names `env` is left as written.
 */
export function scopeToEnvironment(text: string, environment: string): string {
  const tag = `env:${environment}`;
  const edits = metricQueries(text)
    .filter((m) => isPerEnvironmentMetric(m.metric) && !m.scope.some((t) => t.kind === "tag" && t.key === "env"))
    .map((m) => {
      const inner = text.slice(m.scopeSpan.start + 1, m.scopeSpan.end - 1).trim();
      const scoped =
        // Stryker disable next-line MethodExpression: the parser refuses `{*}` beside any tag and an empty scope, so a scope's terms are all `*` exactly when one is.
        m.scope.every((t) => t.kind === "all") ? tag
        : m.filter === undefined ? `${inner},${tag}`
        : m.filter.kind === "or" ? `(${inner}) AND ${tag}`
        : `${inner} AND ${tag}`;
      return { start: m.scopeSpan.start, end: m.scopeSpan.end, text: `{${scoped}}` };
    })
    .sort((a, b) => b.start - a.start);
  return edits.reduce((out, e) => `${out.slice(0, e.start)}${e.text}${out.slice(e.end)}`, text);
}

/**
 * Whether a monitor or SLO over these metric expressions exists in the stack: always in prod; in
 * staging only when every metric it reads is emitted per environment, since a vendor's or a
 * poller's metric carries prod's data alone and a staging copy would echo prod into staging's chat.
 */
export const measuresThisStack = (queries: readonly string[], settings: { readonly staging: boolean }): boolean =>
  !settings.staging || queries.every(readsOnlyPerEnvironmentMetrics);
