/**
 * The files the PR comment is composed from, as the workflow leaves them: `plan --review`'s
 * JSON and `budget-gate --json`'s, each absent when its step failed before writing it (the
 * comment then says the step did not run). A file that is there but not the shape expected is
 * a bug in this repository, not in the pull request: it throws, naming the file.
 */
import { existsSync, readFileSync } from "node:fs";
import { DECISIONS, type GateResult } from "../budget/decide";
import { PLAN_REVIEW_VERSION, type PlanReviewFile } from "./planReview";

export function readPlanReview(file: string | undefined): PlanReviewFile | undefined {
  const value = readJson(file);
  if (value === undefined) return undefined;
  const version = (value as { version?: unknown }).version;
  if (version !== PLAN_REVIEW_VERSION) throw new Error(`${file} is not a plan review of version ${PLAN_REVIEW_VERSION} (version ${JSON.stringify(version)}); write it with the same commit's npm run plan -- --review`);
  return value as PlanReviewFile;
}

export function readGateResult(file: string | undefined): GateResult | undefined {
  const value = readJson(file);
  if (value === undefined) return undefined;
  const decision = (value as { decision?: unknown }).decision;
  if (!(DECISIONS as readonly unknown[]).includes(decision)) throw new Error(`${file} is not a budget-gate result (decision ${JSON.stringify(decision)}); write it with npm run budget-gate -- --json`);
  return value as GateResult;
}

function readJson(file: string | undefined): unknown {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
}
