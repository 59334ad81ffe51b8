/**
 * The freezes a change would meet soon, for the PR comment: those in effect now or starting in
 * the next `days` days whose scope the change touches, earliest first. A merge deploys within
 * minutes, so a freeze in effect now is the one that matters most; the coming ones tell the
 * author when to merge (or to ask for an override in time).
 */
import type { ChangeFreeze } from "./changeFreeze";
import { freezeHit, type FreezeChange } from "./freezeChange";
import type { MetFreeze } from "./gate";

export const DEFAULT_UPCOMING_DAYS = 14;
const DAY_MS = 86_400_000;

export interface UpcomingFreeze extends MetFreeze {
  readonly inEffect: boolean;
}

export function upcomingFreezes(freezes: readonly ChangeFreeze[], change: FreezeChange, now: number, days = DEFAULT_UPCOMING_DAYS): UpcomingFreeze[] {
  const horizon = now + days * DAY_MS;
  return freezes
    .filter((f) => f.endsAt > now && f.startsAt < horizon)
    .flatMap((freeze) => {
      const hit = freezeHit(freeze, change);
      return hit ? [{ freeze, hit, inEffect: freeze.startsAt <= now }] : [];
    })
    .sort((a, b) => a.freeze.startsAt - b.freeze.startsAt || (a.freeze.id < b.freeze.id ? -1 : 1));
}
