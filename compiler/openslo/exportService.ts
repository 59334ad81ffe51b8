/** An integration as an OpenSLO Service: the grouping its SLOs name in `spec.service`. */
import type { Integration } from "../model";
import { API_VERSION, type ServiceDoc } from "./documents";
import { ANNOTATIONS, fitText, MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, objectName } from "./names";

/** Labels every exported object of the integration carries: who owns it and how critical it is. */
export function integrationLabels(integration: Integration): Record<string, string> {
  return { team: integration.owner, tier: String(integration.tier) };
}

export function serviceName(integration: Integration): string {
  return objectName(integration.id);
}

export function serviceDoc(integration: Integration): ServiceDoc {
  return {
    apiVersion: API_VERSION,
    kind: "Service",
    metadata: {
      name: serviceName(integration),
      displayName: fitText(integration.name, MAX_DISPLAY_NAME_LENGTH),
      labels: integrationLabels(integration),
      annotations: { [ANNOTATIONS.integration]: integration.id },
    },
    spec: { description: fitText(integration.description, MAX_DESCRIPTION_LENGTH) },
  };
}
