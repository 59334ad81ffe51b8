/**
 * Reads the `martech.forwarder.*` references out of Datadog metric queries and checks them
 * against names.ts, so the inventory's SLOs and monitors cannot drift from what the
 * forwarder emits. Used by test/forwarder/metrics.test.ts; small and dependency-free so a
 * compiler rule can call it too.
 *
 * Understands the query shapes the inventory uses: `agg:metric{scope}[ by {keys}][.fn()]`,
 * with scope terms `key:value`, `!key:value`, `-key:value`, `NOT key:value`, `key IN (a,b)`,
 * `key NOT IN (a,b)`, `*`, joined by `,`, `AND`, `OR` and parentheses.
 */
import { DEFER_REASONS, ERROR_CODES, FAIL_REASONS, METRIC_NAMESPACE, METRICS, REJECT_REASONS, sanitizeTag, SETTLE_OUTCOMES, SETTLE_REASONS, type MetricDef, type MetricId, type TagKey } from "./names";

export interface TagFilter {
  readonly key: string;
  /** Undefined for a bare tag (`{sometag}`), which the forwarder never emits. */
  readonly values: readonly string[] | undefined;
}

export interface MetricRef {
  readonly metric: string;
  readonly filters: readonly TagFilter[];
  /** Keys of a `by {...}` clause. */
  readonly groupBy: readonly string[];
}

export interface ParsedQuery {
  readonly refs: readonly MetricRef[];
  /** Occurrences of the namespace that are not a well-formed `metric{scope}` reference. */
  readonly unparsed: readonly string[];
}

const NS = METRIC_NAMESPACE.replace(/\./g, "\\.");
const REF = new RegExp(`(?<![A-Za-z0-9_.])(${NS}\\.[A-Za-z0-9_.]+)\\s*\\{([^}]*)\\}(?:\\s+by\\s*\\{([^}]*)\\})?`, "g");
const ANY = new RegExp(`(?<![A-Za-z0-9_.])${NS}\\.[A-Za-z0-9_.]*`, "g");

/** Every `martech.forwarder.*` reference in one query. */
export function parseForwarderRefs(query: string): ParsedQuery {
  const refs: MetricRef[] = [];
  const starts = new Set<number>();
  for (const m of query.matchAll(REF)) {
    starts.add(m.index);
    refs.push({ metric: m[1]!, filters: parseScope(m[2]!), groupBy: m[3] === undefined ? [] : splitList(m[3]) });
  }
  const unparsed = [...query.matchAll(ANY)].filter((m) => !starts.has(m.index)).map((m) => m[0]);
  return { refs, unparsed };
}

function parseScope(scope: string): TagFilter[] {
  const filters: TagFilter[] = [];
  const rest = scope.replace(/([A-Za-z][\w.\-/]*)\s+(?:NOT\s+)?IN\s*\(([^)]*)\)/gi, (_all, key: string, list: string) => {
    filters.push({ key, values: splitList(list) });
    return " ";
  });
  // Tags contain no spaces, commas or parentheses: what is left is terms and boolean keywords.
  for (const token of rest.split(/[\s,()]+/)) {
    if (token === "" || token === "*" || /^(AND|OR|NOT)$/i.test(token)) continue;
    const term = token.replace(/^[!-]/, "");
    const colon = term.indexOf(":");
    filters.push(colon < 0 ? { key: term, values: undefined } : { key: term.slice(0, colon), values: [term.slice(colon + 1)] });
  }
  return filters;
}

function splitList(list: string): string[] {
  return list.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** What the surrounding inventory says a reference may name, for value checks. */
export interface RefContext {
  /** The integration whose query this is: `integration:` must name it. */
  readonly integration?: string;
  /** Webhook id -> systems it forwards to. */
  readonly webhooks?: ReadonlyMap<string, readonly string[]>;
}

const BOOLEAN_TAGS: ReadonlySet<string> = new Set<TagKey>(["synthetic", "within_slo"]);
const REASONS: Partial<Record<MetricId, readonly string[]>> = { rejected: REJECT_REASONS, failed: FAIL_REASONS, settled: SETTLE_REASONS, deferred: DEFER_REASONS };
const METRIC_BY_NAME = new Map<string, MetricDef & { id: MetricId }>(
  (Object.entries(METRICS) as [MetricId, MetricDef][]).map(([id, def]) => [def.name, { ...def, id }]),
);

/**
 * Problems with one query (empty when every forwarder reference is something the forwarder
 * emits): unknown metric names, tag keys the metric does not carry, and values the forwarder
 * can never emit (not sanitized, not a boolean, not a known reason, not this integration,
 * not one of its webhooks or their destinations). Wildcard values are not value-checked.
 */
export function checkQuery(query: string, ctx: RefContext = {}): string[] {
  const problems: string[] = [];
  const { refs, unparsed } = parseForwarderRefs(query);
  for (const u of unparsed) problems.push(`"${u}" is not a metric{scope} reference the check can read`);
  for (const ref of refs) {
    const def = METRIC_BY_NAME.get(ref.metric);
    if (!def) {
      problems.push(`${ref.metric} is not a metric the forwarder emits (known: ${[...METRIC_BY_NAME.keys()].join(", ")})`);
      continue;
    }
    const keys = new Set<string>([...def.tags, ...def.optionalTags]);
    for (const key of ref.groupBy) {
      if (!keys.has(key)) problems.push(`${ref.metric} is grouped by "${key}", a tag it does not carry (it has: ${[...keys].join(", ")})`);
    }
    const sources = ref.filters.filter((f) => f.key === "source").flatMap((f) => f.values ?? []);
    for (const f of ref.filters) {
      if (!keys.has(f.key)) {
        problems.push(`${ref.metric} is filtered on "${f.key}"${f.values ? "" : " (a bare tag)"}, a tag it does not carry (it has: ${[...keys].join(", ")})`);
        continue;
      }
      if (!f.values) {
        problems.push(`${ref.metric}: "${f.key}" is a bare tag; the forwarder only emits key:value tags`);
        continue;
      }
      for (const value of f.values) {
        if (value.includes("*") || value.includes("?")) continue;
        const problem = valueProblem(def.id, f.key as TagKey, value, ctx, sources);
        if (problem) problems.push(`${ref.metric}{${f.key}:${value}}: ${problem}`);
      }
    }
  }
  return problems;
}

function valueProblem(id: MetricId, key: TagKey, value: string, ctx: RefContext, sources: readonly string[]): string | undefined {
  if (sanitizeTag(key, value) !== `${key}:${value}`) return `the forwarder emits this value as "${sanitizeTag(key, value)}", so the filter never matches`;
  if (BOOLEAN_TAGS.has(key) && value !== "true" && value !== "false") return "the forwarder emits only true or false here";
  if (key === "reason") {
    const allowed: readonly string[] = REASONS[id] ?? [];
    if (!allowed.includes(value)) return `not a ${id} reason the forwarder emits (${allowed.join(", ")})`;
  }
  if (key === "error_code" && !(ERROR_CODES as readonly string[]).includes(value)) return `not an error code the forwarder emits: it tags only ${ERROR_CODES.length - 1} documented codes and "other" (forwarder/metrics/names.ts ERROR_CODES)`;
  if (key === "outcome" && !(SETTLE_OUTCOMES as readonly string[]).includes(value)) return `not an outcome the forwarder emits (${SETTLE_OUTCOMES.join(", ")})`;
  if (key === "integration" && ctx.integration !== undefined && value !== ctx.integration) return `this query belongs to integration ${ctx.integration}`;
  if (key === "source" && ctx.webhooks && !ctx.webhooks.has(value)) return `not a webhook of this integration (${[...ctx.webhooks.keys()].join(", ") || "it has none"})`;
  if (key === "destination" && ctx.webhooks) {
    const pool = sources.length > 0 ? sources.flatMap((s) => ctx.webhooks!.get(s) ?? []) : [...ctx.webhooks.values()].flat();
    if (!pool.includes(value)) return `no ${sources.length > 0 ? `webhook ${sources.join("/")}` : "webhook of this integration"} forwards to ${value} (forwardTo: ${[...new Set(pool)].join(", ") || "none"})`;
  }
  return undefined;
}
