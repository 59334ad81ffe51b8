/**
 * `npm run plan -- [--stack prod] [--engine spec|mock] [--json FILE] [--markdown FILE] [--base REF [--review FILE]]
 *                  [--now INSTANT] [--inventory DIR] [--runbooks DIR] [--cache [--cache-location FILE|DIR/]]`
 * What the Pulumi program would create, without credentials. The spec engine computes it
 * from the lowered specs; the mock engine runs the real program under Pulumi's mocks.
 * With --base, --review writes what the PR comment is composed from (ops/prComment) and
 * --markdown the comment's plan part (its verdict says nothing of the budget gate or preview);
 * both are written for an invalid inventory too, with its first errors, so the comment says
 * "blocked" and why rather than "did not run".
 */
import { writeFileSync } from "node:fs";
import { handOverCheck } from "../compiler/checkInventory";
import type { Diagnostic } from "../compiler/diagnostics";
import { redact, REDACTED, secretsIn } from "../compiler/redact";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { forwarderSecretKeys } from "../compiler/lower/forwarder";
import { planJson, plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import { renderMarkdown, renderText } from "../compiler/plan/renderPlan";
import { composeComment } from "../ops/prComment/compose";
import { invalidPlanReview } from "../ops/prComment/invalidInventory";
import { buildPlanReview, type PlanReviewFile } from "../ops/prComment/planReview";
import { planAgainstBase } from "./planBase";
import { parseNow } from "../ops/release/parseNow";
import { upcomingFreezeReport } from "../ops/release/upcomingFreezeReport";
import { CACHE_FLAGS, CACHE_USAGE, cacheFileFrom } from "./cacheFlags";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";
import { setPlanClock } from "../compiler/planClock";
import { stableJson } from "../compiler/stableJson";

const USAGE = `usage: npm run plan -- [--stack NAME] [--engine spec|mock] [--json FILE] [--markdown FILE] [--base GIT-REF [--review FILE]] [--now INSTANT] [--inventory DIR] [--runbooks DIR] ${CACHE_USAGE}`;

runCli("plan", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    stack: { type: "string", default: "prod" },
    engine: { type: "string", default: "spec" },
    json: { type: "string" },
    markdown: { type: "string" },
    base: { type: "string" },
    review: { type: "string" },
    now: { type: "string" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
    ...CACHE_FLAGS,
  });
  if (values.engine !== "spec" && values.engine !== "mock") throw new UsageError(`unknown engine "${values.engine}"\n${USAGE}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  // An empty --base= would otherwise compare against nothing and pass.
  if (values.base !== undefined && !values.base.trim()) throw new UsageError(`--base needs a git ref (e.g. origin/main); it was empty\n${USAGE}`);
  if (values.review !== undefined && values.base === undefined) throw new UsageError(`--review needs --base: it describes the changes against it\n${USAGE}`);
  const now = parseNow(values.now, USAGE);
  // Lowering and the program under the mock engine plan for --now (maintenance starts that have passed move forward).
  if (values.now !== undefined) setPlanClock(now);
  /** --review and --markdown (with --base): the review, or an invalid inventory's errors, and plan's exit code. */
  const writeReview = (review: PlanReviewFile, exit: 0 | 1, out = (text: string) => text) => {
    if (values.review) writeFileSync(values.review, out(`${stableJson(review, 2)}\n`));
    if (values.markdown) writeFileSync(values.markdown, out(composeComment({ plan: review, planExit: String(exit), withBudget: false }).full));
  };
  // The diagnostics come redacted from validation, as check prints them (validate/redactDiagnostics.ts).
  const onInvalid = (diagnostics: readonly Diagnostic[]) => {
    if (values.base) writeReview(invalidPlanReview(values.base, diagnostics), 1);
  };
  const loaded = loadStackInventory("plan", { ...values, cacheFile: cacheFileFrom(values, USAGE) }, "nothing was planned", ".", onInvalid);
  if (!loaded) return 1;
  const { config, location, checked: result, settings } = loaded;
  let resources: PlannedResource[];
  if (values.engine === "mock") {
    const { runProgramUnderMocks } = await import("./mockEngine.js");
    handOverCheck(location, result);
    resources = (await runProgramUnderMocks(config, values.stack, forwarderSecretKeys(result.inventory))).resources;
  } else {
    resources = plannedResources(lowerInventory(result.inventory, settings));
  }
  const changes = values.base ? planAgainstBase(values.base, location, settings, resources, result.inventory) : undefined;
  // The PR comment's upcoming change freezes: those the change since --base would meet (README, "Change freezes").
  const freezes = values.base ? upcomingFreezeReport(values.base, location, settings, result.inventory, now) : undefined;
  // The inventory is validated (literal-secret); the stack config is not: a credential in one of
  // its values (a runbookBaseUrl with user:token@) is shown as [redacted] in every output.
  const secrets = secretsIn(Object.values(config));
  if (secrets.length) process.stderr.write(`plan: the stack config of ${values.stack} holds what looks like a credential; the plan shows it as ${REDACTED}. Keep credentials in Pulumi secret config ("pulumi config set --secret") and rotate it if it was real.\n`);
  const out = (text: string) => redact(text, secrets, { shapes: false });
  process.stdout.write(out(renderText(resources, result.inventory)));
  if (changes) process.stdout.write(out(`\n${changes.text}`));
  if (freezes?.text) process.stdout.write(out(`\n${freezes.text}`));
  if (values.json) writeFileSync(values.json, out(planJson(resources)));
  const review = changes && values.base ? buildPlanReview({ ref: values.base, report: changes, inventory: result.inventory, baseInventory: changes.baseInventory, baseNote: changes.baseNote, baseError: changes.baseError, freezes: freezes?.markdown, resources }) : undefined;
  if (review) writeReview(review, review.blocking ? 1 : 0, out);
  else if (values.markdown) writeFileSync(values.markdown, out(renderMarkdown(resources, result.inventory)));
  return changes?.blocking ? 1 : 0;
});
