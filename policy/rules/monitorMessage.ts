/**
 * How the lowered monitors say who they notify and where their runbook is
 * (compiler/lower/monitors.ts, slos.ts, notify.ts): the message ends with
 * `@pagerduty-<service>` or `@slack-<channel>` and `Runbook: <base>/<file>#<anchor>`; tags
 * are `key:value` strings such as `team:<owner>` and `response:page|ticket`.
 */
import { UNKNOWN } from "./known";

/** A whole line `Runbook: https://...#anchor`: an https link to a runbook section. */
export const RUNBOOK_LINE = /^Runbook: https:\/\/[^\s#]+#[^\s#]+$/;

export const hasRunbookLine = (message: string) => message.split("\n").some((line) => RUNBOOK_LINE.test(line.trim()));

/** Services a message pages through Datadog's PagerDuty integration, in order, without repeats. */
export function pagerdutyServices(message: string): string[] {
  const names = [...message.matchAll(/@pagerduty-([A-Za-z0-9_.-]+)/g)].map((m) => m[1].replace(/\.+$/, ""));
  return [...new Set(names.filter((n) => n !== ""))];
}

/**
 * Every handle a message notifies, wherever it stands, in order, each once: `@<anything but
 * space>` (Datadog's @notifications: users' emails, `@slack-`, `@pagerduty-`, `@webhook-`,
 * `@teams-`...; https://docs.datadoghq.com/monitors/notify/#notifications) without trailing
 * punctuation, and Slack's `<!here>`-style mentions, which the Slack integration passes through
 * (https://api.slack.com/reference/surfaces/formatting#special-mentions). Stricter than Datadog,
 * which needs a space before the `@`: anything that might notify counts.
 */
export function notificationHandles(message: string): string[] {
  const handles = (message.match(/@\S*|<![^\s>]*>?/g) || []).map((h) => (h[0] === "@" ? h.replace(/[.,;:!?)\]}>'"]+$/, "") : h)).filter((h) => h !== "@");
  return handles.filter((h, i) => handles.indexOf(h) === i);
}

export interface Tags {
  /** The tags that are known, lower-cased as Datadog stores them. */
  readonly known: string[];
  /** Paths of tags not known until apply (`tags`, or `tags.<i>`). */
  readonly unknown: string[];
}

export function readTags(tags: unknown): Tags {
  if (tags === UNKNOWN) return { known: [], unknown: ["tags"] };
  if (!Array.isArray(tags)) return { known: [], unknown: [] };
  const known: string[] = [];
  const unknown: string[] = [];
  tags.forEach((tag, i) => {
    if (tag === UNKNOWN) unknown.push(`tags.${i}`);
    else if (typeof tag === "string") known.push(tag.trim().toLowerCase());
  });
  return { known, unknown };
}

/** Values of `key:value` tags with this key (`team` -> ["growth-engineering"]). */
export const tagValues = (tags: Tags, key: string) =>
  tags.known.filter((t) => t.startsWith(`${key}:`)).map((t) => t.slice(key.length + 1)).filter((v) => v !== "");
