/**
 * Tags for a synthetic series that some metric queries select and others do not, solved from
 * the queries' scopes with the simulator's own matching (scope.ts), so a drill's series is
 * selected exactly as Datadog would select it: the "bad" series of an error rate matches both
 * the errors and the total query, the "good" one the total only.
 *
 * The search is small and exhaustive: every key a scope or a `by {}` names gets one of a few
 * candidate values (each value the scopes mention, with `*` made concrete; a value none of them
 * mentions; or no tag at all), tried in an order that prefers the plainest tags, and the first
 * assignment that gives every wished outcome wins.
 */
import type { MetricQuery, ScopeFilter, ScopeTerm } from "../query/ast";
import { matchesScope } from "./scope";

export interface ScopeWish {
  readonly query: MetricQuery;
  /** Whether the series must be selected by the query. */
  readonly selected: boolean;
}

/** A ceiling on assignments tried, far above what real scopes need (a few keys, a few values each). */
const MAX_ASSIGNMENTS = 100_000;

/** The tags of a series of `metric` selected or not by each query as wished; undefined when no single set of tags does it. */
export function tagsFor(metric: string, wishes: readonly ScopeWish[]): string[] | undefined {
  if (wishes.some((w) => w.selected && w.query.metric !== metric)) return undefined;
  // Queries of another metric never select the series: nothing to solve for them.
  const relevant = wishes.filter((w) => w.query.metric === metric);
  const keys = candidateValues(relevant.map((w) => w.query));
  const order = [...keys.keys()];
  const total = order.reduce((n, k) => n * keys.get(k)!.length, 1);
  if (total > MAX_ASSIGNMENTS) return undefined;
  const chosen: (string | undefined)[] = [];
  const search = (i: number): string[] | undefined => {
    if (i === order.length) {
      const tags = chosen.filter((t): t is string => t !== undefined);
      return relevant.every((w) => matchesScope(w.query, tags) === w.selected) ? tags : undefined;
    }
    for (const tag of keys.get(order[i]!)!) {
      chosen[i] = tag;
      const found = search(i + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(0);
}

/**
 * Per key, the tags to try in order: values the scopes require, then a value none of them names
 * (`within_slo:false` beside `within_slo:true`, `outcome:not-forwarded` beside `!outcome:forwarded`),
 * then no tag, then the values they exclude. `undefined` stands for no tag.
 */
function candidateValues(queries: readonly MetricQuery[]): Map<string, (string | undefined)[]> {
  const positive = new Map<string, string[]>();
  const negative = new Map<string, string[]>();
  const bare = new Set<string>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    map.set(key, list);
  };
  for (const q of queries) {
    for (const term of termsOf(q)) {
      if (term.kind === "all") continue;
      if (term.value === undefined) bare.add(term.key);
      else add(term.negated ? negative : positive, term.key, concrete(term.value));
    }
    for (const key of q.groupBy) if (!positive.has(key) && !negative.has(key)) add(positive, key, "drill");
  }
  const out = new Map<string, (string | undefined)[]>();
  for (const key of new Set([...positive.keys(), ...negative.keys()])) {
    const named = [...(positive.get(key) ?? []), ...(negative.get(key) ?? [])];
    const other = otherValue(named[0]!, named);
    out.set(key, [...(positive.get(key) ?? []).map((v) => `${key}:${v}`), `${key}:${other}`, undefined, ...(negative.get(key) ?? []).map((v) => `${key}:${v}`)]);
  }
  for (const key of bare) if (!out.has(key)) out.set(key, [key, undefined]);
  return out;
}

/** The scope's terms; a boolean scope's tree lists them too (an IN value as a term), which is all candidates need. */
function termsOf(q: MetricQuery): readonly ScopeTerm[] {
  return q.filter ? [...q.scope, ...inTerms(q.filter)] : q.scope;
}

function inTerms(f: ScopeFilter): ScopeTerm[] {
  switch (f.kind) {
    case "term":
      return [];
    case "and":
    case "or":
      return f.operands.flatMap(inTerms);
    case "not":
      return inTerms(f.operand);
    case "in":
      return f.values.map((value) => ({ kind: "tag", key: f.key, value, negated: false, span: f.span }));
  }
}

/** A wildcard value made concrete: `martech-prod-webhook-*` -> `martech-prod-webhook-drill`. */
function concrete(value: string): string {
  return value.replace(/\*+/g, "drill");
}

/** A value unlike every named one, readable in a timeline. */
function otherValue(first: string, named: readonly string[]): string {
  const flipped = first === "true" ? "false" : first === "false" ? "true" : `not-${first}`;
  let v = flipped;
  for (let i = 2; named.includes(v); i++) v = `${flipped}-${i}`;
  return v;
}
