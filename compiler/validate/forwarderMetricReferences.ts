/**
 * The webhook forwarder's metrics named in runbook code, checked against what the forwarder
 * emits (forwarder/metrics/names.ts, the one definition the emitter uses): the metric name after
 * `martech.forwarder.`, and the tag keys of the `{scope}` and `by {...}` that follow it. A query
 * pasted during an incident on a metric the forwarder renamed (`forwarded`, now
 * `settled{outcome:forwarded}`) or on a tag it never sends (`by {topic}`) comes back empty or all
 * under one group, which reads as "nothing is wrong". Only keys are checked here: values are the
 * inventory rules' business (sli-stream, query references), and runbooks use placeholders.
 *
 * Read with the shapes runbooks write: `key:value`, `!key:value`, `-key:value`, `NOT key:value`,
 * `key IN (a, b)`, `key NOT IN (a)`, `*`, joined by `,`, `AND`, `OR` and parentheses
 * (https://docs.datadoghq.com/metrics/advanced-filtering/). Placeholders (`martech.forwarder.<metric>`,
 * a `<key>` or `$KEY` tag) and wildcards (`martech.forwarder.*`) are left alone.
 */
import { METRIC_NAMESPACE, METRICS, metricByName, queryableTags } from "../../forwarder/metrics/names";
import { listOf } from "../stackNames";
import { closestMatch } from "./didYouMean";

export interface MetricReferenceProblem {
  /** Offset in the line of the metric name or the tag key. */
  readonly offset: number;
  readonly message: string;
}

const NAMESPACE = `${METRIC_NAMESPACE}.`;
const METRIC = new RegExp(`(?<![A-Za-z0-9_.])${NAMESPACE.replace(/\./g, "\\.")}([A-Za-z0-9_.]*)`, "g");
const IN_LIST = /([A-Za-z][\w.\-/]*)(\s+(?:NOT\s+)?IN\s*)\(([^)]*)\)/gi;
const KEYWORD = /^(AND|OR|NOT)$/i;
const PLACEHOLDER = /[<>{}$]/;

const EMITTED = Object.values(METRICS).map((m) => m.name);
/** Metrics the forwarder used to emit, and what says the same today (issue 10 replaced forwarded by settled, once per delivery). */
const REPLACED: Readonly<Record<string, string>> = {
  [`${NAMESPACE}forwarded`]: `${NAMESPACE}settled{outcome:forwarded}`,
};

export function forwarderMetricProblems(line: string): MetricReferenceProblem[] {
  const out: MetricReferenceProblem[] = [];
  for (const m of line.matchAll(METRIC)) {
    const leaf = m[1]!.replace(/\.+$/, "");
    const end = m.index + NAMESPACE.length + leaf.length;
    // `martech.forwarder.*`, `martech.forwarder.<metric>`, or the namespace alone in a sentence.
    if (leaf === "" || /[*<$]/.test(line.charAt(end))) continue;
    const name = `${NAMESPACE}${leaf}`;
    const def = metricByName(name);
    if (!def) {
      const near = closestMatch(name, EMITTED);
      const instead = REPLACED[name] ? ` any more; count ${REPLACED[name]} instead` : near ? ` (did you mean ${near}?)` : "";
      out.push({ offset: m.index, message: `the forwarder emits no metric ${name}${instead}; its metrics are ${listOf(EMITTED)} (forwarder/metrics/names.ts)` });
      continue;
    }
    const tags: readonly string[] = queryableTags(def.id);
    for (const key of tagKeysAfter(line, end)) {
      if (PLACEHOLDER.test(key.text) || tags.includes(key.text)) continue;
      const use = key.groupBy ? "grouped by" : "filtered on";
      out.push({ offset: key.offset, message: `${name} is ${use} "${key.text}", a tag the forwarder never sends on it, so the query ${key.groupBy ? "puts everything in one group" : "matches nothing"}; its tags are ${listOf(tags)} (forwarder/metrics/names.ts)` });
    }
  }
  return out;
}

interface TagKeyAt {
  readonly text: string;
  readonly offset: number;
  readonly groupBy: boolean;
}

/** Tag keys of the `{scope}` starting at `at` (if any) and of a `by {...}` after it. */
function tagKeysAfter(line: string, at: number): TagKeyAt[] {
  if (line[at] !== "{") return [];
  const close = line.indexOf("}", at);
  if (close === -1) return [];
  const out: TagKeyAt[] = [];
  const start = at + 1;
  // IN lists first, blanked out (same length, so offsets hold) so their values are not read as keys.
  const scope = line.slice(start, close).replace(IN_LIST, (all: string, key: string, _in: string, _values: string, offset: number) => {
    out.push({ text: key, offset: start + offset, groupBy: false });
    return " ".repeat(all.length);
  });
  for (const token of scope.matchAll(/[^\s,()]+/g)) {
    if (token[0] === "*" || KEYWORD.test(token[0])) continue;
    const strip = /^[!-]/.test(token[0]) ? 1 : 0;
    const term = token[0].slice(strip);
    const colon = term.indexOf(":");
    out.push({ text: colon < 0 ? term : term.slice(0, colon), offset: start + token.index + strip, groupBy: false });
  }
  const by = /^\s+by\s*\{([^}]*)\}/.exec(line.slice(close + 1));
  if (by) {
    const keysStart = close + 1 + by[0].indexOf("{") + 1;
    for (const key of by[1]!.matchAll(/[^\s,]+/g)) out.push({ text: key[0], offset: keysStart + key.index, groupBy: true });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
