/**
 * An alert test's input series as written, `metric.name{key:value,other:value,bare}`: ONE
 * concrete series, the name and tags a metric is submitted with
 * (https://docs.datadoghq.com/getting_started/tagging/#define-tags), not a query. So no space
 * aggregator, no `!` exclusion, no `*` wildcard and no spaces; a tag is `key:value` or a bare
 * `key`, and the characters allowed are query/names.ts's, so a series is one a query can match.
 */
import { metricNameProblem, tagProblem } from "../query/names";
import { isSpaceAggregator } from "../query/vocabulary";

export type SeriesTextResult =
  | { readonly ok: true; readonly metric: string; readonly tags: readonly string[] }
  | { readonly ok: false; readonly offset: number; readonly message: string };

export function parseSeriesText(text: string): SeriesTextResult {
  const fail = (offset: number, message: string): SeriesTextResult => ({ ok: false, offset, message });
  // Characters that make a query out of a series, named before any structural error they cause.
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which is no space, "!" or "*", so <= returns what < does.
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) return fail(i, "a series holds no spaces; write metric.name{key:value,key:value} with commas alone between the tags");
    if (c === "!") return fail(i, 'an input series is one series as it is submitted, so it cannot exclude a tag with "!"; list the tags it has');
    if (c === "*") return fail(i, 'an input series is one series as it is submitted, so a tag cannot hold the wildcard "*"; write its actual value');
  }
  const open = text.indexOf("{");
  const metric = open < 0 ? text : text.slice(0, open);
  if (metric === "") return fail(0, "the series starts with no metric name; write metric.name{key:value,...}");
  const colon = metric.indexOf(":");
  // Stryker disable next-line EqualityOperator: at colon 0 the prefix is "", which is no space aggregator, so >= 0 refuses nothing > 0 accepts.
  if (colon > 0 && isSpaceAggregator(metric.slice(0, colon))) {
    return fail(0, `an input series names a metric, not a query: remove "${metric.slice(0, colon + 1)}" (the monitor's query aggregates the series)`);
  }
  const nameProblem = metricNameProblem(metric);
  if (nameProblem) return fail(nameProblem.at, nameProblem.message);
  // Stryker disable next-line EqualityOperator: open 0 leaves an empty metric, refused above, so open is never 0 here.
  if (open < 0) return { ok: true, metric, tags: [] };
  const close = text.indexOf("}", open);
  // Stryker disable next-line EqualityOperator: close is searched from open, which is at least 1 here, so close is never 0.
  if (close < 0) return fail(text.length, 'the tags opened by "{" are not closed; end the series with "}"');
  if (close < text.length - 1) return fail(close + 1, `nothing may follow the tags' closing "}"`);
  if (close === open + 1) return fail(open, 'the braces hold no tags; write the series without "{}", or with key:value tags inside');
  const tags: string[] = [];
  let start = open + 1;
  for (const tag of text.slice(open + 1, close).split(",")) {
    if (tag === "") return fail(start, "an empty tag: two commas in a row, or a comma at an end");
    const problem = tagProblem(tag);
    if (problem) return fail(start + problem.at, problem.message);
    tags.push(tag);
    start += tag.length + 1;
  }
  return { ok: true, metric, tags };
}

/** The series' identity: its metric and its set of tags, in any order. */
export function seriesKey(metric: string, tags: readonly string[]): string {
  return `${metric}{${[...new Set(tags)].sort().join(",")}}`;
}
