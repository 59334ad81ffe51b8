/**
 * Policy 2c: a monitor notifies exactly the handles its `response:` tag implies, and nobody
 * else (compiler/lower/notify.ts):
 * - `response:page`: exactly `@pagerduty-<integration>`, from its `integration:` tag;
 * - `response:ticket`: exactly `@slack-<channel>` of the team in its `team:` tag, as the
 *   inventory's Teams files name it (the forwarder-wide monitors carry their team's tag too);
 * - in the staging stack (policy/rules/staging.ts), exactly that team channel whatever the
 *   response: staging never pages, so any `@pagerduty-` there is a violation.
 * A name, title or description copied into the message cannot add an `@webhook-...`, another
 * integration's PagerDuty service or a `<!channel>` without failing the preview, whatever
 * `check` let through. Handles are read wherever they stand (policy/rules/monitorMessage.ts).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAbsolute, resolve } from "path";
import { materialize, UNKNOWN } from "./known";
import { notificationHandles, readTags, tagValues } from "./monitorMessage";
import { deliver, merge, PASS, skippedBecause, unknownAt, violation, type Outcome } from "./outcome";
import { TYPES } from "./resourceTypes";
import { isStaging } from "./staging";
import { DEFAULT_INVENTORY_DIR, readTeamChannels, type TeamChannels } from "./teamChannels";

/** What the monitor's tags say it must notify, or why they cannot say. */
type Route = { readonly handle: string; readonly because: string } | Outcome;

/** `urn` is the monitor's own: it says whether the monitor is the staging stack's. */
export function checkNotificationRoute(props: Record<string, unknown>, teams: TeamChannels, urn = ""): Outcome {
  const route = expectedRoute(props.tags, teams, urn);
  if (!("handle" in route)) return route;
  if (props.message === UNKNOWN) return unknownAt("message");
  const handles = typeof props.message === "string" ? notificationHandles(props.message) : [];
  const extra = handles.filter((h) => h !== route.handle);
  return merge(
    handles.includes(route.handle) ? PASS : violation(`does not notify ${route.handle}, which ${route.because} implies`),
    extra.length === 0 ? PASS : violation(`notifies ${extra.join(", ")} beyond ${route.handle}, the one handle ${route.because} implies: text copied into the message must not add handles`),
  );
}

function expectedRoute(rawTags: unknown, teams: TeamChannels, urn: string): Route {
  const tags = readTags(rawTags);
  const responses = tagValues(tags, "response");
  if (tags.unknown.length > 0) return { ...PASS, unknown: tags.unknown };
  if (responses.length !== 1 || (responses[0] !== "page" && responses[0] !== "ticket")) {
    return violation(`is tagged ${responses.length ? responses.map((r) => `response:${r}`).join(", ") : "with no response"}: tag it exactly one of response:page or response:ticket, so who it notifies can be checked`);
  }
  const staging = isStaging(urn, tags);
  if (responses[0] === "page" && !staging) {
    const integrations = tagValues(tags, "integration");
    if (integrations.length !== 1) return violation("is tagged response:page but not with exactly one integration:<id>, so the PagerDuty service it must page is unknown");
    return { handle: `@pagerduty-${integrations[0]}`, because: `response:page with integration:${integrations[0]}` };
  }
  const owners = tagValues(tags, "team");
  // monitor-has-runbook-team-priority reports a monitor without a team.
  if (owners.length !== 1) return owners.length === 0 ? PASS : violation(`is tagged response:${responses[0]} with more than one team:<id>, so the channel it must notify is unknown`);
  if ("error" in teams) return skippedBecause(teams.error);
  const channel = teams.channels.get(owners[0]);
  if (channel === undefined) return violation(`is tagged team:${owners[0]}, a team the inventory does not define, so the channel its tickets go to is unknown`);
  const why = staging ? `response:${responses[0]} in the staging stack (env:staging, which never pages)` : "response:ticket";
  return { handle: `@slack-${channel}`, because: `${why} with team:${owners[0]} (chatChannel #${channel})` };
}

/** Policy config: where the inventory is, relative to the repository root (default: inventory). */
interface RouteConfig {
  readonly inventoryDir?: string;
}

const REPO_ROOT = resolve(DEFAULT_INVENTORY_DIR, "..");

export const notificationRoutePolicy: ResourceValidationPolicy = {
  name: "monitor-notifies-exactly-its-route",
  description: "A monitor's message notifies exactly @pagerduty-<integration> (response:page) or its team's @slack-<channel> (response:ticket, and every monitor of the staging stack), and no other handle.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { inventoryDir: { type: "string", description: "The inventory folder the stack deploys, relative to the repository root (default: inventory)." } } },
  validateResource: (args, report) => {
    if (args.type !== TYPES.monitor) return;
    const { inventoryDir } = args.getConfig<RouteConfig>();
    const dir = inventoryDir === undefined ? DEFAULT_INVENTORY_DIR : isAbsolute(inventoryDir) ? inventoryDir : resolve(REPO_ROOT, inventoryDir);
    const known = materialize(args.props);
    deliver(checkNotificationRoute(known.value, readTeamChannels(dir), args.urn), known.unknowns, args, report);
  },
};
