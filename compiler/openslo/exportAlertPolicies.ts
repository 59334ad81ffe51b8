/**
 * The burn-rate alerts the plan creates for an SLO, as OpenSLO AlertPolicies, each with its one
 * AlertCondition inline ("conditions ... max of one condition", spec "Notes (AlertPolicy)"), and
 * the AlertNotificationTargets they notify.
 *
 * The tiers are lower/burnRate.ts's, through the same `burnAlerts(..., sloBurnPolicy(...))` call
 * lower/slos.ts makes: tiers set to `off` or dropped (burn-tier-dropped) have no policy here
 * either, and a factor is never recomputed.
 *
 * - condition `kind: burnrate`, `op: gt` and `threshold` the factor: Datadog's
 *   `burn_rate(...).long_window(L).short_window(S) > factor`.
 * - `lookbackWindow`: the long window, over which the burn rate is measured.
 * - `alertAfter`: OpenSLO v1 has no short window, and `alertAfter` is "the duration the
 *   condition needs to be valid for before alerting". Datadog alerts as soon as both windows
 *   burn too fast (https://docs.datadoghq.com/service_management/service_level_objectives/burn_rate/),
 *   so it is the shortest duration-shorthand there is, 1m (the published v1 JSON schema's
 *   pattern `^[1-9][0-9]*[mhdwMQY]$` refuses the spec's default of 0m). The short window is kept
 *   in an annotation and in the condition's description.
 * - `alertWhenResolved: true`: the alert's message has an `{{#is_recovery}}` block, so Datadog
 *   notifies the same handle on recovery; `alertWhenNoData: false`: burn-rate alerts are created
 *   without no-data notifications (lower/slos.ts sets no `notifyNoData`).
 * - `severity`: the tier's response, `page` or `ticket`.
 * - notification targets by `targetRef`, as separate objects: the published v1 JSON schema's
 *   inline form only accepts `kind: AlertCondition` there (a slip), while a reference is valid
 *   under both it and the spec.
 * - the tier in the policy's annotation `martech-reliability.internal/burn-tier` as well as in its
 *   name (`...--burn-<tier>`), which may be shortened: import reads the tier back from it.
 */
import { burnAlerts, sloBurnPolicy, type BurnAlert } from "../lower/burnRate";
import { chatHandle, pagerdutyHandle } from "../lower/notify";
import type { Integration, Inventory, Slo } from "../model";
import { API_VERSION, type AlertNotificationTargetDoc, type AlertPolicyDoc } from "./documents";
import { integrationMetadata } from "./exportService";
import { ANNOTATIONS, objectName } from "./names";

/** The burn-rate alerts of an SLO, as the plan creates them (none for a retired SLO). */
export function sloBurnAlerts(integration: Integration, slo: Slo): BurnAlert[] {
  if (slo.retired) return [];
  return burnAlerts(slo.objective, slo.window, sloBurnPolicy(integration, slo)).alerts;
}

export const alertPolicyName = (integration: Integration, slo: Slo, alert: BurnAlert) => objectName(integration.id, slo.id, `burn-${alert.id}`);

export const notificationTargetName = (integration: Integration, response: BurnAlert["response"]) => objectName(integration.id, response);

export function alertPolicyDoc(integration: Integration, slo: Slo, alert: BurnAlert): AlertPolicyDoc {
  const name = alertPolicyName(integration, slo, alert);
  const share = `${Math.round(alert.budgetShare * 100)}%`;
  const answer = alert.response === "page" ? "pages the on-call" : "opens a ticket in the owning team's channel";
  const owned = integrationMetadata(integration);
  return {
    apiVersion: API_VERSION,
    kind: "AlertPolicy",
    metadata: {
      name,
      displayName: `${alert.id} burn, ${alert.factor}x over ${alert.longWindow}`,
      labels: owned.labels,
      annotations: { [ANNOTATIONS.burnTier]: alert.id, ...owned.annotations },
    },
    spec: {
      description: `SLO ${slo.id}, ${alert.id} burn-rate tier: ${answer} when ${share} of the ${slo.window} error budget burns within ${alert.longWindow}.`,
      alertWhenNoData: false,
      alertWhenResolved: true,
      alertWhenBreaching: true,
      conditions: [
        {
          kind: "AlertCondition",
          metadata: { name, annotations: { [ANNOTATIONS.shortWindow]: alert.shortWindow } },
          spec: {
            description: `Burn rate above ${alert.factor}x over the last ${alert.longWindow} and over the last ${alert.shortWindow} (Datadog burn_rate(...).long_window("${alert.longWindow}").short_window("${alert.shortWindow}") > ${alert.factor}).`,
            severity: alert.response,
            condition: { kind: "burnrate", op: "gt", threshold: alert.factor, lookbackWindow: alert.longWindow, alertAfter: "1m" },
          },
        },
      ],
      notificationTargets: [{ targetRef: notificationTargetName(integration, alert.response) }],
    },
  };
}

/** Where a tier's alert goes: the integration's PagerDuty service, or the owning team's chat channel (lower/notify.ts; prod, where pages page). */
export function notificationTargetDoc(inventory: Inventory, integration: Integration, response: BurnAlert["response"]): AlertNotificationTargetDoc {
  const page = response === "page";
  const handle = page ? pagerdutyHandle(integration) : chatHandle(inventory, integration);
  const owned = integrationMetadata(integration);
  return {
    apiVersion: API_VERSION,
    kind: "AlertNotificationTarget",
    metadata: { name: notificationTargetName(integration, response), labels: owned.labels, annotations: { [ANNOTATIONS.datadogHandle]: handle, ...owned.annotations } },
    spec: {
      target: page ? "PagerDuty" : "Slack",
      description: page
        ? `Pages the on-call of rotation ${integration.rotation} through the integration's PagerDuty service (Datadog handle ${handle}).`
        : `Tells team ${integration.owner} in its chat channel, where tickets go; does not page (Datadog handle ${handle}).`,
    },
  };
}
