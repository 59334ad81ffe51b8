/**
 * A monitor's metric expression over one window, by group, on the evaluation path Datadog uses:
 *
 * - as_count path, for "monitors involving arithmetic and at least 1 as_count() modifier": each
 *   metric query is time-aggregated over the window first, then the arithmetic is done, so
 *   `sum(last_5m): errors.as_count() / total.as_count()` is sum(errors) / sum(total), 0.3 in the
 *   guide's example;
 * - classic path otherwise: the arithmetic is done point by point, then the time aggregation,
 *   so the same data read with `.as_rate()` gives 1/10 + 2/10 + ... = 1.5.
 * (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/)
 */
import type { Expr, MetricQuery } from "../query/ast";
import { metricQueriesIn } from "../query/parse";
import type { SeriesSet, Window } from "./input";
import { lastPointAt, NotEvaluable, queryPoints, sliceWindow } from "./points";

export type TimeAggregator = "avg" | "sum" | "min" | "max";

/** Values keyed by time (the classic path) or by the single key 0 (a window's aggregate). */
type Series = Map<number, number>;
type Value = { kind: "const"; value: number } | { kind: "groups"; groups: Map<string, Series> };

export interface ExpressionResult {
  readonly path: "as_count" | "classic";
  /** Every group any of the expression's queries has reported up to the window's end. */
  readonly groups: readonly string[];
  /** The value per group; absent when the window gives no value (no points, or a division by zero). */
  readonly values: ReadonlyMap<string, number>;
  /** Points in the window per group, over all the expression's metric queries. */
  readonly pointCounts: ReadonlyMap<string, number>;
  /** Time of the last point at or before the window's end, per group. */
  readonly lastDataAt: ReadonlyMap<string, number>;
  /** Whether every metric query has a point at every interval of the window, per group. */
  readonly fullWindow: ReadonlyMap<string, boolean>;
}

export interface ExpressionOptions {
  /** Read a count query with no points in the window as 0 (on_missing_data `default` for count queries). */
  readonly missingCountIsZero?: boolean;
}

export function usesAsCountPath(expr: Expr): boolean {
  return expr.kind !== "metric" && hasArithmetic(expr) && metricQueriesIn(expr).some((m) => m.methods.some((x) => x.name === "as_count"));
}

function hasArithmetic(expr: Expr): boolean {
  if (expr.kind === "binary") return true;
  if (expr.kind === "call") return expr.args.some((a) => a.kind !== "string" && hasArithmetic(a));
  return false;
}

export function evaluateExpression(expr: Expr, timeAggregator: string, input: SeriesSet, window: Window, options: ExpressionOptions = {}): ExpressionResult {
  const aggregate = timeAggregate(timeAggregator);
  const queries = metricQueriesIn(expr);
  const path = usesAsCountPath(expr) ? "as_count" : "classic";
  const groups = new Set<string>();
  const pointCounts = new Map<string, number>();
  const lastDataAt = new Map<string, number>();
  const fullWindow = new Map<string, boolean>();
  const windowed = new Map<MetricQuery, Map<string, Series>>();
  for (const q of queries) {
    const inWindow = new Map<string, Series>();
    for (const [group, points] of queryPoints(q, input)) {
      const last = lastPointAt(points, window.to);
      if (last === undefined) continue;
      groups.add(group);
      lastDataAt.set(group, Math.max(last, lastDataAt.get(group) ?? -Infinity));
      const slice = sliceWindow(points, window);
      pointCounts.set(group, (pointCounts.get(group) ?? 0) + slice.times.length);
      inWindow.set(group, new Map(slice.times.map((t, i) => [t, slice.values[i]!])));
      const expected = Math.floor(window.to / step(q, input)) - Math.floor(window.from / step(q, input));
      // A window reaching before the input began cannot be full.
      fullWindow.set(group, (fullWindow.get(group) ?? true) && window.from >= 0 && slice.times.length >= expected);
    }
    windowed.set(q, inWindow);
  }
  for (const g of groups) if (!pointCounts.has(g)) pointCounts.set(g, 0);

  const metricValue = (q: MetricQuery): Value => {
    const inWindow = windowed.get(q)!;
    if (path === "classic") return { kind: "groups", groups: inWindow };
    const scalars = new Map<string, Series>();
    for (const [group, series] of inWindow) {
      const v = aggregate([...series.values()]);
      if (v !== undefined) scalars.set(group, new Map([[0, v]]));
    }
    if (options.missingCountIsZero && isCount(q)) for (const g of groups) if (!scalars.has(g) && !scalars.has("*")) scalars.set(g, new Map([[0, 0]]));
    return { kind: "groups", groups: scalars };
  };

  const result = evaluate(expr, metricValue);
  const values = new Map<string, number>();
  if (result.kind === "const") for (const g of groups) values.set(g, result.value);
  else {
    for (const [group, series] of result.groups) {
      const v = path === "as_count" ? series.get(0) : aggregate([...series.values()]);
      if (v !== undefined && Number.isFinite(v)) values.set(group, v);
    }
  }
  if (options.missingCountIsZero && path === "classic" && expr.kind === "metric" && isCount(expr)) {
    for (const g of groups.size ? groups : ["*"]) if (!values.has(g)) values.set(g, 0);
  }
  return { path, groups: [...groups].sort(), values, pointCounts, lastDataAt, fullWindow };
}

function isCount(q: MetricQuery): boolean {
  return q.methods.some((m) => m.name === "as_count");
}

function step(q: MetricQuery, input: SeriesSet): number {
  const rollup = q.methods.find((m) => m.name === "rollup" && typeof m.args[1] === "number");
  return rollup ? (rollup.args[1] as number) : input.intervalSeconds;
}

function evaluate(expr: Expr, metricValue: (q: MetricQuery) => Value): Value {
  switch (expr.kind) {
    case "number":
      return { kind: "const", value: expr.value };
    case "metric":
      return metricValue(expr);
    case "binary":
      return combine(expr.op, evaluate(expr.left, metricValue), evaluate(expr.right, metricValue));
    case "call":
      if (expr.name === "anomalies") {
        throw new NotEvaluable("anomaly", "anomaly monitors are not evaluated: their bands come from Datadog's models over weeks of history");
      }
      if (expr.name === "abs" && expr.args.length === 1 && expr.args[0]!.kind !== "string") {
        return mapValue(evaluate(expr.args[0] as Expr, metricValue), Math.abs);
      }
      throw new NotEvaluable("unsupported", `the function ${expr.name}() is not simulated`);
  }
}

function mapValue(v: Value, f: (x: number) => number): Value {
  if (v.kind === "const") return { kind: "const", value: f(v.value) };
  return { kind: "groups", groups: new Map([...v.groups].map(([g, s]) => [g, new Map([...s].map(([t, x]) => [t, f(x)]))])) };
}

const OPS = {
  "+": (a: number, b: number) => a + b,
  "-": (a: number, b: number) => a - b,
  "*": (a: number, b: number) => a * b,
  // Division by zero gives no value (no point), never Infinity: a 0/0 error rate is not an alert.
  "/": (a: number, b: number) => (b === 0 ? undefined : a / b),
} as const;

/**
 * Arithmetic between two values: a constant applies to every point; two grouped values join on
 * equal groups, and an ungrouped side (`*`) applies to every group of the other, as Datadog
 * matches series of the same groups in arithmetic (https://docs.datadoghq.com/dashboards/functions/arithmetic/).
 * A timestamp present on one side only gives no point.
 */
function combine(op: keyof typeof OPS, left: Value, right: Value): Value {
  const f = OPS[op];
  if (left.kind === "const" && right.kind === "const") {
    const v = f(left.value, right.value);
    return v === undefined ? { kind: "groups", groups: new Map() } : { kind: "const", value: v };
  }
  const asGroups = (v: Value, like: Map<string, Series>): Map<string, Series> => {
    if (v.kind === "groups") return v.groups;
    return new Map([...like].map(([g, s]) => [g, new Map([...s.keys()].map((t) => [t, v.value]))]));
  };
  const l = asGroups(left, right.kind === "groups" ? right.groups : new Map());
  const r = asGroups(right, l);
  const out = new Map<string, Series>();
  const keys = new Set([...l.keys(), ...r.keys()]);
  for (const g of keys) {
    const a = l.get(g) ?? (l.size === 1 ? l.get("*") : undefined);
    const b = r.get(g) ?? (r.size === 1 ? r.get("*") : undefined);
    if (!a || !b || (g === "*" && keys.size > 1)) continue;
    const s: Series = new Map();
    for (const [t, x] of a) {
      const y = b.get(t);
      if (y === undefined) continue;
      const v = f(x, y);
      if (v !== undefined) s.set(t, v);
    }
    out.set(g, s);
  }
  return { kind: "groups", groups: out };
}

/** The monitor's time aggregation over the window (https://docs.datadoghq.com/monitors/types/metric/#define-the-metric). */
function timeAggregate(name: string): (values: readonly number[]) => number | undefined {
  const defined = (f: (vs: readonly number[]) => number) => (vs: readonly number[]) => (vs.length ? f(vs) : undefined);
  switch (name) {
    case "sum":
      return defined((vs) => vs.reduce((a, b) => a + b, 0));
    case "avg":
      return defined((vs) => vs.reduce((a, b) => a + b, 0) / vs.length);
    case "min":
      return defined((vs) => Math.min(...vs));
    case "max":
      return defined((vs) => Math.max(...vs));
    default:
      throw new NotEvaluable("unsupported", `the time aggregation ${name} is not simulated`);
  }
}
