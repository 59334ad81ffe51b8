/**
 * `npm run pr-comment -- --out FILE [--summary FILE] [--plan FILE] [--plan-exit N] [--budget FILE] [--budget-exit N]
 *                        [--preview pending|success|failure|cancelled|skipped] [--preview-ran true|false]`
 * The pull request's plan comment (ops/prComment/compose.ts), from the files the workflow's
 * steps wrote: `plan --review` (--plan) and `budget-gate --json` (--budget), with their exit
 * codes as the workflow recorded them (empty when the step never ran). --preview is the
 * preview job's result (`needs.preview.result`, or `pending` before it finishes) and
 * --preview-ran its `ran` output. Writes the comment to --out (within GitHub's size limit) and
 * the same, never shortened, to --summary (the job summary); prints the verdict line.
 * Runs no git and reads no secret: the comment job runs it with a read-only checkout.
 */
import { writeFileSync } from "node:fs";
import { composeComment } from "../ops/prComment/compose";
import { readGateResult, readPlanReview } from "../ops/prComment/readInputs";
import { PREVIEW_RESULTS, type PreviewResult } from "../ops/prComment/verdict";
import { parseCliArgs, runCli, UsageError } from "./run";

const USAGE = `usage: npm run pr-comment -- --out FILE [--summary FILE] [--plan FILE] [--plan-exit N] [--budget FILE] [--budget-exit N] [--preview ${PREVIEW_RESULTS.join("|")}] [--preview-ran true|false]`;

runCli("pr-comment", () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    out: { type: "string" },
    summary: { type: "string" },
    plan: { type: "string" },
    "plan-exit": { type: "string" },
    budget: { type: "string" },
    "budget-exit": { type: "string" },
    preview: { type: "string" },
    "preview-ran": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (!values.out) throw new UsageError(`--out is required: the file the comment is written to\n${USAGE}`);
  const preview = values.preview;
  if (preview !== undefined && !(PREVIEW_RESULTS as readonly string[]).includes(preview)) throw new UsageError(`--preview must be one of ${PREVIEW_RESULTS.join(", ")}, not "${preview}"\n${USAGE}`);
  const comment = composeComment({
    plan: readPlanReview(values.plan),
    planExit: values["plan-exit"],
    // Asked about (a file or an exit code given, even empty): the gate is reported, ran or not.
    withBudget: values.budget !== undefined || values["budget-exit"] !== undefined,
    budget: readGateResult(values.budget),
    budgetExit: values["budget-exit"],
    ...(preview !== undefined && { preview: { result: preview as PreviewResult, ran: values["preview-ran"] } }),
  });
  writeFileSync(values.out, comment.body);
  if (values.summary) writeFileSync(values.summary, comment.full);
  process.stdout.write(`${comment.body.split("\n")[1]}\n`);
  return 0;
});
