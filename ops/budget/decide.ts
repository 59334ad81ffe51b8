/**
 * The freeze decision, pure: the relevant changes and (only when there are some) the SLO
 * statuses in, a decision with its reasons out. Fails closed: an SLO whose status is unknown
 * blocks like an exhausted one.
 */
import type { BudgetChange } from "./changes";
import type { SloStatus } from "./sloStatus";

/** The PR label that lets a change through a freeze; the workflow turns it into `--override`. */
export const OVERRIDE_LABEL = "error-budget-override";

export type Decision = "no-relevant-change" | "pass" | "fail" | "overridden" | "error";

export interface GateResult {
  readonly decision: Decision;
  /** The git ref compared against. */
  readonly base: string;
  readonly override: boolean;
  readonly changes: readonly BudgetChange[];
  /** Empty when Datadog was not asked. */
  readonly slos: readonly SloStatus[];
  readonly reasons: readonly string[];
  /** Why there is no base inventory to compare with, if so. */
  readonly baseNote?: string;
  /** Decision "error": the API's one-sentence message. */
  readonly error?: string;
}

export interface GateInput {
  readonly base: string;
  readonly override: boolean;
  readonly changes: readonly BudgetChange[];
  readonly baseNote?: string;
}

export function exitCode(decision: Decision): number {
  return decision === "fail" || decision === "error" ? 1 : 0;
}

export function noRelevantChange(input: GateInput): GateResult {
  return { ...input, decision: "no-relevant-change", slos: [], reasons: ["Nothing here needs error budget: no integration is added and no detection is weakened, so Datadog was not asked."] };
}

/** Datadog could not be read: blocks whatever the label says, since nobody knows the budgets. */
export function apiFailure(input: GateInput, message: string): GateResult {
  return { ...input, decision: "error", error: message, slos: [], reasons: [`The error budgets could not be read, so the change is blocked: ${message}`] };
}

export function decide(input: GateInput, slos: readonly SloStatus[]): GateResult {
  const blocking = slos.filter((s) => s.state !== "healthy").map(blockingReason);
  const what = `${input.changes.length} change(s) need error budget`;
  if (blocking.length === 0) {
    const checked = slos.length ? `all ${slos.length} SLO(s) have error budget left` : "no SLO is deployed yet to have spent any";
    return { ...input, decision: "pass", slos, reasons: [`${what}, and ${checked}.`] };
  }
  const freeze = `${what} while error budget is exhausted or unknown: ${blocking.length} SLO(s) block it.`;
  if (input.override) {
    return { ...input, decision: "overridden", slos, reasons: [freeze, ...blocking, `The freeze is overridden by the PR label ${OVERRIDE_LABEL} (--override).`] };
  }
  const how = `To land it anyway, add the PR label ${OVERRIDE_LABEL} (the workflow passes --override) and the override is recorded.`;
  return { ...input, decision: "fail", slos, reasons: [freeze, ...blocking, how] };
}

function blockingReason(s: SloStatus): string {
  const name = `${s.integration} SLO ${s.slo}`;
  if (s.state === "unknown") return `${name}: status unknown, ${s.note}; counted as exhausted.`;
  return `${name}: error budget exhausted, attainment ${percent(s.attainment)} vs objective ${s.objective}% over ${s.window}, ${percent(s.budgetRemaining)} of the budget remaining.`;
}

/** Two decimals at most, as people read SLIs (99.95%, not 99.9500%). */
export function percent(value: number | null): string {
  return value === null ? "unknown" : `${Number(value.toFixed(2))}%`;
}
