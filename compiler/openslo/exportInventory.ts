/**
 * The export: one multi-document OpenSLO file per integration, `<integration-id>.yaml`, holding
 * its Service, the notification targets its burn-rate alerts use, then each SLO followed by its
 * AlertPolicies. One file per integration because a Service and its SLOs go together (an SLO
 * names its Service), as an integration and its SLOs do in `inventory/integrations/<id>.yaml`.
 *
 * Retired SLOs are left out: they are on their way out of Datadog and alert nobody.
 */
import type { Integration, Inventory } from "../model";
import type { OpenSloDoc } from "./documents";
import { alertPolicyDoc, alertPolicyName, notificationTargetDoc, sloBurnAlerts } from "./exportAlertPolicies";
import { serviceDoc } from "./exportService";
import { sloDoc } from "./exportSlo";

export interface ExportedIntegration {
  readonly integration: string;
  /** `<integration-id>.yaml`: ids are kebab-case (validate/schema.ts ID_PATTERN), so the name stays inside the output folder. */
  readonly fileName: string;
  readonly documents: readonly OpenSloDoc[];
}

/** Every integration, highest revenue exposure first (the inventory's order). */
export function exportInventory(inventory: Inventory): ExportedIntegration[] {
  return inventory.integrations.map((integration) => ({ integration: integration.id, fileName: `${integration.id}.yaml`, documents: integrationDocuments(inventory, integration) }));
}

export function integrationDocuments(inventory: Inventory, integration: Integration): OpenSloDoc[] {
  const slos = integration.slos.filter((slo) => !slo.retired).map((slo) => ({ slo, alerts: sloBurnAlerts(integration, slo) }));
  const responses = (["page", "ticket"] as const).filter((r) => slos.some(({ alerts }) => alerts.some((a) => a.response === r)));
  return [
    serviceDoc(integration),
    ...responses.map((r) => notificationTargetDoc(inventory, integration, r)),
    ...slos.flatMap(({ slo, alerts }) => [sloDoc(integration, slo, alerts.map((a) => alertPolicyName(integration, slo, a))), ...alerts.map((a) => alertPolicyDoc(integration, slo, a))]),
  ];
}
