/**
 * A monitor's notification message, with a body for every state the monitor can reach.
 *
 * Datadog renders a conditional block only in its own state
 * (https://docs.datadoghq.com/monitors/notify/variables/#conditional-variables): a message with
 * only `is_alert` and `is_recovery` blocks notifies a warning or a no-data with an empty body.
 * So the states come from the monitor's own options: `is_warning` where a warning threshold
 * exists, `is_no_data` where `notifyNoData` is on; `is_recovery` covers recovery from alert,
 * warning and no data alike (same page).
 *
 * Defence in depth against notification injection: every piece of text here except `notify`
 * goes through `inertText` (compiler/notificationSyntax.ts), so even text that reached the
 * lowering unchecked cannot add a handle, a Slack mention, a template block or a line.
 * `check` rejects all of those first (message-injection), so valid inventories lower unchanged.
 */
import type { System } from "../model";
import { inertText } from "../notificationSyntax";
import { requireWebAddress } from "../webAddress";
import type { DetectionQuery } from "./monitorQuery";

export interface MonitorMessage {
  /** What is wrong, e.g. "Web lead forms to HubSpot and Salesforce: CRM field deprecated". */
  readonly subject: string;
  readonly detection: DetectionQuery;
  /** Lines for every notification except a recovery: exposure, owner, status pages. */
  readonly context: readonly string[];
  /** The sentence a recovery sends. */
  readonly recovered: string;
  /** `@pagerduty-<service>` or `@slack-<channel>`, outside every block so each state notifies it. */
  readonly notify: string;
  readonly runbookUrl: string;
}

export function monitorMessage(message: MonitorMessage): string {
  const m = inertParts(message);
  const { options, describe, warning } = m.detection;
  const warns = (options.monitorThresholds as { warning?: unknown } | undefined)?.warning !== undefined;
  if (warns !== (warning !== undefined)) throw new Error(`${m.subject}: a warning threshold needs its words, and words need a threshold`);
  return [
    ...block("#is_alert", "is_alert", [`${m.subject} (${describe}).`]),
    ...(warns ? block("#is_warning", "is_warning", [`Early warning: ${m.subject} (${warning}); it alerts at ${describe}.`]) : []),
    ...(options.notifyNoData ? block("#is_no_data", "is_no_data", [`${m.subject}: no data at all for ${options.noDataTimeframe} minutes; the metric stopped reporting.`]) : []),
    // `^is_recovery`: every state but a recovery, so the context is written once.
    ...block("^is_recovery", "is_recovery", m.context),
    ...block("#is_recovery", "is_recovery", [m.recovered]),
    m.notify,
    `Runbook: ${m.runbookUrl}`,
  ].join("\n");
}

/** Every part but the handle (and the blocks this module writes itself) made inert. */
function inertParts(m: MonitorMessage): MonitorMessage {
  const { describe, warning } = m.detection;
  return {
    ...m,
    subject: inertText(m.subject),
    detection: { ...m.detection, describe: inertText(describe), ...(warning === undefined ? {} : { warning: inertText(warning) }) },
    context: m.context.map(inertText),
    recovered: inertText(m.recovered),
    runbookUrl: inertText(m.runbookUrl),
  };
}

const block = (open: string, close: string, lines: readonly string[]) => (lines.length ? [`{{${open}}}`, ...lines, `{{/${close}}}`] : []);

/**
 * `Status: <name> <statusPage>` for each system that has a status page, so the responder can rule
 * out a vendor incident first. A web address only (webAddress.ts): the link is clicked mid-incident.
 */
export function statusLines(systems: readonly System[], ids: readonly string[]): string[] {
  return [...new Set(ids)].flatMap((id) => {
    const system = systems.find((s) => s.id === id);
    return system?.statusPage ? [`Status: ${system.name} ${requireWebAddress(system.statusPage, `system ${system.id}: statusPage`)}`] : [];
  });
}
