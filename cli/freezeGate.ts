/**
 * `npm run freeze-gate -- --base GIT-REF [--now INSTANT] [--summary FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]`
 * The change-freeze gate, run before the production `pulumi up` (README, "Change freezes"):
 * exit 1 when a freeze in effect covers what the change touches since --base (the last
 * verified deploy), unless each pull request of the deploy touching frozen scope has the
 * `freeze-override` label and a `Freeze override: <reason>` line; the overrides are printed and
 * appended to --summary (the workflow passes $GITHUB_STEP_SUMMARY). The freezes judged are
 * those declared at --base and now, so a change cannot lift a freeze by deleting or shortening it.
 * The commits and their pull requests come from FREEZE_COMMITS, set by the workflow's lookup
 * (ops/release/deployCommitsFromEnv.ts); unset, the change is judged as one without a pull request.
 */
import { appendFileSync } from "node:fs";
import type { InventoryLocation } from "../compiler/checkInventory";
import type { ChangeFreeze } from "../compiler/freeze/changeFreeze";
import { mergeChanges } from "../compiler/freeze/freezeChange";
import { decideFreezeByShare, freezeExitCode, unionOfFreezes, type ChangeShare } from "../compiler/freeze/gate";
import { renderGateMarkdown, renderGateText } from "../compiler/freeze/render";
import type { LowerSettings } from "../compiler/lower/settings";
import { redactEnvSecrets } from "../compiler/redact";
import { changeBetween, changeSince } from "../ops/change/changeSince";
import { deployCommitsFromEnv, type DeployCommit } from "../ops/release/deployCommitsFromEnv";
import { parseNow } from "../ops/release/parseNow";
import { inventoryAtRef } from "./planBase";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run freeze-gate -- --base GIT-REF [--now 2026-11-27T05:00:00Z] [--summary FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]  (env: FREEZE_COMMITS)";

runCli("freeze-gate", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    base: { type: "string" },
    now: { type: "string" },
    summary: { type: "string" },
    stack: { type: "string", default: "prod" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (!values.base?.trim()) throw new UsageError(`--base is required and must not be empty: the git ref the deployed change is compared with (the commit last deployed)\n${USAGE}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const now = parseNow(values.now, USAGE);
  const commits = deployCommitsFromEnv(process.env);
  const loaded = loadStackInventory("freeze-gate", values, "the deploy is refused until it is fixed (npm run check)");
  if (!loaded) return 1;
  const { location, checked, settings } = loaded;
  const change = changeSince(values.base, location, settings, checked.inventory);
  const freezes = unionOfFreezes(freezesAt(values.base, location), checked.inventory.changeFreezes);
  const decision = decideFreezeByShare(freezes, change, now, shares(commits, change, location, settings));
  process.stdout.write(redactEnvSecrets(renderGateText(decision)));
  if (values.summary) appendFileSync(values.summary, redactEnvSecrets(`${renderGateMarkdown(decision)}\n`));
  return freezeExitCode(decision);
});

/** The freezes declared at the base; none when it cannot be read (the change then touches everything). */
function freezesAt(ref: string, location: InventoryLocation): readonly ChangeFreeze[] {
  try {
    return inventoryAtRef(ref, location).inventory?.changeFreezes ?? [];
  } catch {
    return [];
  }
}

/**
 * One share per pull request (its commits' changes merged) and per directly pushed commit. One
 * commit, or none known: the whole change is the one share (a squash merge of one pull request).
 */
function shares(commits: readonly DeployCommit[], whole: ReturnType<typeof changeSince>, location: InventoryLocation, settings: LowerSettings): ChangeShare[] {
  if (commits.length === 0) return [{ commits: [], change: whole }];
  if (commits.length === 1) {
    const pr = commits[0]!.pullRequest;
    return [{ ...(pr && { request: pr }), commits: pr ? [] : [commits[0]!.sha], change: whole }];
  }
  const groups = new Map<string, DeployCommit[]>();
  for (const c of commits) {
    const key = c.pullRequest ? `#${c.pullRequest.pullRequest}` : c.sha;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const pr = group[0]!.pullRequest;
    const change = mergeChanges(group.map((c) => changeBetween(`${c.sha}^`, c.sha, location, settings)));
    return { ...(pr && { request: pr }), commits: group.map((c) => c.sha), change };
  });
}
