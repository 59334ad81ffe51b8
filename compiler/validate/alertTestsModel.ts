/**
 * Validated alert test documents -> the model's AlertTest (simulate/alertTest.ts): durations in
 * seconds, each series split into its metric and tags, its values expanded. Called only once
 * every rule has passed, so a parse failure here is a bug, not an input error.
 */
import { durationSeconds } from "../lower/durations";
import type { AlertTest } from "../simulate/alertTest";
import { parseSeriesNotation } from "../simulate/series";
import { DEFAULT_INTERVAL } from "./alertTestSchema";
import type { AlertTestDoc } from "./schema";
import { parseSeriesText } from "./seriesText";

export function toAlertTest(doc: AlertTestDoc): AlertTest {
  return {
    name: doc.name,
    intervalSeconds: durationSeconds(doc.interval ?? DEFAULT_INTERVAL),
    input: doc.input.map(({ series, values }) => {
      const parsed = parseSeriesText(series);
      const samples = parseSeriesNotation(values);
      if (!parsed.ok || !samples.ok) throw new Error(`unchecked alert test series ${JSON.stringify(series)}`);
      return { metric: parsed.metric, tags: parsed.tags, values: samples.values };
    }),
    expect: doc.expect.map((e) => ({ atSeconds: durationSeconds(e.at), firing: e.firing ?? [], warning: e.warning ?? [], quiet: e.quiet ?? [] })),
  };
}
