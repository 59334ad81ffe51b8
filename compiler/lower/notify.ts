/** Who a monitor notifies, and the tags every Datadog resource of an integration carries. */
import type { Integration, Inventory } from "../model";
import { burnAlerts, sloBurnPolicy } from "./burnRate";
import type { LowerSettings } from "./settings";

/** Datadog handle of the PagerDuty service created for an integration. */
export const pagerdutyHandle = (integration: Integration) => `@pagerduty-${integration.id}`;

export function chatHandle(inventory: Inventory, integration: Integration): string {
  const team = inventory.teams.find((t) => t.id === integration.owner)!;
  return `@slack-${team.chatChannel.slice(1)}`;
}

export function integrationTags(integration: Integration, settings: LowerSettings): string[] {
  return [
    `integration:${integration.id}`,
    `team:${integration.owner}`,
    `tier:${integration.tier}`,
    `service:${integration.id}`,
    `env:${settings.environment}`,
    "managed-by:pulumi",
  ];
}

export function runbookUrl(settings: LowerSettings, integration: Integration, anchor?: string): string {
  return runbookFileUrl(settings, integration.runbook, anchor);
}

/**
 * The browsable address of a runbook file (a path inside the runbooks folder) and section. Each
 * path segment is percent-encoded (RFC 3986 section 3.3), so a space, `#`, `%` or `?` in a file
 * name stays part of the path instead of cutting the link short in a monitor message. Anchors
 * are github-slugger output and need no encoding.
 */
export function runbookFileUrl(settings: LowerSettings, path: string, anchor?: string): string {
  const base = settings.runbookBaseUrl.replace(/\/+$/, "");
  const encoded = path.split("/").map(encodePathSegment).join("/");
  return `${base}/${encoded}${anchor ? `#${anchor}` : ""}`;
}

/**
 * encodeURIComponent, plus `!'()*`, which it leaves alone but which end a markdown link
 * destination or start emphasis in the messages and comments the link is pasted into
 * (MDN, encodeURIComponent, "encoding for RFC3986").
 */
export const encodePathSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Datadog monitor priority, 1 (highest) to 5, from how the failure mode is answered and the tier. */
export function priority(response: "page" | "ticket", tier: 1 | 2 | 3): string {
  return String(response === "page" ? (tier === 1 ? 1 : 2) : tier === 3 ? 4 : 3);
}

/** Whether an integration needs a PagerDuty service: a failure mode or an SLO burn-rate tier pages. */
export const pages = (integration: Integration) =>
  integration.failureModes.some((m) => m.response === "page") ||
  integration.slos.some((s) => !s.retired && burnAlerts(s.objective, s.window, sloBurnPolicy(integration, s)).alerts.some((a) => a.response === "page"));
