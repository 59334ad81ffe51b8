/**
 * Syntax tree of Datadog metric queries, as the inventory (detections, SLIs) and the monitors
 * the plan creates write them. Pure data: no Pulumi, no YAML. Every node carries its `span` in
 * the query text so that errors and later evaluation (alert simulation) can point into it.
 *
 * Grammar: https://docs.datadoghq.com/metrics/#querying-metrics (space aggregator, metric,
 * `{scope}`, `by {tags}`, `.as_count()` / `.as_rate()` / `.rollup()` / `.fill()`), and
 * https://docs.datadoghq.com/monitors/types/metric/ for `time_aggr(time_window):expr > threshold`.
 */

/** Offsets in the query text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `key:value`, `!key:value`, or a bare `key`; `value` may contain `*` wildcards. */
export interface TagFilter {
  readonly kind: "tag";
  readonly key: string;
  readonly value?: string;
  readonly negated: boolean;
  readonly span: Span;
}

/** `{*}`: every source of the metric. */
export interface Wildcard {
  readonly kind: "all";
  readonly span: Span;
}

export type ScopeTerm = TagFilter | Wildcard;

/**
 * Boolean scope (https://docs.datadoghq.com/metrics/advanced-filtering/#boolean-filtered-queries):
 * `{env:prod AND (service:a OR service:b) AND NOT host:x}`, `{service IN (a, b)}`, `{service NOT IN (a)}`.
 * Datadog forbids mixing the symbolic `!` and `,` with AND, OR, NOT and IN in one scope, so a
 * boolean scope has no `!` and no commas outside IN lists; the parser rejects the mix.
 */
export type ScopeFilter =
  | { readonly kind: "term"; readonly term: ScopeTerm; readonly span: Span }
  | { readonly kind: "and" | "or"; readonly operands: readonly ScopeFilter[]; readonly span: Span }
  | { readonly kind: "not"; readonly operand: ScopeFilter; readonly span: Span }
  | { readonly kind: "in"; readonly key: string; readonly values: readonly string[]; readonly negated: boolean; readonly span: Span };

export interface MetricMethod {
  readonly name: "as_count" | "as_rate" | "rollup" | "fill";
  readonly args: readonly (string | number)[];
  readonly span: Span;
}

export interface MetricQuery {
  readonly kind: "metric";
  /** Space aggregator: avg, sum, min, max, and for distributions count and percentiles (p50 ...). */
  readonly aggregator: string;
  readonly metric: string;
  /**
   * Simple comma form: every term must match (AND). When the scope uses boolean syntax
   * (AND, OR, NOT, IN, parentheses) this holds the terms it mentions, in order (each value of
   * an IN list as a `key:value` term, negated for NOT IN), and `filter` holds the tree that
   * says how they combine.
   */
  readonly scope: readonly ScopeTerm[];
  /** Present only for a scope written with boolean syntax. */
  readonly filter?: ScopeFilter;
  readonly groupBy: readonly string[];
  readonly methods: readonly MetricMethod[];
  readonly span: Span;
  readonly metricSpan: Span;
  /** From `{` to `}` inclusive. */
  readonly scopeSpan: Span;
}

export interface NumberLiteral {
  readonly kind: "number";
  readonly value: number;
  readonly span: Span;
}

export interface Binary {
  readonly kind: "binary";
  readonly op: "+" | "-" | "*" | "/";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `anomalies(q, 'agile', 2, direction='both', ...)`, `abs(q)`, ... */
export interface Call {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly (Expr | StringLiteral)[];
  readonly named: Readonly<Record<string, string | number>>;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

export type Expr = MetricQuery | NumberLiteral | Binary | Call;

/** `sum(last_5m):<expr> > 5` */
export interface MonitorQuery {
  readonly kind: "monitor";
  readonly timeAggregator: string;
  readonly window: string;
  readonly expr: Expr;
  readonly comparator: ">" | ">=" | "<" | "<=";
  readonly threshold: number;
  readonly span: Span;
}

/** `burn_rate("<slo>").over("30d").long_window("1h").short_window("5m") > 14.4` */
export interface BurnRateQuery {
  readonly kind: "burn_rate";
  readonly sloId: string;
  readonly over: string;
  readonly longWindow: string;
  readonly shortWindow?: string;
  readonly comparator: ">" | ">=";
  readonly threshold: number;
  readonly span: Span;
}

/** `message`: plain words, e.g. `expected "}" to close the tag scope opened at character 12`. */
export interface QueryError {
  readonly offset: number;
  readonly message: string;
  /**
   * Offset of an earlier character the message names as `character <related + 1>` (the `{`
   * or `(` left open), so a caller can restate it in its own terms, such as a file column.
   */
  readonly related?: number;
}
