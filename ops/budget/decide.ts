/**
 * The freeze decision, pure: the relevant changes and (only when there are some) the SLO
 * statuses in scope in, a decision with its reasons out. An exhausted SLO blocks; so does one
 * missing from Datadog (fail closed). An SLO younger than its window or without data is
 * listed as unknown and does not block. Without Datadog keys the gate is a notice on a pull
 * request and blocks on main, where it runs again before the deploy.
 */
import type { BudgetChange } from "./changes";
import { describeScope, type ScopeSummary } from "./scope";
import { BLOCKS, type SloStatus } from "./sloStatus";

/** The PR label that lets a change through a freeze; the workflow turns it into `--override`. */
export const OVERRIDE_LABEL = "error-budget-override";

/** Where the gate runs: a pull request (a missing key is a notice) or main before a deploy (it blocks). */
export const GATE_EVENTS = ["pull-request", "main"] as const;
export type GateEvent = (typeof GATE_EVENTS)[number];

/** "skipped": no Datadog keys on a pull request; the gate runs again on main. */
export const DECISIONS = ["no-relevant-change", "pass", "fail", "overridden", "skipped", "error"] as const;
export type Decision = (typeof DECISIONS)[number];

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
  /** What the change touches and which SLOs that puts in scope (absent when nothing needs budget). */
  readonly scope?: ScopeSummary;
  readonly on?: GateEvent;
  /** Decision "error": the API's one-sentence message. */
  readonly error?: string;
}

export interface GateInput {
  readonly base: string;
  readonly override: boolean;
  readonly changes: readonly BudgetChange[];
  readonly baseNote?: string;
  readonly scope?: ScopeSummary;
  readonly on?: GateEvent;
}

export function exitCode(decision: Decision): number {
  return decision === "fail" || decision === "error" ? 1 : 0;
}

export function noRelevantChange(input: GateInput): GateResult {
  return { ...input, decision: "no-relevant-change", slos: [], reasons: ["Nothing here needs error budget: no integration is added and no detection is weakened, so Datadog was not asked."] };
}

/** The scope holds no deployed SLO (say, a new integration of a new team): nothing has budget to spend. */
export function noSloInScope(input: GateInput): GateResult {
  return { ...input, decision: "pass", slos: [], reasons: [...scopeReason(input), `${needs(input)}, but no deployed SLO is in scope, so there is no budget to protect and Datadog was not asked.`] };
}

/** Datadog could not be read: blocks whatever the label says, since nobody knows the budgets. */
export function apiFailure(input: GateInput, message: string): GateResult {
  return { ...input, decision: "error", error: message, slos: [], reasons: [...scopeReason(input), `The error budgets could not be read, so the change is blocked: ${message}`] };
}

/**
 * The Datadog keys are not set. A pull request (from a fork, from Dependabot, or in a
 * repository without the secrets) gets a notice and passes; main blocks the deploy.
 */
export function keysUnavailable(input: GateInput, message: string, sloCount: number): GateResult {
  if (input.on !== "pull-request") return apiFailure(input, `${message.replace(/\.$/, "")}; on main the gate needs them, so the deploy waits until they are set.`);
  const why = `Datadog keys (DD_API_KEY and DD_APP_KEY) are not available to this run, as for pull requests from forks and Dependabot, so the ${sloCount} SLO(s) in scope were not read and the change is not held back; the gate blocks only on main, where it runs again before the deploy.`;
  return { ...input, decision: "skipped", slos: [], reasons: [...scopeReason(input), why] };
}

export function decide(input: GateInput, slos: readonly SloStatus[]): GateResult {
  const blocking = slos.filter((s) => BLOCKS[s.state]).map(blockingReason);
  const unknown = slos.filter((s) => s.state === "unknown").map(unknownReason);
  const scope = scopeReason(input);
  if (blocking.length === 0) {
    const healthy = slos.filter((s) => s.state === "healthy").length;
    const checked = slos.length === 0 ? "no SLO is deployed yet to have spent any" : `${healthy} of the ${slos.length} SLO(s) considered have error budget left${unknown.length ? `, and ${unknown.length} are unknown, which does not block` : ""}`;
    return { ...input, decision: "pass", slos, reasons: [...scope, `${needs(input)}, and ${checked}.`, ...unknown] };
  }
  const freeze = `${needs(input)} while error budget is exhausted or unreadable: ${blocking.length} SLO(s) block it.`;
  if (input.override) {
    return { ...input, decision: "overridden", slos, reasons: [...scope, freeze, ...blocking, ...unknown, `The freeze is overridden by the PR label ${OVERRIDE_LABEL} (--override).`] };
  }
  const how = `To land it anyway, add the PR label ${OVERRIDE_LABEL} (the workflow passes --override) and the override is recorded.`;
  return { ...input, decision: "fail", slos, reasons: [...scope, freeze, ...blocking, ...unknown, how] };
}

const needs = (input: GateInput) => `${input.changes.length} change(s) need error budget`;
const scopeReason = (input: GateInput) => (input.scope ? [describeScope(input.scope)] : []);
const nameOf = (s: SloStatus) => `${s.integration} SLO ${s.slo}`;

function blockingReason(s: SloStatus): string {
  if (s.state === "missing") return `${nameOf(s)}: missing, ${s.note}; counted as exhausted.`;
  return `${nameOf(s)}: error budget exhausted, attainment ${percent(s.attainment)} vs objective ${s.objective}% over ${s.window}, ${percent(s.budgetRemaining)} of the budget remaining.`;
}

function unknownReason(s: SloStatus): string {
  return `${nameOf(s)}: unknown, ${s.note}; it does not block.`;
}

/** Two decimals at most, as people read SLIs (99.95%, not 99.9500%). */
export function percent(value: number | null): string {
  return value === null ? "unknown" : `${Number(value.toFixed(2))}%`;
}
