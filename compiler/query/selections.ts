/**
 * What a metric query's scope selects by tag value: its `key:value` terms and IN lists that are
 * not excluded. The boolean filter is walked with its polarity, so `!key:v`, `NOT key:v`,
 * `key NOT IN (...)` and `NOT (a OR b)` are exclusions
 * (https://docs.datadoghq.com/metrics/advanced-filtering/): they select nothing by that value.
 */
import type { MetricQuery, ScopeFilter, ScopeTerm } from "./ast";

/** A tag key and the values it selects (one, or an IN list's), and where they are written in the query. */
export interface Selection {
  readonly key: string;
  readonly values: readonly string[];
  /** Offset of the term or the IN list's key. */
  readonly from: number;
}

export function selections(metric: MetricQuery): Selection[] {
  const out: Selection[] = [];
  const term = (t: ScopeTerm, positive: boolean) => {
    if (t.kind === "tag" && t.value !== undefined && t.negated !== positive) out.push({ key: t.key, values: [t.value], from: t.span.start });
  };
  const walk = (f: ScopeFilter, positive: boolean): void => {
    if (f.kind === "term") term(f.term, positive);
    else if (f.kind === "not") walk(f.operand, !positive);
    else if (f.kind === "in") {
      if (f.negated !== positive) out.push({ key: f.key, values: f.values, from: f.span.start });
    } else f.operands.forEach((o) => walk(o, positive));
  };
  if (metric.filter) walk(metric.filter, true);
  else metric.scope.forEach((t) => term(t, true));
  return out;
}
