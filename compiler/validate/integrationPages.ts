/**
 * Whether an integration as written in the inventory pages anyone, and so gets a PagerDuty
 * service: a failure mode answered by a page, or an SLO burn-rate alert that pages. The
 * same test as lower/notify.ts `pages`, on the document rather than the model, for rules
 * that run before the model exists.
 */
import { burnAlerts, sloBurnPolicy } from "../lower/burnRate";
import { isSloWindow, type IntegrationDoc } from "./schema";

export function integrationPages(integration: IntegrationDoc): boolean {
  return (
    integration.failureModes.some((m) => m.response === "page") ||
    integration.slos.some((s) => !s.retired && isSloWindow(s.window) && burnAlerts(s.objective, s.window, sloBurnPolicy(integration, s)).alerts.some((a) => a.response === "page"))
  );
}
