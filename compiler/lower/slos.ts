/** Inventory SLOs -> Datadog metric SLOs (protected, except in staging) and their burn-rate alerts. */
import type { MonitorArgs } from "@pulumi/datadog/monitor";
import type { ServiceLevelObjectiveArgs } from "@pulumi/datadog/serviceLevelObjective";
import type { Integration, Inventory, Slo } from "../model";
import { burnAlerts, describeBurnPolicy, errorBudgetMinutes, sloBurnPolicy, type BurnAlert } from "./burnRate";
import { names, previousComponentNames, previousNames } from "./names";
import { datadogName, integrationTags, notifyHandle, pagesHere, priority, runbookUrl, STAGING_NOTICE } from "./notify";
import type { LowerSettings } from "./settings";
import { ref, type ResourceSpec } from "./spec";
import { MONITOR } from "./monitors";
import { inertText } from "../notificationSyntax";
import { measuresThisStack, scopeToEnvironment } from "./environmentScope";

export const SLO = "datadog:index/serviceLevelObjective:ServiceLevelObjective";
export const SLOS_COMPONENT = "martech:datadog:IntegrationSlos";
/** Starts the line of an SLO's description that states its burn-rate alerting policy (the plan reads it back). */
export const BURN_POLICY_LABEL = "Burn-rate alerts: ";

export function sloSpecs(inventory: Inventory, integration: Integration, settings: LowerSettings): ResourceSpec[] {
  const slos = slosInStack(integration, settings);
  if (slos.length === 0) return [];
  const parent = names.slosComponent(integration.id);
  const specs: ResourceSpec[] = [{ type: SLOS_COMPONENT, name: parent, inputs: {}, aliases: previousComponentNames(integration, names.slosComponent) }];
  for (const slo of slos) {
    const sloName = names.slo(integration.id, slo.id);
    specs.push({
      type: SLO,
      name: sloName,
      parent,
      aliases: previousNames(integration, slo.previousIds, names.slo, slo.id),
      // A retired SLO is about to go. Staging's are not protected either: their history is not
      // what error budgets are judged by, and the staging stack must be free to tear down.
      protect: !slo.retired && !settings.staging,
      inputs: sloInputs(integration, slo, settings),
    });
    if (slo.retired) continue;
    for (const alert of burnAlerts(slo.objective, slo.window, sloBurnPolicy(integration, slo)).alerts) {
      specs.push({
        type: MONITOR,
        name: names.burnAlert(integration.id, slo.id, alert.id),
        parent,
        aliases: previousNames(integration, slo.previousIds, (i, s) => names.burnAlert(i, s, alert.id), slo.id),
        inputs: burnAlertInputs(inventory, integration, slo, alert, ref(sloName), settings),
      });
    }
  }
  return specs;
}

/** The SLOs this stack creates: in staging, those over per-environment metrics only (lower/environmentScope.ts). */
export function slosInStack(integration: Integration, settings: LowerSettings): Slo[] {
  return integration.slos.filter((slo) => measuresThisStack([slo.sli.good, slo.sli.total], settings));
}

export function sloInputs(integration: Integration, slo: Slo, settings: LowerSettings): ServiceLevelObjectiveArgs {
  const retired = slo.retired ? `\nRetired: ${slo.retired.reason}` : "";
  return {
    name: datadogName(settings, `[${integration.id}] ${slo.id}`),
    type: "metric",
    description: [
      slo.description,
      `Error budget: ${errorBudgetMinutes(slo.objective, slo.window)} minutes per ${slo.window}. Owner: ${integration.owner}.${retired}`,
      ...(slo.retired ? [] : [`${BURN_POLICY_LABEL}${describeBurnPolicy(slo.objective, slo.window, sloBurnPolicy(integration, slo))}${settings.staging ? STAGING_BURN_POLICY : ""}.`]),
      `Runbook: ${runbookUrl(settings, integration, integration.detectionAnchor)}`,
    ].join("\n"),
    // Scoped to this stack's env. Changing a live SLO's query makes Datadog recompute its history
    // from the new query (README, "Staging").
    query: { numerator: scopeToEnvironment(slo.sli.good, settings.environment), denominator: scopeToEnvironment(slo.sli.total, settings.environment) },
    thresholds: [{ timeframe: slo.window, target: slo.objective }],
    timeframe: slo.window,
    targetThreshold: slo.objective,
    tags: [...integrationTags(integration, settings), `slo:${slo.id}`],
  };
}

/** Said after the (prod) policy in a staging SLO's description: the same tiers exist, none pages. */
export const STAGING_BURN_POLICY = "; in staging every tier tells the team's channel, none pages";

function burnAlertInputs(inventory: Inventory, integration: Integration, slo: Slo, alert: BurnAlert, sloId: string, settings: LowerSettings): MonitorArgs {
  const share = `${Math.round(alert.budgetShare * 100)}%`;
  return {
    name: datadogName(settings, `[${integration.id}] SLO ${slo.id} burning ${alert.factor}x over ${alert.longWindow}`),
    type: "slo alert",
    query: `burn_rate("${sloId}").over("${slo.window}").long_window("${alert.longWindow}").short_window("${alert.shortWindow}") > ${alert.factor}`,
    // The integration's name is the one free text here: made inert, as in monitorMessage.ts.
    message: [
      "{{#is_alert}}",
      `${inertText(integration.name)}: SLO ${slo.id} (${slo.objective}% over {{timeframe}}) is burning its error budget ${alert.factor}x too fast: ${share} of the budget gone within ${alert.longWindow} and still burning.`,
      "{{/is_alert}}",
      "{{#is_recovery}}",
      `${inertText(integration.name)}: SLO ${slo.id} burn rate is back under ${alert.factor}x.`,
      "{{/is_recovery}}",
      ...(settings.staging ? [STAGING_NOTICE] : []),
      notifyHandle(inventory, integration, alert.response, settings),
      `Runbook: ${runbookUrl(settings, integration, integration.detectionAnchor)}`,
    ].join("\n"),
    tags: [...integrationTags(integration, settings), `slo:${slo.id}`, `burn_window:${alert.longWindow}`, `response:${alert.response}`],
    priority: priority(alert.response, integration.tier),
    monitorThresholds: { critical: String(alert.factor) },
    ...(pagesHere(alert.response, settings) ? { renotifyInterval: 60 } : {}),
  };
}
