/**
 * The freeze gate's decision for one deploy (cli/freezeGate.ts runs it before the production
 * `pulumi up`). Outside every freeze: allowed. Inside freezes the change touches: refused,
 * unless every pull request of the deploy that touches frozen scope carries the override label
 * and a reason, in which case the deploy goes ahead and each override (who, why, which
 * freezes) is recorded.
 *
 * A deploy carries every commit since the last verified one (several pull requests, and maybe
 * direct pushes), so the override is judged per pull request: one PR's override never lets
 * another PR's frozen change through, and a commit pushed without a pull request cannot be
 * overridden at all. The freezes given are the union of those declared at the last deploy and
 * now, so a change that deletes or shortens a freeze cannot lift it for itself.
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

/** One pull request's part of the deploy: its first-parent commits on main and what they change; no request for a direct push. */
export interface ChangeShare {
  readonly request?: OverrideRequest;
  /** Full SHAs, oldest first; empty when the share is the whole deploy (one pull request, or none known). */
  readonly commits: readonly string[];
  readonly change: FreezeChange;
}

/** A share that touches frozen scope without a valid override. */
export interface LackingOverride {
  readonly pullRequest?: number;
  readonly commits: readonly string[];
  readonly why: "no-label" | "no-reason" | "no-pull-request";
}

export type FreezeDecision =
  | { readonly decision: "allowed"; readonly now: number; readonly change: FreezeChange; readonly inEffect: readonly ChangeFreeze[] }
  | { readonly decision: "refused"; readonly now: number; readonly change: FreezeChange; readonly met: readonly MetFreeze[]; readonly lacking: readonly LackingOverride[] }
  | { readonly decision: "overridden"; readonly now: number; readonly change: FreezeChange; readonly met: readonly MetFreeze[]; readonly overrides: readonly OverrideRecord[] };

/** The freezes declared at either revision, each id once (the later declaration wins; both windows count when they differ). */
export function unionOfFreezes(before: readonly ChangeFreeze[], now: readonly ChangeFreeze[]): ChangeFreeze[] {
  const same = (a: ChangeFreeze, b: ChangeFreeze) => a.id === b.id && a.startsAt === b.startsAt && a.endsAt === b.endsAt && JSON.stringify(a.scope) === JSON.stringify(b.scope);
  return [...now, ...before.filter((b) => !now.some((n) => same(n, b)))];
}

/** One pull request (or none) for the whole change: the deploy of a single merge. */
export function decideFreeze(freezes: readonly ChangeFreeze[], change: FreezeChange, now: number, request: OverrideRequest | undefined): FreezeDecision {
  return decideFreezeByShare(freezes, change, now, [{ ...(request && { request }), commits: [], change }]);
}

export function decideFreezeByShare(freezes: readonly ChangeFreeze[], change: FreezeChange, now: number, shares: readonly ChangeShare[]): FreezeDecision {
  const active = freezes.filter((f) => inEffect(f, now));
  const met = meetings(active, change);
  if (!met.length) return { decision: "allowed", now, change, inEffect: active };
  // Shares that touch what is frozen need an override; when none seems to (the whole deploy meets
  // a freeze its parts do not, say a base that could not be read), every share needs one.
  const touching = shares.filter((s) => meetings(met.map((m) => m.freeze), s.change).length > 0);
  const judged = touching.length ? touching : shares.length ? shares : [{ commits: [], change }];
  const lacking: LackingOverride[] = [];
  const overrides: OverrideRecord[] = [];
  for (const share of judged) {
    const pullRequest = share.request?.pullRequest;
    const at = { ...(pullRequest !== undefined && { pullRequest }), commits: share.commits };
    if (!share.request) {
      lacking.push({ ...at, why: share.commits.length ? "no-pull-request" : "no-label" });
      continue;
    }
    if (!hasOverrideLabel(share.request)) {
      lacking.push({ ...at, why: "no-label" });
      continue;
    }
    const reason = overrideReason(share.request.body);
    if (!reason) lacking.push({ ...at, why: "no-reason" });
    else overrides.push({ reason, ...(share.request.by && { by: share.request.by }), ...(pullRequest !== undefined && { pullRequest }) });
  }
  if (lacking.length) return { decision: "refused", now, change, met, lacking };
  return { decision: "overridden", now, change, met, overrides };
}

function meetings(freezes: readonly ChangeFreeze[], change: FreezeChange): MetFreeze[] {
  return freezes.flatMap((freeze) => {
    const hit = freezeHit(freeze, change);
    return hit ? [{ freeze, hit }] : [];
  });
}

export const freezeExitCode = (d: FreezeDecision) => (d.decision === "refused" ? 1 : 0);
