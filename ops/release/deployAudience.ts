/**
 * Who hears about a deploy: the teams owning the integrations it touches, as the change-freeze
 * gate reads a change (compiler/freeze/freezeChange.ts, built by ops/change/changeSince.ts: inventory
 * file, alert tests, runbook or planned resources differ, or a shared file of the deployment
 * changed, which touches every integration). Reached in their chat channel through Datadog's
 * Slack handle, as their ticket monitors are. Pure.
 */
import type { FreezeChange } from "../../compiler/freeze/freezeChange";
import { teamChatHandle } from "../../compiler/lower/notify";
import type { Inventory, Team } from "../../compiler/model";

export interface DeployAudience {
  /** The touched integrations' ids (empty when the deploy touches every integration or none). */
  readonly integrations: readonly string[];
  /** Sorted by id; empty when the deploy changes nothing deployed. */
  readonly teams: readonly Team[];
  /** Datadog handles of their channels, in the teams' order. */
  readonly handles: readonly string[];
  /** Why these teams, in one sentence. */
  readonly why: string;
}

/**
 * `change` is undefined when there is nothing to compare with (no last verified deploy, or it
 * cannot be read). A deploy that changes nothing deployed tells nobody it started or succeeded,
 * but a failure of one still reaches every team: something outside the change broke.
 */
export function deployAudience(now: Inventory, change: FreezeChange | undefined, failure: boolean): DeployAudience {
  if (change === undefined) return audience([], now.teams, "There is no last verified deploy to compare with, so every team is told.");
  if (change.everything !== undefined) return audience([], now.teams, `It touches every integration (${change.everything}), so every team is told.`);
  const owners = new Set(change.integrations.flatMap((i) => i.teams));
  const integrations = change.integrations.map((i) => i.id);
  if (integrations.length === 0) {
    return failure
      ? audience([], now.teams, "It changes nothing that is deployed, yet failed: something outside the change broke, so every team is told.")
      : audience([], [], "It changes nothing that is deployed (tests or documentation only), so nobody is told.");
  }
  return audience(integrations, now.teams.filter((t) => owners.has(t.id)), `The teams owning the integrations it touches (${integrations.join(", ")}) are told.`);
}

function audience(integrations: readonly string[], teams: readonly Team[], why: string): DeployAudience {
  const sorted = [...teams].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { integrations, teams: sorted, handles: sorted.map(teamChatHandle), why };
}
