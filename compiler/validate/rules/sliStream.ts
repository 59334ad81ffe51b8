/**
 * sli-stream: a ratio on the webhook forwarder's metrics divides one stream by itself.
 *
 * Datadog computes a metric SLO as good events / total events and expects the good events to
 * be a subset of the total (https://docs.datadoghq.com/service_management/service_level_objectives/metric/#define-queries:
 * "the numerator query defines the sum of the good events, while the denominator query defines
 * the sum of the total events"). When good counts a different stream (another metric, another
 * source or destination, synthetic traffic the total leaves out), attainment can exceed 100% and
 * hide failures. The same holds for an error-rate detection's errors over its total. So, for
 * every SLO whose good or total, and every error-rate detection whose errors or total, counts
 * `martech.forwarder.*` metrics:
 * - both sides count the same metric, or the part counts a metric names.ts declares a subset of
 *   the total's (`enqueued` of `received`);
 * - both select the same `integration`, `source`, `destination` and `synthetic` tags;
 * - the part keeps every filter of the total and may add only filters that narrow it to a subset
 *   (`outcome`, `within_slo`, `reason`).
 * And an SLI counts a forwarder distribution with `count:` ("count values"): Datadog metric SLOs
 * take COUNT, RATE or percentile-enabled DISTRIBUTION metrics, the latter counted with the
 * `count values` aggregator (same page; https://docs.datadoghq.com/metrics/distributions/#threshold-queries).
 *
 * Reconciliation detections are not checked: they compare two streams on purpose. Queries that
 * do not parse are left to query-syntax.
 */
import type { MetricQuery, ScopeFilter } from "../../query/ast";
import { metricQueriesIn, parseMetricExpression } from "../../query/parse";
import { METRIC_NAMESPACE, metricByName, STREAM_TAG_KEYS } from "../../../forwarder/metrics/names";
import type { Path } from "../../path";
import type { Rule } from "../ruleContext";

/** The aggregator Datadog counts a distribution's events with in an SLO ("count values"). */
export const SLO_DISTRIBUTION_AGGREGATOR = "count";

export const sliStream: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.slos.forEach((slo, i) => {
      const at = (side: string): Path => ["slos", i, "sli", side];
      const report = (side: string, message: string) => ctx.report(file, at(side), "sli-stream", `slo ${slo.id}: ${message}`);
      const good = metricQueries(slo.sli.good);
      const total = metricQueries(slo.sli.total);
      if (!good || !total) return;
      for (const [side, queries] of [["good", good], ["total", total]] as const) {
        const q = queries.find((m) => isForwarder(m) && m.aggregator !== SLO_DISTRIBUTION_AGGREGATOR);
        if (q) report(side, countProblem(`sli.${side}`, q));
      }
      const problem = subsetProblem(good, total, { part: "sli.good", whole: "sli.total", partNoun: "good events" });
      if (problem) report("good", problem);
    });
    integration.failureModes.forEach((mode, i) => {
      const d = mode.detection;
      if (d.kind !== "error-rate") return;
      const errors = metricQueries(d.errors);
      const total = metricQueries(d.total);
      if (!errors || !total) return;
      const problem = subsetProblem(errors, total, { part: "detection.errors", whole: "detection.total", partNoun: "errors" });
      if (problem) ctx.report(file, ["failureModes", i, "detection", "errors"], "sli-stream", `failure mode ${mode.id}: ${problem}`);
    });
  }
};

/** The metric queries of one side, or undefined when it does not parse (query-syntax says why). */
function metricQueries(text: string): MetricQuery[] | undefined {
  const parsed = parseMetricExpression(text);
  return parsed.ok ? metricQueriesIn(parsed.expr) : undefined;
}

const isForwarder = (q: MetricQuery) => q.metric.startsWith(`${METRIC_NAMESPACE}.`);

interface Sides {
  readonly part: string;
  readonly whole: string;
  /** What the part counts, in words: "good events", "errors". */
  readonly partNoun: string;
}

/**
 * Why `part` is not a subset of `whole` from the same stream, or undefined when it is (or when
 * neither side counts forwarder metrics). Every forwarder query of the part must lie within one
 * of the whole's; the first that does not is explained against the whole's first query.
 */
export function subsetProblem(part: readonly MetricQuery[], whole: readonly MetricQuery[], sides: Sides): string | undefined {
  const partOurs = part.filter(isForwarder);
  const wholeOurs = whole.filter(isForwarder);
  if (partOurs.length === 0 && wholeOurs.length === 0) return undefined;
  if (partOurs.length === 0 || wholeOurs.length === 0) {
    const [ours, other] = partOurs.length > 0 ? [sides.part, sides.whole] : [sides.whole, sides.part];
    return `${ours} counts the webhook forwarder's ${(partOurs[0] ?? wholeOurs[0])!.metric} but ${other} counts other metrics, a different stream: ${sides.partNoun} must be a subset of the total, or the ratio can exceed 100% and hide failures`;
  }
  for (const p of partOurs) {
    const problems = wholeOurs.map((w) => withinProblem(p, w, sides));
    if (problems.some((x) => x === undefined)) continue;
    return problems[0];
  }
  return undefined;
}

function withinProblem(p: MetricQuery, w: MetricQuery, sides: Sides): string | undefined {
  const consequence = `${sides.partNoun} must be a subset of the total, or the ratio can exceed 100% and hide failures`;
  const def = metricByName(p.metric);
  if (p.metric !== w.metric && !def?.subsetOf.includes(w.metric)) {
    return `${sides.part} counts ${p.metric} but ${sides.whole} counts ${w.metric}, a different stream: ${consequence}; divide one forwarder metric by itself (for deliveries, ${METRIC_NAMESPACE}.settled with the same tags, narrowed by outcome or within_slo on the ${sides.part.split(".").pop()} side)`;
  }
  const pa = atoms(p);
  const wa = atoms(w);
  const stream = (list: readonly Atom[]) => list.filter((a) => a.keys.some((k) => (STREAM_TAG_KEYS as readonly string[]).includes(k)));
  const pStream = new Set(stream(pa).map((a) => a.text));
  const wStream = new Set(stream(wa).map((a) => a.text));
  const onlyP = [...pStream].filter((t) => !wStream.has(t));
  const onlyW = [...wStream].filter((t) => !pStream.has(t));
  if (onlyP.length > 0 || onlyW.length > 0) {
    const list = (l: string[]) => (l.length > 0 ? l.join(", ") : "no such filter");
    return `${sides.part} and ${sides.whole} select different deliveries (${sides.part} has ${list(onlyP)}, ${sides.whole} has ${list(onlyW)}): give both the same ${STREAM_TAG_KEYS.join(", ")} filters, narrowing ${sides.part} only by outcome, within_slo or reason; ${consequence}`;
  }
  const pTexts = new Set(pa.map((a) => a.text));
  const missing = wa.filter((a) => !pTexts.has(a.text)).map((a) => a.text);
  if (missing.length > 0) {
    return `${sides.whole} filters ${missing.join(", ")} but ${sides.part} does not, so ${sides.part} counts events the total leaves out: ${consequence}`;
  }
  return undefined;
}

function countProblem(field: string, q: MetricQuery): string {
  return `${field}: the forwarder's ${q.metric} is a distribution, which an SLO counts with ${SLO_DISTRIBUTION_AGGREGATOR}:${q.metric}{...} ("count values", without .as_count()): Datadog metric SLOs take COUNT, RATE or percentile-enabled DISTRIBUTION metrics only`;
}

/** One conjunct of a scope: the tag keys it reads and a canonical text to compare by. */
interface Atom {
  readonly keys: readonly string[];
  readonly text: string;
}

/**
 * The scope as a conjunction: comma terms and AND operands are separate atoms, NOT of a term
 * and single-value IN lists become plain negated or positive terms, and anything else (OR, a
 * negated group) stays one atom compared by its canonical text.
 */
function atoms(q: MetricQuery): Atom[] {
  if (!q.filter) return q.scope.flatMap((t) => (t.kind === "tag" ? [tagAtom(t.key, t.value, t.negated)] : []));
  return conjuncts(q.filter).flatMap(atomOf);
}

function conjuncts(f: ScopeFilter): ScopeFilter[] {
  return f.kind === "and" ? f.operands.flatMap(conjuncts) : [f];
}

function atomOf(f: ScopeFilter): Atom[] {
  if (f.kind === "term") return f.term.kind === "tag" ? [tagAtom(f.term.key, f.term.value, f.term.negated)] : [];
  if (f.kind === "not" && f.operand.kind === "term" && f.operand.term.kind === "tag") {
    const t = f.operand.term;
    return [tagAtom(t.key, t.value, !t.negated)];
  }
  if (f.kind === "in" && f.values.length === 1) return [tagAtom(f.key, f.values[0], f.negated)];
  return [{ keys: [...keysOf(f)], text: canonical(f) }];
}

const tagAtom = (key: string, value: string | undefined, negated: boolean): Atom => ({ keys: [key], text: `${negated ? "!" : ""}${key}${value === undefined ? "" : `:${value}`}` });

function keysOf(f: ScopeFilter): Set<string> {
  switch (f.kind) {
    case "term":
      return f.term.kind === "tag" ? new Set([f.term.key]) : new Set<string>();
    case "in":
      return new Set([f.key]);
    case "not":
      return keysOf(f.operand);
    default:
      return new Set(f.operands.flatMap((o) => [...keysOf(o)]));
  }
}

/** Order-independent text of a filter, so `a OR b` equals `b OR a`. */
function canonical(f: ScopeFilter): string {
  switch (f.kind) {
    case "term":
      return f.term.kind === "tag" ? tagAtom(f.term.key, f.term.value, f.term.negated).text : "*";
    case "in":
      return `${f.key} ${f.negated ? "NOT IN" : "IN"} (${[...f.values].sort().join(",")})`;
    case "not":
      return `NOT ${canonical(f.operand)}`;
    default:
      return `(${f.operands.map(canonical).sort().join(f.kind === "and" ? " AND " : " OR ")})`;
  }
}
