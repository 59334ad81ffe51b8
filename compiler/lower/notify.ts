/** Who a monitor notifies, and the tags every Datadog resource of an integration carries. */
import type { Integration, Inventory, Team } from "../model";
import { burnAlerts, sloBurnPolicy } from "./burnRate";
import type { LowerSettings } from "./settings";

/** Datadog handle of the PagerDuty service created for an integration. */
export const pagerdutyHandle = (integration: Integration) => `@pagerduty-${integration.id}`;

/** Datadog handle of a team's chat channel (`#growth-eng-alerts` -> `@slack-growth-eng-alerts`): monitors and deploy notifications. */
export const teamChatHandle = (team: Team) => `@slack-${team.chatChannel.slice(1)}`;

export function chatHandle(inventory: Inventory, integration: Integration): string {
  return teamChatHandle(inventory.teams.find((t) => t.id === integration.owner)!);
}

/** Whether an alert answered by `response` pages in this stack: never in staging, which tells chat only. */
export const pagesHere = (response: "page" | "ticket", settings: LowerSettings) => response === "page" && !settings.staging;

/** Who an integration's alert notifies: its PagerDuty service when it pages here, else the owning team's chat. */
export function notifyHandle(inventory: Inventory, integration: Integration, response: "page" | "ticket", settings: LowerSettings): string {
  return pagesHere(response, settings) ? pagerdutyHandle(integration) : chatHandle(inventory, integration);
}

/** Marks every Datadog name of the staging stack (monitors, SLOs, the dashboard), so nobody mistakes it for prod's. */
export const STAGING_NAME_PREFIX = "[staging] ";

/** A Datadog resource's name in this stack. */
export const datadogName = (settings: LowerSettings, name: string) => (settings.staging ? `${STAGING_NAME_PREFIX}${name}` : name);

/** The line an alert's message carries in staging instead of saying whether it pages. */
export const STAGING_NOTICE = "Staging stack: notifies the team's channel only, never PagerDuty.";

/** The context line of an integration's alert: its owner and what it does (pages the rotation, opens a ticket, or in staging tells chat). */
export function ownerLine(integration: Integration, response: "page" | "ticket", settings: LowerSettings): string {
  if (settings.staging) return `Owner: ${integration.owner}. ${STAGING_NOTICE}`;
  return `Owner: ${integration.owner}, on call: ${integration.rotation}.${response === "page" ? "" : " Opens a ticket; does not page."}`;
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

/** Whether an integration's alerts page (in prod): a failure mode or an SLO burn-rate tier pages. Staging creates no PagerDuty service even so (lower/onCall.ts). */
export const pages = (integration: Integration) =>
  integration.failureModes.some((m) => m.response === "page") ||
  integration.slos.some((s) => !s.retired && burnAlerts(s.objective, s.window, sloBurnPolicy(integration, s)).alerts.some((a) => a.response === "page"));
