/**
 * What "weakens a detection" means for the error-budget freeze, one rule per field. A change
 * weakens when the monitor it produces would fire later, less often or not at all, or pages
 * less loudly. The rules, each judged on one failure mode (matched by id or previousIds):
 *
 * - `response` page -> ticket
 * - `detection.kind` changed (the old detection is gone; the new one cannot be compared)
 * - threshold: `above` raised, `below` lowered, or switched between above and below
 * - error-rate: `maxPercent` raised
 * - reconciliation: `maxDropPercent` raised
 * - heartbeat: `silentMinutes` raised
 * - anomaly: `deviations` raised (a wider band), `direction` narrowed (both -> one side) or flipped
 * - any kind: `window` lengthened, `evaluationDelaySeconds` raised (alerts later)
 *
 * Query text, aggregation and anomaly algorithm changes are not judged: no order says
 * which is weaker. Removed failure modes, SLO and integration changes are in ./changes.ts.
 */
import { durationSeconds } from "../../compiler/lower/durations";
import type { FailureMode } from "../../compiler/model";
import type { DetectionDoc } from "../../compiler/validate/schema";

/** One way a failure mode got weaker, in words a reviewer can check against the diff. */
export interface Weakening {
  readonly rule: WeakeningRule;
  readonly detail: string;
}

export type WeakeningRule =
  | "response-downgraded"
  | "kind-changed"
  | "threshold-above-raised"
  | "threshold-below-lowered"
  | "threshold-direction-changed"
  | "max-percent-raised"
  | "max-drop-percent-raised"
  | "silent-minutes-raised"
  | "deviations-raised"
  | "direction-narrowed"
  | "window-lengthened"
  | "evaluation-delay-raised";

export function failureModeWeakenings(base: FailureMode, now: FailureMode): Weakening[] {
  const out: Weakening[] = [];
  if (base.response === "page" && now.response === "ticket") out.push({ rule: "response-downgraded", detail: "response page -> ticket: it no longer pages anyone" });
  out.push(...detectionWeakenings(base.detection, now.detection));
  return out;
}

export function detectionWeakenings(base: DetectionDoc, now: DetectionDoc): Weakening[] {
  if (base.kind !== now.kind) return [{ rule: "kind-changed", detail: `detection kind ${base.kind} -> ${now.kind}: the old detection is removed and the new one cannot be compared with it` }];
  const out: Weakening[] = [];
  const raised = (rule: WeakeningRule, field: string, from: number, to: number) => {
    if (to > from) out.push({ rule, detail: `${field} raised ${from} -> ${to}` });
  };
  if (base.kind === "threshold" && now.kind === "threshold") {
    if (base.above !== undefined && now.above !== undefined) raised("threshold-above-raised", "above", base.above, now.above);
    else if (base.below !== undefined && now.below !== undefined) {
      if (now.below < base.below) out.push({ rule: "threshold-below-lowered", detail: `below lowered ${base.below} -> ${now.below}` });
    } else {
      const side = (d: { above?: number; below?: number }) => (d.above !== undefined ? `above ${d.above}` : `below ${d.below}`);
      out.push({ rule: "threshold-direction-changed", detail: `threshold ${side(base)} -> ${side(now)}: fires on the other side, so the old condition is no longer detected` });
    }
  }
  if (base.kind === "error-rate" && now.kind === "error-rate") raised("max-percent-raised", "maxPercent", base.maxPercent, now.maxPercent);
  if (base.kind === "reconciliation" && now.kind === "reconciliation") raised("max-drop-percent-raised", "maxDropPercent", base.maxDropPercent, now.maxDropPercent);
  if (base.kind === "heartbeat" && now.kind === "heartbeat") raised("silent-minutes-raised", "silentMinutes", base.silentMinutes, now.silentMinutes);
  if (base.kind === "anomaly" && now.kind === "anomaly") {
    raised("deviations-raised", "deviations", base.deviations, now.deviations);
    if (base.direction !== now.direction && now.direction !== "both") out.push({ rule: "direction-narrowed", detail: `direction ${base.direction} -> ${now.direction}` });
  }
  if ("window" in base && "window" in now && durationSeconds(now.window) > durationSeconds(base.window)) {
    out.push({ rule: "window-lengthened", detail: `window lengthened ${base.window} -> ${now.window}` });
  }
  raised("evaluation-delay-raised", "evaluationDelaySeconds", base.evaluationDelaySeconds ?? 0, now.evaluationDelaySeconds ?? 0);
  return out;
}
