/**
 * Whether a series' tags match a metric query's scope
 * (https://docs.datadoghq.com/metrics/#filter and https://docs.datadoghq.com/metrics/advanced-filtering/):
 * comma terms all match (AND), `!key:value` excludes, `*` in a value is a wildcard, `{*}` is
 * every source, and a boolean scope combines terms with AND, OR, NOT and IN.
 */
import { matchesGlob } from "../glob";
import type { MetricQuery, ScopeFilter, ScopeTerm } from "../query/ast";

export function matchesScope(query: MetricQuery, tags: readonly string[]): boolean {
  if (query.filter) return matchesFilter(query.filter, tags);
  return query.scope.every((t) => matchesTerm(t, tags));
}

function matchesFilter(f: ScopeFilter, tags: readonly string[]): boolean {
  switch (f.kind) {
    case "term":
      return matchesTerm(f.term, tags);
    case "and":
      return f.operands.every((o) => matchesFilter(o, tags));
    case "or":
      return f.operands.some((o) => matchesFilter(o, tags));
    case "not":
      return !matchesFilter(f.operand, tags);
    case "in": {
      const any = f.values.some((v) => hasTag(tags, f.key, v));
      return f.negated ? !any : any;
    }
  }
}

function matchesTerm(t: ScopeTerm, tags: readonly string[]): boolean {
  if (t.kind === "all") return true;
  const has = t.value === undefined ? tags.includes(t.key) : hasTag(tags, t.key, t.value);
  return t.negated ? !has : has;
}

/** `*` in a scope's value is a wildcard (compiler/glob.ts: linear time, whatever a pull request writes). */
function hasTag(tags: readonly string[], key: string, pattern: string): boolean {
  return tags.some((tag) => {
    const colon = tag.indexOf(":");
    if (colon < 0 || tag.slice(0, colon) !== key) return false;
    return matchesGlob(pattern, tag.slice(colon + 1));
  });
}

/** A series' group under `by {keys}`: `key:value` per key in the query's order, `*` without `by`. */
export function groupOf(groupBy: readonly string[], tags: readonly string[]): string {
  if (groupBy.length === 0) return "*";
  return groupBy
    .map((key) => {
      const tag = tags.find((t) => t.startsWith(`${key}:`));
      // Datadog shows a series without the grouping tag under N/A.
      return tag ?? `${key}:N/A`;
    })
    .join(",");
}
