/**
 * Which conditional blocks of a message are true for a notification, and the rendering of a
 * parsed template for it. Every condition copies the table "Conditional variables" of
 * https://docs.datadoghq.com/monitors/notify/variables/ (quoted beside each).
 */
import type { MonitorState, Transition } from "../notifications";
import { parseTemplate, TemplateError, type TemplateNode } from "./template";

/** A notification as its message is rendered for: its transition (notifications.ts) and the monitor's priority. */
export interface MessageNotification extends Transition {
  /** The monitor's priority, 1-5 (`priority` input), for `{{#is_priority 'P1'}}`. */
  readonly priority?: number;
}

type Condition = (n: MessageNotification, args: readonly string[]) => boolean;

const recovered = (n: MessageNotification, from: MonitorState) => n.state === "OK" && n.from === from;

/** The conditional variables Datadog documents for monitor states. */
const CONDITIONS: Readonly<Record<string, Condition>> = {
  // "The monitor alerts" (also while renotifying in ALERT: is_renotify marks only the resend).
  is_alert: (n) => n.state === "ALERT",
  // "The monitor warns"
  is_warning: (n) => n.state === "WARN",
  // "The monitor is triggered for missing data"
  is_no_data: (n) => n.state === "NO DATA",
  // "The monitor is in the unknown state": a state the metric and SLO alerts simulated here never
  // enter (they go to NO DATA instead), so the block never shows.
  is_unknown: () => false,
  // "The monitor recovers from ALERT, WARNING, UNKNOWN, or NO DATA": any transition to OK.
  is_recovery: (n) => n.state === "OK" && n.from !== "OK",
  // "The monitor recovers from ALERT to OK"
  is_alert_recovery: (n) => recovered(n, "ALERT"),
  // "The monitor recovers from WARNING to OK"
  is_warning_recovery: (n) => recovered(n, "WARN"),
  // "The monitor recovers from NO DATA"
  is_no_data_recovery: (n) => recovered(n, "NO DATA"),
  // "The monitor transitions from ALERT to WARNING"
  is_alert_to_warning: (n) => n.state === "WARN" && n.from === "ALERT",
  // "The monitor is renotifying"
  is_renotify: (n) => n.renotify === true,
  // "The monitor's priority is value. Values range from P1 to P5"
  is_priority: (n, args) => n.priority !== undefined && args[0]?.toUpperCase() === `P${n.priority}`,
};

/**
 * Values of template variables (`value`, `threshold`, `warn_threshold`, `timeframe`, ...). A
 * variable with no value renders empty and is listed in `unresolved`, so a test can tell.
 */
export type TemplateVariables = Readonly<Record<string, string | number>>;

export interface Rendered {
  readonly text: string;
  readonly unresolved: readonly string[];
}

/** `template` as Datadog would send it for `notification`; throws TemplateError on bad syntax or an unknown block. */
export function renderTemplate(template: string, notification: MessageNotification, variables: TemplateVariables = {}): Rendered {
  const unresolved: string[] = [];
  const text = renderNodes(parseTemplate(template), notification, variables, unresolved);
  return { text, unresolved: [...new Set(unresolved)] };
}

function renderNodes(nodes: readonly TemplateNode[], n: MessageNotification, vars: TemplateVariables, unresolved: string[]): string {
  return nodes.map((node) => renderNode(node, n, vars, unresolved)).join("");
}

function renderNode(node: TemplateNode, n: MessageNotification, vars: TemplateVariables, unresolved: string[]): string {
  switch (node.kind) {
    case "text":
      return node.text;
    case "variable": {
      const value = vars[node.name];
      if (value === undefined) unresolved.push(node.name);
      return value === undefined ? "" : String(value);
    }
    case "section": {
      const condition = CONDITIONS[node.name];
      // is_match / is_exact_match test tag or attribute values of a group, which a simulation
      // of one whole-monitor state does not have: refused rather than guessed.
      if (!condition) throw new TemplateError(`{{#${node.name}}} is not a monitor-state condition this renderer evaluates`, node.offset);
      const shown = condition(n, node.args) !== node.inverted;
      return shown ? renderNodes(node.children, n, vars, unresolved) : "";
    }
  }
}
