/**
 * A change freeze (README, "Change freezes"): a window of local time in an IANA time zone during
 * which the production deploy of a change touching its scope is refused unless overridden.
 * Resolved once to UTC instants with the maintenance windows' conversion
 * (time/zonedTime.ts), so every comparison is between two numbers and correct across
 * daylight-saving changes. The window is half-open: `start` is the first frozen minute, `end`
 * the first minute deploys are allowed again, so a freeze ending at midnight freezes 23:59:59.
 */
import { formatLocal, instantToLocal, localToInstant, parseLocal } from "../time/zonedTime";

/** Who a freeze applies to; both lists empty means everything. */
export interface FreezeScope {
  readonly integrations: readonly string[];
  readonly teams: readonly string[];
}

export interface ChangeFreeze {
  readonly id: string;
  /** Why (a launch, Black Friday): shown in the gate's output and the PR comment. */
  readonly reason: string;
  /** As written, local to `timeZone` (`2026-11-26T00:00`). */
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  /** UTC epoch milliseconds of `start`: the first frozen instant. */
  readonly startsAt: number;
  /** UTC epoch milliseconds of `end`: the first instant no longer frozen. */
  readonly endsAt: number;
  readonly scope: FreezeScope;
}

/** A freeze as the inventory writes it (validate/changeFreezeSchema.ts). */
export interface ChangeFreezeDoc {
  readonly id: string;
  readonly reason: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly scope?: { readonly integrations?: readonly string[]; readonly teams?: readonly string[] };
}

/** The UTC instants a freeze's local start and end name; undefined when a time does not parse (the schema reports it). */
export function freezeInstants(doc: Pick<ChangeFreezeDoc, "start" | "end" | "timeZone">): { readonly startsAt: number; readonly endsAt: number } | undefined {
  const start = parseLocal(doc.start);
  const end = parseLocal(doc.end);
  if (!start || !end) return undefined;
  return { startsAt: localToInstant(start, doc.timeZone), endsAt: localToInstant(end, doc.timeZone) };
}

/** The model's freeze; only for a document `check` has passed (its times parse, its zone exists). */
export function toChangeFreeze(doc: ChangeFreezeDoc): ChangeFreeze {
  const instants = freezeInstants(doc);
  if (!instants) throw new Error(`unchecked change freeze ${doc.id}`);
  const scope = { integrations: [...(doc.scope?.integrations ?? [])].sort(), teams: [...(doc.scope?.teams ?? [])].sort() };
  return { id: doc.id, reason: doc.reason, start: doc.start, end: doc.end, timeZone: doc.timeZone, ...instants, scope };
}

export const isUnscoped = (scope: FreezeScope) => scope.integrations.length === 0 && scope.teams.length === 0;

/** Whether the freeze is in effect at an instant: from its start (inclusive) to its end (exclusive). */
export const inEffect = (freeze: Pick<ChangeFreeze, "startsAt" | "endsAt">, now: number) => freeze.startsAt <= now && now < freeze.endsAt;

/** `2026-11-26 00:00`: a local time as people read it. */
const readable = (local: string) => local.replace("T", " ");

/**
 * `2026-11-26 00:00 to 2026-12-01 00:00 America/New_York`, in the freeze's own zone; a time the
 * clocks skip is shown as the clock reads it then (02:30 on a spring-forward night is 03:30).
 */
export function describeWindow(freeze: Pick<ChangeFreeze, "startsAt" | "endsAt" | "timeZone">): string {
  const local = (instant: number) => readable(formatLocal(instantToLocal(instant, freeze.timeZone)));
  return `${local(freeze.startsAt)} to ${local(freeze.endsAt)} ${freeze.timeZone}`;
}
