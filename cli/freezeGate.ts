/**
 * `npm run freeze-gate -- --base GIT-REF [--now INSTANT] [--summary FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]`
 * The change-freeze gate, run before the production `pulumi up` (README, "Change freezes"):
 * exit 1 when a freeze in effect covers what the change touches since --base, unless the merged
 * pull request has the `freeze-override` label and a `Freeze override: <reason>` line; the
 * override is printed and appended to --summary (the workflow passes $GITHUB_STEP_SUMMARY).
 * The pull request comes from the environment, set by the workflow's lookup of the commit's
 * pull request: FREEZE_PR_LABELS (a JSON array of label names), FREEZE_PR_BODY,
 * FREEZE_PR_NUMBER and FREEZE_OVERRIDE_BY (who applied the label).
 */
import { appendFileSync } from "node:fs";
import { freezeExitCode, decideFreeze } from "../compiler/freeze/gate";
import { renderGateMarkdown, renderGateText } from "../compiler/freeze/render";
import { redactEnvSecrets } from "../compiler/redact";
import { changeSince } from "../ops/change/changeSince";
import { overrideFromEnv } from "../ops/release/overrideFromEnv";
import { parseNow } from "../ops/release/parseNow";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run freeze-gate -- --base GIT-REF [--now 2026-11-27T05:00:00Z] [--summary FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]";

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
  const loaded = loadStackInventory("freeze-gate", values, "the deploy is refused until it is fixed (npm run check)");
  if (!loaded) return 1;
  const { location, checked, settings } = loaded;
  const change = changeSince(values.base, location, settings, checked.inventory);
  const decision = decideFreeze(checked.inventory.changeFreezes, change, now, overrideFromEnv(process.env));
  process.stdout.write(redactEnvSecrets(renderGateText(decision)));
  if (values.summary) appendFileSync(values.summary, redactEnvSecrets(`${renderGateMarkdown(decision)}\n`));
  return freezeExitCode(decision);
});
