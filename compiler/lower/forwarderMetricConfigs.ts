/**
 * Percentiles and queryable tags for the forwarder distributions the SLOs count: one
 * `datadog.MetricTagConfiguration` each.
 *
 * Datadog metric SLOs take COUNT, RATE or percentile-enabled DISTRIBUTION metrics, the latter
 * counted with "count values" (https://docs.datadoghq.com/service_management/service_level_objectives/metric/#define-queries);
 * percentiles are enabled per distribution by its tag configuration
 * (https://docs.datadoghq.com/metrics/distributions/#enabling-advanced-query-functionality,
 * `includePercentiles` in node_modules/@pulumi/datadog/metricTagConfiguration.d.ts). The
 * configuration is an allowlist of tag keys (https://docs.datadoghq.com/metrics/distributions/#customize-tagging),
 * so listing exactly the keys the forwarder emits (forwarder/metrics/names.ts) also bounds the
 * metric's cardinality to them.
 *
 * Only when the stack says Datadog has the metrics (`forwarderPercentiles`): the API refuses a
 * tag configuration for a metric it has not received ("Cannot configure tags on a metric that
 * does not exist", https://docs.datadoghq.com/api/latest/metrics/#create-a-tag-configuration
 * "for an existing ... metric"; terraform-provider-datadog issue 4016), so a new stack's first
 * deployment, which creates the forwarder, cannot create them. And only for distributions an SLO
 * counts: the forwarder emits those on every delivery, while some others (dead_lettered,
 * rejected) may never be emitted and would fail the deployment forever.
 */
import type { MetricTagConfigurationArgs } from "@pulumi/datadog/metricTagConfiguration";
import { metricByName, METRIC_IDS, METRICS, queryableTags, type MetricId } from "../../forwarder/metrics/names";
import type { Inventory } from "../model";
import { metricQueriesIn, parseMetricExpression } from "../query/parse";
import { names } from "./names";
import type { LowerSettings } from "./settings";
import type { ResourceSpec } from "./spec";

export const METRIC_TAG_CONFIGURATION = "datadog:index/metricTagConfiguration:MetricTagConfiguration";

/** The forwarder's metrics that some SLO counts, in names.ts order. */
export function sloCountedMetrics(inventory: Inventory): MetricId[] {
  const used = new Set<MetricId>();
  for (const integration of inventory.integrations) {
    for (const slo of integration.slos) {
      for (const text of [slo.sli.good, slo.sli.total]) {
        const parsed = parseMetricExpression(text);
        if (!parsed.ok) continue; // validation reports it; a valid inventory parses
        for (const q of metricQueriesIn(parsed.expr)) {
          const def = metricByName(q.metric);
          if (def) used.add(def.id);
        }
      }
    }
  }
  return METRIC_IDS.filter((id) => used.has(id));
}

/** One tag configuration per forwarder distribution an SLO counts, when the stack enables them. */
export function metricTagConfigSpecs(inventory: Inventory, settings: LowerSettings): ResourceSpec[] {
  // A metric's tag configuration is one per Datadog organisation: prod's serves staging too (settings.ts).
  if (!settings.forwarder.percentiles || settings.staging) return [];
  return sloCountedMetrics(inventory).map((id): ResourceSpec => {
    const inputs: MetricTagConfigurationArgs = {
      metricName: METRICS[id].name,
      // Every forwarder metric is submitted as a DogStatsD distribution (names.ts).
      metricType: "distribution",
      includePercentiles: true,
      tags: queryableTags(id),
      // An allowlist: only these keys are queryable (the provider's default, stated).
      excludeTagsMode: false,
    };
    return { type: METRIC_TAG_CONFIGURATION, name: names.forwarder(`metric-tags-${id.replace(/_/g, "-")}`), inputs };
  });
}
