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
import { isCountQuery } from "../query/countQuery";
import { metricQueriesIn } from "../query/parse";
import { aggregationNamed, type RangeAggregate } from "./aggregate";
import type { SeriesSet, Window } from "./input";
import { lastPointAt, NotEvaluable, type Points, queryPoints, windowRange } from "./points";

/** Values keyed by time (the classic path) or by the single key 0 (a window's aggregate). */
type Series = Map<number, number>;
type Value = { kind: "const"; value: number } | { kind: "groups"; groups: Map<string, Series> };
/** A query's points in the window, as indices into its points (no copies). */
type WindowPoints = { readonly points: Points; readonly start: number; readonly end: number };

function seriesOf(w: WindowPoints): Series {
  const s: Series = new Map();
  for (let i = w.start; i < w.end; i++) s.set(w.points.times[i]!, w.points.values[i]!);
  return s;
}

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

/** What an expression's evaluation needs from its shape alone: the same at every evaluation. */
interface Shape {
  readonly queries: readonly MetricQuery[];
  readonly path: "as_count" | "classic";
  /** Each query's `.rollup(method, seconds)` seconds, if it has one. */
  readonly rollupSeconds: ReadonlyMap<MetricQuery, number>;
  readonly allCounts: boolean;
}

/**
 * Shapes by expression, read once: a timeline evaluates the same parsed expression every minute
 * (parsed queries are never changed), and walking it each time was a third of a simulation.
 */
const shapes = new WeakMap<Expr, Shape>();

function shapeOf(expr: Expr): Shape {
  let shape = shapes.get(expr);
  if (!shape) {
    const queries = metricQueriesIn(expr);
    const rollupSeconds = new Map<MetricQuery, number>();
    for (const q of queries) {
      const rollup = q.methods.find((m) => m.name === "rollup" && typeof m.args[1] === "number");
      if (rollup) rollupSeconds.set(q, rollup.args[1] as number);
    }
    shape = { queries, path: usesAsCountPath(expr) ? "as_count" : "classic", rollupSeconds, allCounts: queries.every(isCountQuery) };
    shapes.set(expr, shape);
  }
  return shape;
}

export function evaluateExpression(expr: Expr, timeAggregator: string, input: SeriesSet, window: Window, options: ExpressionOptions = {}): ExpressionResult {
  const aggregate = timeAggregate(timeAggregator);
  const { queries, path, rollupSeconds, allCounts } = shapeOf(expr);
  const groups = new Set<string>();
  const pointCounts = new Map<string, number>();
  const lastDataAt = new Map<string, number>();
  const fullWindow = new Map<string, boolean>();
  const windowed = new Map<MetricQuery, Map<string, WindowPoints>>();
  for (const q of queries) {
    const inWindow = new Map<string, WindowPoints>();
    const step = rollupSeconds.get(q) ?? input.intervalSeconds;
    for (const [group, points] of queryPoints(q, input)) {
      const last = lastPointAt(points, window.to);
      if (last === undefined) continue;
      groups.add(group);
      lastDataAt.set(group, Math.max(last, lastDataAt.get(group) ?? -Infinity));
      const { start, end } = windowRange(points, window);
      pointCounts.set(group, (pointCounts.get(group) ?? 0) + (end - start));
      inWindow.set(group, { points, start, end });
      // require_full_window: "Do (not) require a full window of data for evaluation": Datadog's
      // FAQ says a host with 2 minutes of data in a 10-minute window, or an error counter
      // incremented only when an error happens, has no full window
      // (https://docs.datadoghq.com/monitors/faq/what-is-the-do-not-require-a-full-window-of-data-for-evaluation-monitor-parameter/).
      // ASSUMPTION, no page defines it more closely: full means a point at every sample time of
      // the window (every interval, or every rollup bucket), and one gap makes it not full.
      const expected = Math.floor(window.to / step) - Math.floor(window.from / step);
      // A window reaching before the input began cannot be full.
      fullWindow.set(group, (fullWindow.get(group) ?? true) && window.from >= 0 && end - start >= expected);
    }
    windowed.set(q, inWindow);
  }
  for (const g of groups) if (!pointCounts.has(g)) pointCounts.set(g, 0);

  const values = new Map<string, number>();
  if (path === "classic" && expr.kind === "metric") {
    // A single query: its window's time aggregate per group, with no per-point arithmetic to join.
    for (const [group, w] of windowed.get(expr)!) {
      const v = aggregate(w.points.values, w.start, w.end);
      if (v !== undefined && Number.isFinite(v)) values.set(group, v);
    }
  } else {
    // Built only here: a single query on the classic path (every SLO side, most monitors) needs none.
    const metricValue = (q: MetricQuery): Value => {
      const inWindow = windowed.get(q)!;
      if (path === "classic") return { kind: "groups", groups: new Map([...inWindow].map(([group, w]) => [group, seriesOf(w)])) };
      const scalars = new Map<string, Series>();
      for (const [group, w] of inWindow) {
        const v = aggregate(w.points.values, w.start, w.end);
        if (v !== undefined) scalars.set(group, new Map([[0, v]]));
      }
      if (options.missingCountIsZero && isCountQuery(q)) for (const g of groups) if (!scalars.has(g) && !scalars.has("*")) scalars.set(g, new Map([[0, 0]]));
      return { kind: "groups", groups: scalars };
    };
    const result = evaluate(expr, metricValue);
    if (result.kind === "const") for (const g of groups) values.set(g, result.value);
    else {
      for (const [group, series] of result.groups) {
        const v = path === "as_count" ? series.get(0) : aggregate([...series.values()]);
        if (v !== undefined && Number.isFinite(v)) values.set(group, v);
      }
    }
  }
  if (options.missingCountIsZero && path === "classic" && expr.kind === "metric" && isCountQuery(expr)) {
    for (const g of groups.size ? groups : ["*"]) if (!values.has(g)) values.set(g, 0);
  }
  // "Evaluate as zero": an "empty result is replaced with zero and is compared to the
  // alert/warning thresholds" (https://docs.datadoghq.com/monitors/configuration/#no-data), so
  // an arithmetic of counts none of which has a point in the window (an error rate while
  // nothing flows) reads 0 rather than skipping the evaluation.
  if (options.missingCountIsZero && path === "as_count" && allCounts) {
    for (const g of groups.size ? groups : ["*"]) if (!values.has(g) && (pointCounts.get(g) ?? 0) === 0) values.set(g, 0);
  }
  return { path, groups: [...groups].sort(), values, pointCounts, lastDataAt, fullWindow };
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
 *
 * Point by point (the classic path), both sides must have a point at the same times. Where they
 * do not, Datadog fills the gap by the metric's TYPE: "For gauge metric types, the default
 * interpolation is linear or .fill(linear) for 5 minutes. For count and rate type metrics, the
 * default is .fill(null)" (https://docs.datadoghq.com/monitors/guide/monitor-arithmetic-and-sparse-metrics/).
 * Series carry no type here, so such an evaluation is refused as not simulated rather than
 * computed one way or the other. A window's aggregates (the as_count path) have one key, 0.
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
    if (a.size !== b.size) throw misaligned(g);
    const s: Series = new Map();
    for (const [t, x] of a) {
      const y = b.get(t);
      if (y === undefined) throw misaligned(g);
      const v = f(x, y);
      if (v !== undefined) s.set(t, v);
    }
    out.set(g, s);
  }
  return { kind: "groups", groups: out };
}

function misaligned(group: string): NotEvaluable {
  return new NotEvaluable(
    "unsupported",
    `the query's arithmetic joins series that do not have points at the same times${group === "*" ? "" : ` (group ${group})`}: Datadog would interpolate a gauge across the gap and leave a count empty, and the simulator does not know which the metric is`,
  );
}

/**
 * The monitor's time aggregation over the window (https://docs.datadoghq.com/monitors/types/metric/#define-the-metric).
 * Sums add in time order from 0, exactly as a reduce over the window's points would.
 */
function timeAggregate(name: string): RangeAggregate {
  const aggregate = aggregationNamed(name);
  if (!aggregate) throw new NotEvaluable("unsupported", `the time aggregation ${name} is not simulated`);
  return aggregate;
}
