/**
 * The PR comment's first line: may this change merge, as the plan, the error-budget gate and
 * the Pulumi preview each say. Every part is a symbol and a word (never colour alone), and a
 * part that blocks says so with ❌.
 */
import { inlineText } from "../../compiler/plan/markdown";
import type { Decision, GateResult } from "../budget/decide";
import { errorCount, isInvalidReview } from "./invalidInventory";
import type { PlanReviewFile } from "./planReview";

export interface VerdictPart {
  readonly symbol: "✅" | "❌" | "⚠️" | "ℹ️" | "⏳";
  readonly words: string;
}

/**
 * The preview job's outcome. In GitHub Actions a job learns another's only through `needs`:
 * the comment job needs the preview job and reads `needs.preview.result` (success, failure,
 * cancelled, skipped) and its output `ran` (false when the stack's secrets were unavailable, so
 * the job succeeded without previewing). Before it finishes, the plan job posts `pending`.
 */
export type PreviewResult = "pending" | "success" | "failure" | "cancelled" | "skipped";
export const PREVIEW_RESULTS: readonly PreviewResult[] = ["pending", "success", "failure", "cancelled", "skipped"];

export interface Verdict {
  readonly plan: VerdictPart;
  readonly budget?: VerdictPart;
  readonly preview?: VerdictPart;
}

/** Whether a step ran at all: its exit code as the workflow recorded it ("" when it never ran). */
const exited = (exit: string | undefined) => (exit ? ` (exit ${exit})` : "");

/** `review` undefined: `plan` wrote nothing (it crashed before, or never ran); an invalid inventory writes its errors. */
export function planVerdict(review: PlanReviewFile | undefined, exit: string | undefined): VerdictPart {
  if (!review) return { symbol: "❌", words: `did not run${exited(exit)}; see the job log` };
  if (isInvalidReview(review)) return { symbol: "❌", words: `blocked: ${errorCount(review.invalid.errors)} in the inventory` };
  if (review.blocking) return { symbol: "❌", words: "blocked: an SLO is removed without being retired" };
  if (exit && exit !== "0") return { symbol: "❌", words: `failed${exited(exit)}; see the job log` };
  if (review.base?.error) return { symbol: "⚠️", words: "valid, but the base could not be read" };
  return { symbol: "✅", words: "valid" };
}

const GATE: Readonly<Record<Decision, VerdictPart>> = {
  "no-relevant-change": { symbol: "✅", words: "pass (nothing needs error budget)" },
  pass: { symbol: "✅", words: "pass" },
  overridden: { symbol: "⚠️", words: "pass, freeze overridden by label" },
  skipped: { symbol: "ℹ️", words: "notice: not checked (no Datadog keys)" },
  fail: { symbol: "❌", words: "blocked: error budget exhausted" },
  error: { symbol: "❌", words: "blocked: error budgets unreadable" },
};

/** `gate` undefined: budget-gate wrote no result. */
export function budgetVerdict(gate: GateResult | undefined, exit: string | undefined): VerdictPart {
  return gate ? GATE[gate.decision] : { symbol: "❌", words: `did not run${exited(exit)}; see the job log` };
}

/** `ran`: the preview job's `ran` output ("true" when `pulumi preview` ran). */
export function previewVerdict(result: PreviewResult, ran: string | undefined): VerdictPart {
  switch (result) {
    case "pending":
      return { symbol: "⏳", words: "pending" };
    case "success":
      return ran === "true" ? { symbol: "✅", words: "ran" } : { symbol: "ℹ️", words: "skipped: the stack's secrets are not available to this pull request" };
    case "skipped":
      // The preview job needs the test job, so it is skipped when the tests did not pass.
      return { symbol: "ℹ️", words: "skipped: the tests did not pass" };
    case "failure":
      return { symbol: "❌", words: "failed; see the job log" };
    case "cancelled":
      return { symbol: "❌", words: "failed: cancelled before it finished" };
  }
}

export function verdictLine(v: Verdict): string {
  const parts: [string, VerdictPart | undefined][] = [
    ["Plan", v.plan],
    ["Error-budget gate", v.budget],
    ["Preview", v.preview],
  ];
  return parts
    .filter((p): p is [string, VerdictPart] => p[1] !== undefined)
    // The words are plain text, an exit code among them: escaped like any other (markdown.ts).
    .map(([label, p]) => `**${label}:** ${p.symbol} ${inlineText(p.words)}`)
    .join(" · ");
}
