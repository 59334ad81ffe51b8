/**
 * What `plan --review` writes when the pull request's inventory is invalid: nothing could be
 * planned, but the comment must still say why, so a reviewer can tell an invalid inventory
 * (blocked, with its first errors) from a plan that crashed (see the job log). The diagnostics
 * are check's own lines, already redacted by validation (validate/redactDiagnostics.ts), so no
 * secret the inventory holds reaches the comment; they are plain text, escaped when rendered.
 */
import { formatDiagnostic, summarize, type Diagnostic } from "../../compiler/diagnostics";
import { PLAN_REVIEW_VERSION, type PlanReviewFile } from "./planReview";

/** How many errors the comment lists; `npm run check` and the job log have them all. */
export const SHOWN_ERRORS = 10;

export interface InvalidInventory {
  readonly errors: number;
  readonly warnings: number;
  /** The first SHOWN_ERRORS errors, as `check` prints them (`file:line:col: error: message [rule]`). */
  readonly shown: readonly string[];
}

export interface InvalidPlanReview {
  readonly version: typeof PLAN_REVIEW_VERSION;
  /** The git ref the plan would have compared against. */
  readonly ref: string;
  readonly invalid: InvalidInventory;
}

export function invalidPlanReview(ref: string, diagnostics: readonly Diagnostic[]): InvalidPlanReview {
  const { errors, warnings } = summarize(diagnostics);
  const shown = diagnostics.filter((d) => d.severity === "error").slice(0, SHOWN_ERRORS).map(formatDiagnostic);
  return { version: PLAN_REVIEW_VERSION, ref, invalid: { errors, warnings, shown } };
}

export const isInvalidReview = (review: PlanReviewFile): review is InvalidPlanReview => "invalid" in review;

/** "1 error", "3 errors". */
export const errorCount = (n: number) => `${n} error${n === 1 ? "" : "s"}`;
