/**
 * Concrete input series for drills: values laid out in phases (healthy, fault, recovery), on
 * series whose tags the queries under test select (synthesizeTags.ts).
 *
 * Counts are written the way their sources report them: an interval that counted nothing has
 * no point (DogStatsD and the forwarder's distributions send nothing for it), so a zero count is
 * a gap. That is what makes an error rate's error side sparse, as it is in production.
 */
import type { MetricQuery } from "../query/ast";
import type { InputSeries } from "./input";
import type { Sample } from "./series";
import { tagsFor } from "./synthesizeTags";

/** `samples` consecutive samples of one value each. */
export interface Phase {
  readonly samples: number;
  readonly value: number;
}

/** One value per sample; with `counts`, a zero is a gap. Values keep 6 decimals, so 1000 * (1 - 0.144) reads 856, not 855.9999999999999. */
export function phaseValues(phases: readonly Phase[], counts: boolean): Sample[] {
  const out: Sample[] = [];
  for (const p of phases) {
    const value = Math.round(p.value * 1e6) / 1e6;
    for (let i = 0; i < p.samples; i++) out.push(counts && value === 0 ? undefined : value);
  }
  return out;
}

/** A series `query` selects and none of `others` does (where tags allow), holding `phases`. */
export function seriesFor(query: MetricQuery, others: readonly MetricQuery[], phases: readonly Phase[], counts: boolean): InputSeries | undefined {
  const tags = tagsFor(query.metric, [{ query, selected: true }, ...others.map((q) => ({ query: q, selected: false }))]) ?? tagsFor(query.metric, [{ query, selected: true }]);
  return tags && { metric: query.metric, tags, values: phaseValues(phases, counts) };
}

/** Per phase, the count the part query must read and the count the whole query must read. */
export interface PartPhase {
  readonly samples: number;
  readonly part: number;
  readonly whole: number;
}

/**
 * Count series that give `part` and `whole` the wished counts in every phase: errors and total,
 * good and total events, downstream and upstream records.
 *
 * - When one series can be selected by both queries (one metric, the part a narrower scope), a
 *   shared series carries the part's count and a series only the whole selects carries the rest,
 *   so the whole query adds them up (it must aggregate with `sum:` or `count:`).
 * - Otherwise (two metrics, or scopes that never overlap) each query gets its own series.
 *
 * Undefined when the scopes admit neither (a whole that cannot exceed its part).
 */
export function partOfWhole(part: MetricQuery, whole: MetricQuery, phases: readonly PartPhase[]): InputSeries[] | undefined {
  const shared = tagsFor(part.metric, [
    { query: part, selected: true },
    { query: whole, selected: true },
  ]);
  if (shared) {
    const rest = phases.some((p) => p.whole !== p.part) ? tagsFor(whole.metric, [{ query: whole, selected: true }, { query: part, selected: false }]) : [];
    if (!rest || !ADDITIVE.has(whole.aggregator)) return undefined;
    const out: InputSeries[] = [{ metric: part.metric, tags: shared, values: phaseValues(phases.map((p) => ({ samples: p.samples, value: p.part })), true) }];
    if (phases.some((p) => p.whole !== p.part)) out.push({ metric: whole.metric, tags: rest, values: phaseValues(phases.map((p) => ({ samples: p.samples, value: p.whole - p.part })), true) });
    return out;
  }
  const partTags = tagsFor(part.metric, [{ query: part, selected: true }, { query: whole, selected: false }]);
  const wholeTags = tagsFor(whole.metric, [{ query: whole, selected: true }, { query: part, selected: false }]);
  if (!partTags || !wholeTags) return undefined;
  return [
    { metric: part.metric, tags: partTags, values: phaseValues(phases.map((p) => ({ samples: p.samples, value: p.part })), true) },
    { metric: whole.metric, tags: wholeTags, values: phaseValues(phases.map((p) => ({ samples: p.samples, value: p.whole })), true) },
  ];
}

/** Space aggregators that add the series of a group up (https://docs.datadoghq.com/metrics/#space-aggregation). */
const ADDITIVE: ReadonlySet<string> = new Set(["sum", "count"]);
