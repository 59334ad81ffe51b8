/**
 * alert-test-series: each input `series` must be one concrete series as a client submits it,
 * `metric.name{key:value,key}` (seriesText.ts: Datadog's metric name and tag characters,
 * https://docs.datadoghq.com/metrics/custom_metrics/#naming-custom-metrics and
 * https://docs.datadoghq.com/getting_started/tagging/#define-tags), with no `!`, `*` or space;
 * an error points at the character inside the YAML string. A test must not list the same series
 * (same metric, same tags in any order) twice: Datadog stores one series per name and tag set.
 */
import { positionOf } from "../../load/yamlFile";
import { positionInString } from "../../load/stringPosition";
import { alertTestsByIntegration, testContext } from "../alertTestSources";
import type { Rule } from "../ruleContext";
import { seriesKey } from "../seriesText";

export const alertTestSeries: Rule = (ctx) => {
  for (const { tests } of alertTestsByIntegration(ctx)) {
    for (const { test, file, path, inputs } of tests) {
      const seen = new Map<string, number>();
      inputs.forEach(({ series }, j) => {
        const at = [...path, "input", j, "series"];
        const context = testContext(test, "input", j, "series");
        if (!series.ok) {
          ctx.reportAt(file.file, positionInString(file.source, at, test.input[j].series, series.offset), "alert-test-series", `${context}: ${series.message}`);
          return;
        }
        const key = seriesKey(series.metric, series.tags);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, j);
        else {
          const line = positionOf(file.source, [...path, "input", first, "series"]).line;
          ctx.report(file, at, "alert-test-series", `${context}: this is the series of input[${first}] (line ${line}) again, tags in another order or not; Datadog stores one series per metric and tag set, so merge their values into one`);
        }
      });
    }
  }
};
