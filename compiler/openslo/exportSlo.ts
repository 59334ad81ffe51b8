/**
 * An inventory SLO as an OpenSLO v1 SLO with an inline ratio SLI over its two Datadog queries.
 *
 * - `ratioMetric` good/total: the inventory's `sli.good` and `sli.total`, as written (the plan
 *   scopes them to the stack's `env` when it creates the Datadog SLO; README, "Staging").
 * - `counter: false`: a Datadog count query returns the events of each interval, not a
 *   monotonically increasing total ("COUNT ... values are time-normalized deltas", DogStatsD
 *   metric submission, https://docs.datadoghq.com/metrics/custom_metrics/dogstatsd_metrics_submission/),
 *   which is what the spec's `counter: false` says: "a single number that can arbitrarily go up or down".
 * - `metricSource.type: Datadog` with `spec.query`, as the spec's own Datadog example.
 * - `timeWindow`: rolling, the inventory's window (Datadog metric SLOs are rolling 7, 30 or 90 days).
 * - `budgetingMethod: Occurrences`: good events over all events, which is what a Datadog metric SLO counts.
 * - annotation `martech-reliability.internal/alerting`: each burn-rate tier's response and whether
 *   the SLO's `alerting:` sets it (alertingAnnotation.ts), so import gives `alerting:` back as written.
 */
import { sloBurnPolicy } from "../lower/burnRate";
import type { Integration, Slo } from "../model";
import { formatAlerting } from "./alertingAnnotation";
import { API_VERSION, type MetricSource, type SloDoc } from "./documents";
import { ANNOTATIONS, fitText, MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, objectName } from "./names";
import { integrationMetadata, serviceName } from "./exportService";
import { objectiveToTarget } from "./sloTarget";

export function sloName(integration: Integration, slo: Slo): string {
  return objectName(integration.id, slo.id);
}

const datadog = (query: string): { metricSource: MetricSource } => ({ metricSource: { type: "Datadog", spec: { query } } });

export function sloDoc(integration: Integration, slo: Slo, alertPolicyNames: readonly string[]): SloDoc {
  const name = sloName(integration, slo);
  const owned = integrationMetadata(integration);
  return {
    apiVersion: API_VERSION,
    kind: "SLO",
    metadata: {
      name,
      displayName: fitText(slo.id, MAX_DISPLAY_NAME_LENGTH),
      labels: owned.labels,
      annotations: {
        [ANNOTATIONS.integration]: integration.id,
        [ANNOTATIONS.slo]: slo.id,
        [ANNOTATIONS.alerting]: formatAlerting(sloBurnPolicy(integration, slo), slo.alerting),
        ...owned.annotations,
      },
    },
    spec: {
      description: fitText(slo.description, MAX_DESCRIPTION_LENGTH),
      service: serviceName(integration),
      indicator: {
        metadata: { name },
        spec: { ratioMetric: { counter: false, good: datadog(slo.sli.good), total: datadog(slo.sli.total) } },
      },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ target: objectiveToTarget(slo.objective) }],
      ...(alertPolicyNames.length ? { alertPolicies: alertPolicyNames.map((alertPolicyRef) => ({ alertPolicyRef })) } : {}),
    },
  };
}
