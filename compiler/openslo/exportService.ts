/** An integration as an OpenSLO Service: the grouping its SLOs name in `spec.service`. */
import type { Integration } from "../model";
import { API_VERSION, type ServiceDoc } from "./documents";
import { ANNOTATIONS, fitText, fitsLabel, MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, objectName } from "./names";

/**
 * What every exported object of the integration carries about who owns it and how critical it
 * is: the `team` and `tier` labels. A team id longer than a label value may be (names.ts
 * fitsLabel) is not cut: it goes, whole, into the team annotation instead of the label.
 */
export function integrationMetadata(integration: Integration): { labels: Record<string, string>; annotations: Record<string, string> } {
  const teamFits = fitsLabel(integration.owner);
  return {
    labels: { ...(teamFits ? { team: integration.owner } : {}), tier: String(integration.tier) },
    annotations: teamFits ? {} : { [ANNOTATIONS.team]: integration.owner },
  };
}

export function serviceName(integration: Integration): string {
  return objectName(integration.id);
}

export function serviceDoc(integration: Integration): ServiceDoc {
  const owned = integrationMetadata(integration);
  return {
    apiVersion: API_VERSION,
    kind: "Service",
    metadata: {
      name: serviceName(integration),
      displayName: fitText(integration.name, MAX_DISPLAY_NAME_LENGTH),
      labels: owned.labels,
      annotations: { [ANNOTATIONS.integration]: integration.id, ...owned.annotations },
    },
    spec: { description: fitText(integration.description, MAX_DESCRIPTION_LENGTH) },
  };
}
