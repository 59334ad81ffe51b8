/** What a check found, and how it reaches the policy SDK. */
import type { ReportViolation } from "@pulumi/policy";

export interface Violation {
  readonly message: string;
  /** The resource at fault, for stack policies; a resource policy reports its own. */
  readonly urn?: string;
}

export interface Outcome {
  readonly violations: readonly Violation[];
  /** Paths of inputs the check needed that are unknown until apply (keys of the unknowns map). */
  readonly unknown: readonly string[];
  /** What could not be checked for another reason, each saying why. */
  readonly skipped: readonly string[];
}

export const PASS: Outcome = { violations: [], unknown: [], skipped: [] };

export function merge(...outcomes: Outcome[]): Outcome {
  return {
    violations: outcomes.flatMap((o) => o.violations),
    unknown: outcomes.flatMap((o) => o.unknown),
    skipped: outcomes.flatMap((o) => o.skipped),
  };
}

export const violation = (message: string, urn?: string): Outcome => ({ ...PASS, violations: [urn === undefined ? { message } : { message, urn }] });
export const unknownAt = (path: string): Outcome => ({ ...PASS, unknown: [path] });
export const skippedBecause = (why: string): Outcome => ({ ...PASS, skipped: [why] });

interface NotApplicable {
  notApplicable(reason?: string): never;
}

/**
 * Reports violations. Without any, an input that was unknown is handed back to the SDK as
 * its own UnknownValueError, which it turns into an advisory "can't run policy ... during
 * preview: <value> at .<path> can't be known during preview" note (the check runs again at
 * update, when the value is known); anything else skipped marks the policy not applicable
 * for the resource, with the reason.
 */
export function deliver(outcome: Outcome, unknowns: ReadonlyMap<string, Error>, args: NotApplicable, report: ReportViolation): void {
  for (const v of outcome.violations) report(v.message, v.urn);
  if (outcome.violations.length > 0) return;
  for (const path of outcome.unknown) {
    const error = unknowns.get(path);
    if (error) throw error;
  }
  if (outcome.unknown.length > 0 || outcome.skipped.length > 0) {
    args.notApplicable([...outcome.unknown.map((p) => `${p} is not known until apply`), ...outcome.skipped].join("; "));
  }
}
