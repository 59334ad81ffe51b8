/**
 * What a pull request changes that the error-budget freeze cares about, from the inventory
 * at the base ref and the one in the working tree. Pure: two models in, a list out.
 *
 * Relevant changes are an added integration and any weakening:
 * - an integration removed (all its detections and SLOs go with it)
 * - a failure mode removed
 * - a failure mode's detection or response weakened (the rules in ./weakening.ts)
 * - an SLO objective lowered, an SLO newly retired, or a live SLO removed
 * - a burn-rate tier's effective response lowered (page -> ticket -> off), by the SLO's own
 *   `alerting` or by the integration's tier or paging failure modes that its defaults follow
 * (removing an SLO that was already retired at the base weakens nothing further).
 * Integrations, failure modes and SLOs are matched by id or by `previousIds`, so a rename
 * is not read as a removal plus an addition. Adding failure modes or SLOs only strengthens.
 */
import type { FailureMode, Integration, Inventory, Slo } from "../../compiler/model";
import { BURN_TIERS, sloBurnPolicy, type BurnResponse } from "../../compiler/lower/burnRate";
import { failureModeWeakenings, type WeakeningRule } from "./weakening";

/** How loudly a burn-rate tier answers: lowering it needs error budget. */
const LOUDNESS: Readonly<Record<BurnResponse, number>> = { off: 0, ticket: 1, page: 2 };

export type ChangeRule = "integration-added" | "integration-removed" | "failure-mode-removed" | "slo-objective-lowered" | "slo-retired" | "slo-removed" | "burn-alert-downgraded" | WeakeningRule;

export interface BudgetChange {
  /** "added" needs budget as much as "weakened" does; kept apart for the wording. */
  readonly kind: "added" | "weakened";
  readonly rule: ChangeRule;
  readonly integration: string;
  /** The failure mode or SLO concerned, e.g. `failure mode form-submissions-stopped`. */
  readonly subject?: string;
  readonly detail: string;
}

/** How a change names the failure mode or SLO it concerns (`subject`), by its id at the base; the PR comment matches on it. */
export const failureModeSubject = (id: string) => `failure mode ${id}`;
export const sloSubject = (id: string) => `SLO ${id}`;

/** `base` is undefined when there is no valid inventory at the base ref: everything is added. */
export function relevantChanges(base: Inventory | undefined, now: Inventory): BudgetChange[] {
  const out: BudgetChange[] = [];
  const baseIntegrations = base?.integrations ?? [];
  for (const integration of now.integrations) {
    const before = baseIntegrations.find((b) => sameId(b.id, integration));
    if (!before) out.push({ kind: "added", rule: "integration-added", integration: integration.id, detail: `integration ${integration.id} is added` });
    else out.push(...integrationChanges(before, integration));
  }
  for (const before of baseIntegrations) {
    if (now.integrations.some((i) => sameId(before.id, i))) continue;
    const live = before.slos.filter((s) => !s.retired).length;
    out.push({ kind: "weakened", rule: "integration-removed", integration: before.id, detail: `integration ${before.id} is removed, with its ${before.failureModes.length} failure mode detection(s) and ${live} live SLO(s)` });
  }
  return out;
}

function integrationChanges(before: Integration, now: Integration): BudgetChange[] {
  const out: BudgetChange[] = [];
  const weakened = (rule: ChangeRule, subject: string, detail: string) => out.push({ kind: "weakened", rule, integration: now.id, subject, detail });
  for (const mode of before.failureModes) {
    const subject = failureModeSubject(mode.id);
    const after = now.failureModes.find((m) => sameId(mode.id, m));
    if (!after) weakened("failure-mode-removed", subject, `${subject} is removed, and its monitor with it`);
    else for (const w of failureModeWeakenings(mode, after)) weakened(w.rule, subject, w.detail);
  }
  for (const slo of before.slos) {
    if (slo.retired) continue;
    const subject = sloSubject(slo.id);
    const after = now.slos.find((s) => sameId(slo.id, s));
    if (!after) weakened("slo-removed", subject, `${subject} is removed`);
    else if (after.retired) weakened("slo-retired", subject, `${subject} is retired (${after.retired.reason.trim()}): it loses its burn-rate alerts`);
    else {
      if (after.objective < slo.objective) weakened("slo-objective-lowered", subject, `objective lowered ${slo.objective}% -> ${after.objective}%`);
      const [was, is] = [sloBurnPolicy(before, slo), sloBurnPolicy(now, after)];
      for (const { id } of BURN_TIERS) {
        if (LOUDNESS[is[id]] < LOUDNESS[was[id]]) weakened("burn-alert-downgraded", subject, `${id} burn-rate alert ${was[id]} -> ${is[id]}`);
      }
    }
  }
  return out;
}

/** Whether `item` is the one that had `id` at the base (same id, or renamed from it). */
export function sameId(id: string, item: Integration | FailureMode | Slo): boolean {
  return item.id === id || item.previousIds.includes(id);
}
