/**
 * The Datadog event that tells the owning teams a deploy started, succeeded, failed, was rolled
 * back, or failed and could not be rolled back (ops/datadog/events.ts for the request; ./deployAudience.ts for who). The teams' Slack
 * handles end the text: Datadog notifies the channels named by `@slack-<channel>` handles in a
 * posted event's text, through the same Slack integration the monitors' tickets use. Plain text,
 * not Datadog's `%%%` markdown, so a handle is never swallowed by formatting; free text we did not
 * write (a failure reason) has its `@` broken so it can notify nobody. Pure and deterministic.
 * One deploy's events share an `aggregation_key`: with Datadog's current events it no longer
 * folds them into one entry of a stream; it is an attribute (`@aggregation_key`) that event
 * search and Event Correlations use to deduplicate and relate events with the same key
 * (docs.datadoghq.com/events/pipelines_and_processors/aggregation_key), so a deploy's events can
 * be found together.
 */
import { EVENT_TEXT_MAX, EVENT_TITLE_MAX, type EventAlertType, type EventCreateRequest } from "../datadog/events";
import type { DeployAudience } from "./deployAudience";

export const DEPLOY_EVENTS = ["started", "succeeded", "failed", "rolled-back", "rollback-failed"] as const;
export type DeployEvent = (typeof DEPLOY_EVENTS)[number];

export interface DeployNotice {
  readonly stack: string;
  readonly event: DeployEvent;
  /** The commit being deployed (full SHA). */
  readonly commit: string;
  readonly audience: DeployAudience;
  /** rolled-back, rollback-failed: the commit deployed again, or tried (the last verified one). */
  readonly rolledBackTo?: string;
  /** failed / rolled-back / rollback-failed: what failed, in a sentence. */
  readonly reason?: string;
  /** The workflow run, for the details. */
  readonly runUrl?: string;
}

const ALERT_TYPE: Readonly<Record<DeployEvent, EventAlertType>> = { started: "info", succeeded: "success", failed: "error", "rolled-back": "warning", "rollback-failed": "error" };
/** Integrations named in the text and tags at most; the rest are counted. */
const MAX_LISTED = 20;

export const shortSha = (sha: string) => sha.slice(0, 7);

export function deployEvent(notice: DeployNotice): EventCreateRequest {
  const { stack, event, commit, audience } = notice;
  const listed = audience.integrations.slice(0, MAX_LISTED);
  const more = audience.integrations.length - listed.length;
  const lines = [
    sentence(notice),
    ...(notice.reason && event !== "started" && event !== "succeeded" ? [`Why: ${inert(notice.reason)}`] : []),
    `Stack ${stack}, commit ${commit}.`,
    listed.length ? `Touches: ${listed.join(", ")}${more > 0 ? ` and ${more} more` : ""}.` : audience.why,
    ...(notice.runUrl ? [`Run: ${notice.runUrl}`] : []),
  ];
  const handles = audience.handles.join(" ");
  return {
    title: clip(title(notice), EVENT_TITLE_MAX),
    // The handles always survive: the body is shortened, never the line that notifies.
    text: `${clip(lines.join("\n"), EVENT_TEXT_MAX - handles.length - 2)}\n\n${handles}`.trimEnd(),
    alert_type: ALERT_TYPE[event],
    priority: "normal",
    tags: ["service:martech-reliability", `env:${stack}`, `deploy_event:${event}`, `commit:${shortSha(commit)}`, ...audience.teams.map((t) => `team:${t.id}`), ...listed.map((id) => `integration:${id}`)],
    aggregation_key: `martech-deploy-${stack}-${commit.slice(0, 12)}`,
  };
}

function title({ stack, event, commit, rolledBackTo }: DeployNotice): string {
  const c = shortSha(commit);
  switch (event) {
    case "started":
      return `[${stack}] Deploying ${c}`;
    case "succeeded":
      return `[${stack}] Deployed ${c}, verified`;
    case "failed":
      return `[${stack}] Deploy of ${c} failed`;
    case "rolled-back":
      return `[${stack}] Deploy of ${c} failed, rolled back to ${rolledBackTo ? shortSha(rolledBackTo) : "the last good commit"}`;
    case "rollback-failed":
      return `[${stack}] Deploy of ${c} failed, and the rollback to ${rolledBackTo ? shortSha(rolledBackTo) : "the last good commit"} failed too`;
  }
}

function sentence({ stack, event, commit, rolledBackTo }: DeployNotice): string {
  const c = shortSha(commit);
  switch (event) {
    case "started":
      return `The ${stack} stack is being deployed at ${c}; another message follows when it is verified or has failed.`;
    case "succeeded":
      return `The ${stack} stack is deployed at ${c} and verified: every monitor and SLO is in Datadog and a synthetic webhook went through the forwarder.`;
    case "failed":
      return `The deploy of ${c} to the ${stack} stack failed, and nothing was rolled back (see why below and in the run).`;
    case "rolled-back":
      return `The deploy of ${c} to the ${stack} stack failed its checks, so ${rolledBackTo ?? "the last good commit"} was deployed again (the last verified commit). The change needs a fix before it ships.`;
    case "rollback-failed":
      return `The deploy of ${c} to the ${stack} stack failed its checks, and redeploying ${rolledBackTo ?? "the last good commit"} (the last verified commit) failed too: the stack may be half-updated. Look at the run now.`;
  }
}

/** Text we did not write: a mention in it must not notify anyone, and it stays on one line. */
const inert = (text: string) => text.replace(/@/g, "@\u200b").replace(/\s+/g, " ").trim();

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
