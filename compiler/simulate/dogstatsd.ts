/**
 * DogStatsD datagrams, as a socket captured them, turned into the simulator's input: what the
 * forwarder actually emitted, ready for the same evaluator that judges the inventory's alert tests.
 *
 * The wire format is Datadog's (https://docs.datadoghq.com/extend/dogstatsd/datagram_shell/):
 * UTF-8 lines separated by `\n`, each `<METRIC_NAME>:<VALUE>|<TYPE>|@<SAMPLE_RATE>|#<TAG>,<TAG>`,
 * several values packed as `<NAME>:<V1>:<V2>|<TYPE>` since protocol v1.1. It is read from that
 * documentation, not from the forwarder's emitter, so a drill checks the emitter instead of
 * agreeing with it.
 *
 * WHAT A SAMPLE IS. Only distributions (`|d`) are accepted: every metric the forwarder emits is
 * one (forwarder/metrics/names.ts), and the inventory counts them with `count:`, which for a
 * distribution counts the values recorded ("count values",
 * https://docs.datadoghq.com/metrics/distributions/). So a series' sample in an interval is the
 * NUMBER of values recorded in it, whatever they were (a latency of 1200 ms counts 1), the
 * convention compiler/simulate/input.ts states. An interval without a value has no sample (a gap,
 * not 0): the agent sends nothing for a series that received nothing, and that is how a silent
 * source reaches a monitor's no-data handling.
 *
 * Other types would mean something else per interval, which is why they are refused rather than
 * guessed at: a count (`c`) is the SUM of its values (each divided by its sample rate), read with
 * `.as_count()`; a gauge (`g`) is the LAST value; a set (`s`) the number of DISTINCT values; a
 * histogram or timer (`h`, `ms`) is not one series at all but several the agent derives
 * (`.count`, `.avg`, `.max`, `.95percentile`...)
 * (https://docs.datadoghq.com/extend/dogstatsd/data_aggregation/). A sample rate below 1 (the
 * forwarder never samples), a client timestamp (`|T`), container fields, events (`_e{`) and
 * service checks (`_sc|`) are refused too, each with the reason.
 *
 * WHEN. Each datagram carries the simulated time it arrived at; its values fall in the interval
 * holding that time, `[k * interval, (k + 1) * interval)` as the agent buckets a flush ("all data
 * received ... between 10:00:00 and 10:00:10 is rolled up in a single datapoint", data_aggregation
 * page above), and are stamped with the interval's END, sample k + 1, as compiler/simulate/input.ts
 * defines a sample: a value arriving at 7:15 with 1-minute intervals is the sample at 8:00, so a
 * monitor evaluated at 7:00 cannot see it. (The agent stamps the point 7:00, but it exists only
 * once the interval is over.)
 */
import type { InputSeries, SeriesSet } from "./input";

export interface CapturedDatagram {
  /** Simulated seconds from the first sample at which the datagram arrived. */
  readonly atSeconds: number;
  /** The datagram's payload as UTF-8. */
  readonly text: string;
}

export interface DogStatsdLine {
  readonly metric: string;
  /** One entry per value packed into the line. */
  readonly values: readonly number[];
  /** As sent, duplicates removed, sorted: Datadog identifies a series by its tag set, not their order. */
  readonly tags: readonly string[];
}

export type DogStatsdLineResult = { readonly ok: true; readonly line: DogStatsdLine } | { readonly ok: false; readonly message: string };

export interface DogStatsdError {
  /** Index of the datagram in the capture. */
  readonly datagram: number;
  /** 1-based line within the datagram. */
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

export type DogStatsdResult = { readonly ok: true; readonly input: SeriesSet } | { readonly ok: false; readonly errors: readonly DogStatsdError[] };

export interface DogStatsdOptions {
  /** Spacing of the samples; 60 for one point per simulated minute. */
  readonly intervalSeconds: number;
  /**
   * At least this many samples per series, so a series covers the whole drill even when its
   * source fell silent before the end (trailing gaps).
   */
  readonly samples?: number;
}

/** "only ASCII alphanumerics, underscores, and periods" (datagram page), starting with a letter, at most 200 characters (https://docs.datadoghq.com/metrics/custom_metrics/#naming-custom-metrics). */
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,199}$/;
/** "Integer or float": no hex, no Infinity, no NaN. */
const VALUE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Past this many errors the rest are not listed: one broken emitter repeats the same fault on every line. */
const MAX_ERRORS = 20;

/** One DogStatsD line (no newline) as a distribution's values, or why it is not one the simulator can read. */
export function parseDogStatsdLine(text: string): DogStatsdLineResult {
  const fail = (message: string): DogStatsdLineResult => ({ ok: false, message });
  if (text === "") return fail("an empty line");
  if (text.startsWith("_e{")) return fail("an event, not a metric");
  if (text.startsWith("_sc|")) return fail("a service check, not a metric");
  const [head, type, ...fields] = text.split("|");
  const colon = head!.indexOf(":");
  if (colon < 0 || type === undefined) return fail("not <name>:<value>|<type>");
  const metric = head!.slice(0, colon);
  if (!METRIC_NAME.test(metric)) return fail(`"${metric}" is not a metric name: ASCII letters, digits, _ and ., starting with a letter, at most 200 characters`);
  const rawValues = head!.slice(colon + 1).split(":");
  const bad = rawValues.find((v) => !VALUE.test(v));
  if (bad !== undefined) return fail(`"${bad}" is not a number`);
  const values = rawValues.map(Number);
  if (!values.every(Number.isFinite)) return fail("a value is out of range");
  if (type !== "d") return fail(`type "${type}" is not a distribution; only distributions (|d) are read, since what an interval's sample means depends on the type`);
  let tags: string[] = [];
  let sawTags = false;
  for (const field of fields) {
    if (field.startsWith("@")) {
      if (!VALUE.test(field.slice(1)) || Number(field.slice(1)) !== 1) return fail(`sample rate "${field.slice(1)}": sampled distributions are not simulated (the forwarder never samples)`);
    } else if (field.startsWith("#")) {
      if (sawTags) return fail("two tag fields");
      sawTags = true;
      tags = field.slice(1).split(",");
      if (tags.some((t) => t === "")) return fail("an empty tag (two commas in a row, or a trailing comma)");
    } else if (field.startsWith("T")) {
      return fail("a client timestamp (|T): the simulation stamps values with their arrival, as the agent does without one");
    } else {
      return fail(`unknown field "${field.slice(0, 20)}"`);
    }
  }
  return { ok: true, line: { metric, values, tags: [...new Set(tags)].sort() } };
}

/**
 * The captured datagrams as one series per metric and tag set, sample i holding the number of
 * values that arrived in `[(i - 1) * interval, i * interval)` (sample 0 is always a gap: nothing
 * arrives before 0). Every malformed line is reported; none is skipped.
 */
export function seriesFromDogStatsd(datagrams: readonly CapturedDatagram[], options: DogStatsdOptions): DogStatsdResult {
  const interval = options.intervalSeconds;
  if (!(interval > 0)) throw new Error(`intervalSeconds must be positive, got ${interval}`);
  const errors: DogStatsdError[] = [];
  const counts = new Map<string, { metric: string; tags: readonly string[]; byIndex: Map<number, number> }>();
  let length = Math.max(0, Math.floor(options.samples ?? 0));

  datagrams.forEach((d, datagram) => {
    const report = (line: number, text: string, message: string) => {
      if (errors.length < MAX_ERRORS) errors.push({ datagram, line, text: text.slice(0, 200), message });
    };
    if (!Number.isFinite(d.atSeconds) || d.atSeconds < 0) return report(0, "", `arrival time ${d.atSeconds} is not a simulated time at or after 0`);
    // Stamped with the end of the interval it arrived in (see WHEN above).
    const index = Math.floor(d.atSeconds / interval) + 1;
    length = Math.max(length, index + 1);
    const lines = d.text.split("\n");
    // One newline at the very end is how many clients terminate a datagram: not an empty line.
    if (lines.length > 1 && lines.at(-1) === "") lines.pop();
    lines.forEach((text, i) => {
      const parsed = parseDogStatsdLine(text);
      if (!parsed.ok) return report(i + 1, text, parsed.message);
      const { metric, tags, values } = parsed.line;
      const key = `${metric}\u0000${tags.join(",")}`;
      let entry = counts.get(key);
      if (!entry) counts.set(key, (entry = { metric, tags, byIndex: new Map() }));
      entry.byIndex.set(index, (entry.byIndex.get(index) ?? 0) + values.length);
    });
  });
  if (errors.length > 0) return { ok: false, errors };

  const series: InputSeries[] = [...counts.keys()].sort().map((key) => {
    const { metric, tags, byIndex } = counts.get(key)!;
    const values = Array.from({ length }, (_, i) => byIndex.get(i));
    return { metric, tags, values };
  });
  return { ok: true, input: { intervalSeconds: interval, series } };
}

/** A malformed capture as one readable message per line at fault. */
export function formatDogStatsdErrors(errors: readonly DogStatsdError[]): string {
  return errors.map((e) => `datagram ${e.datagram}, line ${e.line}: ${e.message}${e.text ? ` (${JSON.stringify(e.text)})` : ""}`).join("\n");
}
