/**
 * The freeze gate's decision for one deploy (cli/freezeGate.ts runs it before the production
 * `pulumi up`). Outside every freeze: allowed. Inside freezes the change touches: refused,
 * unless the merged pull request carries the override label and a reason, in which case the
 * deploy goes ahead and the override (who, why, which freezes) is recorded.
 */
import { inEffect, type ChangeFreeze } from "./changeFreeze";
import { freezeHit, type FreezeChange, type FreezeHit } from "./freezeChange";
import { hasOverrideLabel, overrideReason, type OverrideRequest } from "./override";

export interface MetFreeze {
  readonly freeze: ChangeFreeze;
  readonly hit: FreezeHit;
}

export interface OverrideRecord {
  readonly by?: string;
  readonly reason: string;
  readonly pullRequest?: number;
}

export type FreezeDecision =
  | { readonly decision: "allowed"; readonly now: number; readonly change: FreezeChange; readonly inEffect: readonly ChangeFreeze[] }
  | { readonly decision: "refused"; readonly now: number; readonly change: FreezeChange; readonly met: readonly MetFreeze[]; readonly why: "no-label" | "no-reason" }
  | { readonly decision: "overridden"; readonly now: number; readonly change: FreezeChange; readonly met: readonly MetFreeze[]; readonly override: OverrideRecord };

export function decideFreeze(freezes: readonly ChangeFreeze[], change: FreezeChange, now: number, request: OverrideRequest): FreezeDecision {
  const active = freezes.filter((f) => inEffect(f, now));
  const met = active.flatMap((freeze) => {
    const hit = freezeHit(freeze, change);
    return hit ? [{ freeze, hit }] : [];
  });
  if (!met.length) return { decision: "allowed", now, change, inEffect: active };
  if (!hasOverrideLabel(request)) return { decision: "refused", now, change, met, why: "no-label" };
  const reason = overrideReason(request.body);
  if (!reason) return { decision: "refused", now, change, met, why: "no-reason" };
  return { decision: "overridden", now, change, met, override: { reason, ...(request.by && { by: request.by }), ...(request.pullRequest !== undefined && { pullRequest: request.pullRequest }) } };
}

export const freezeExitCode = (d: FreezeDecision) => (d.decision === "refused" ? 1 : 0);
