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

/** The message for the first character that makes a query out of a series: "!", "*", or any space. */
const QUERY_CHARACTERS: Readonly<Record<string, string>> = {
  "!": 'an input series is one series as it is submitted, so it cannot exclude a tag with "!"; list the tags it has',
  "*": 'an input series is one series as it is submitted, so a tag cannot hold the wildcard "*"; write its actual value',
};
const NO_SPACES = "a series holds no spaces; write metric.name{key:value,key:value} with commas alone between the tags";

export function parseSeriesText(text: string): SeriesTextResult {
  const fail = (offset: number, message: string): SeriesTextResult => ({ ok: false, offset, message });
  // Characters that make a query out of a series, named before any structural error they cause.
  const queryChar = /[\s!*]/.exec(text);
  if (queryChar) return fail(queryChar.index, QUERY_CHARACTERS[queryChar[0]] ?? NO_SPACES);
  const open = text.indexOf("{");
  const metric = open === -1 ? text : text.slice(0, open);
  if (metric === "") return fail(0, "the series starts with no metric name; write metric.name{key:value,...}");
  const colon = metric.indexOf(":");
  if (colon !== -1 && isSpaceAggregator(metric.slice(0, colon))) {
    return fail(0, `an input series names a metric, not a query: remove "${metric.slice(0, colon + 1)}" (the monitor's query aggregates the series)`);
  }
  const nameProblem = metricNameProblem(metric);
  if (nameProblem) return fail(nameProblem.at, nameProblem.message);
  if (open === -1) return { ok: true, metric, tags: [] };
  const close = text.indexOf("}", open);
  if (close === -1) return fail(text.length, 'the tags opened by "{" are not closed; end the series with "}"');
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
