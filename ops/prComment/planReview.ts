/**
 * What `plan --base` tells a reviewer, as data: the resource changes grouped by integration,
 * folded under the inventory edits they follow from (./causes.ts), weakened detections marked
 * on them (./weakened.ts), the blocking removals, the base that could not be read, and the
 * whole plan. `plan --review FILE` writes it as JSON (or, for an invalid inventory, its errors:
 * ./invalidInventory.ts); `pr-comment` renders it (./compose.ts),
 * so the comment can be composed again in another job once the preview has finished. Every
 * string in it is plain text (markdown.ts escapes it when rendered), except `freezes`.
 */
import type { Inventory } from "../../compiler/model";
import type { ChangeEntry, ChangeReport } from "../../compiler/plan/describeChanges";
import type { PlannedResource } from "../../compiler/plan/plannedResource";
import { planSections, planSummary, type PlanSection } from "../../compiler/plan/renderPlan";
import { elementChanges, foldUnderCauses, produces, type ElementChange, type ElementKind } from "./causes";
import type { InvalidPlanReview } from "./invalidInventory";
import { weakenedDetections, type Weakened } from "./weakened";

/** Bumped when the shape changes, so a comment job never renders a file it misreads (2: an invalid inventory's review, ./invalidInventory.ts). */
export const PLAN_REVIEW_VERSION = 2;

/** What `plan --review` writes: the review, or the errors of an inventory that could not be planned. */
export type PlanReviewFile = PlanReview | InvalidPlanReview;

/** One resource's change (describeChanges.ts's words). */
export interface ResourceItem {
  readonly kind: ChangeEntry["kind"];
  readonly subject: string;
  readonly note?: string;
  readonly details: readonly string[];
  /** An SLO removed without being retired first. */
  readonly blocking: boolean;
  /** The detections this weakens, in the error-budget gate's words. */
  readonly weakens: readonly string[];
}

/** An inventory edit with the resource changes that follow from it. */
export interface CauseItem {
  readonly cause: ElementKind;
  /** "SLO accepted", "failure mode api-failures", "integration web-leads". */
  readonly subject: string;
  /** "renamed from api-errors" when its id changed. */
  readonly note?: string;
  readonly details: readonly string[];
  readonly weakens: readonly string[];
  readonly derived: readonly ResourceItem[];
}

export type ReviewItem = CauseItem | ResourceItem;

export const isCause = (item: ReviewItem): item is CauseItem => "cause" in item;

export interface ReviewGroup {
  /** The integration's plan heading, or the shared resources'. */
  readonly title: string;
  /** Weakenings that concern the integration as a whole (it is removed). */
  readonly weakens: readonly string[];
  readonly items: readonly ReviewItem[];
}

export interface PlanReview {
  readonly version: typeof PLAN_REVIEW_VERSION;
  /** The git ref compared against, as named. */
  readonly ref: string;
  /** True when the change must not land as is; `blocked` says which resources. */
  readonly blocking: boolean;
  readonly blocked: readonly string[];
  /** The base could not be compared (no inventory there, or an invalid one): everything is added. `error` names the diagnostic that stops it. */
  readonly base?: { readonly note: string; readonly error?: string };
  /** "0 added, 4 changed, 0 removed, 0 renamed". */
  readonly counts: string;
  readonly groups: readonly ReviewGroup[];
  /** Weakenings no listed change carries (an element whose resources did not change). */
  readonly weakens: readonly string[];
  /** The change freezes section (compiler/freeze/render.ts), already markdown. */
  readonly freezes?: string;
  /** The whole plan, by integration. */
  readonly plan: { readonly summary: string; readonly sections: readonly PlanSection[] };
}

export interface PlanReviewInput {
  readonly ref: string;
  readonly report: ChangeReport;
  readonly inventory: Inventory;
  readonly baseInventory?: Inventory;
  readonly baseNote?: string;
  readonly baseError?: string;
  readonly freezes?: string;
  readonly resources: readonly PlannedResource[];
}

export function buildPlanReview(input: PlanReviewInput): PlanReview {
  const causes = elementChanges(input.baseInventory, input.inventory);
  const weakened = weakenedDetections(input.baseInventory, input.inventory);
  const placed = new Set<Weakened>();
  // Each weakening is said once, on the first line it concerns; `own` when that line is its element's.
  const take = (pred: (w: Weakened) => boolean, own: (w: Weakened) => boolean = () => true) =>
    weakened.filter((w) => !placed.has(w) && pred(w)).map((w) => {
      placed.add(w);
      return own(w) || !w.subject ? w.detail : `${w.subject}: ${w.detail}`;
    });

  const groups = input.report.groups.map((g): ReviewGroup => {
    const items = foldUnderCauses(g.entries, causes).map((f): ReviewItem => {
      if ("entry" in f) return { ...resourceItem(f.entry), weakens: take((w) => concerns(w, g.owner) && weakenedBy(w, f.entry)) };
      // An integration's edit (its tier, say) can weaken its SLOs' alerts: flagged on that edit.
      return causeItem(f.cause, f.derived, take((w) => concerns(w, g.owner) && (sameElement(w, f.cause) || f.derived.some((e) => weakenedBy(w, e))), (w) => sameElement(w, f.cause)));
    });
    return { title: g.title, weakens: take((w) => concerns(w, g.owner), () => false), items };
  });
  const blocked = input.report.groups.flatMap((g) => g.entries.filter((e) => e.blocking).map((e) => e.subject));
  return {
    version: PLAN_REVIEW_VERSION,
    ref: input.ref,
    blocking: input.report.blocking,
    blocked,
    ...(input.baseNote !== undefined && { base: { note: input.baseNote, ...(input.baseError !== undefined && { error: input.baseError }) } }),
    counts: input.report.counts,
    groups,
    weakens: weakened.filter((w) => !placed.has(w)).map((w) => `${w.integration}${w.subject ? `, ${w.subject}` : ""}: ${w.detail}`),
    ...(input.freezes && { freezes: input.freezes }),
    plan: { summary: planSummary(input.resources), sections: planSections(input.resources, input.inventory) },
  };
}

const concerns = (w: Weakened, owner: string) => w.integration === owner;
const sameElement = (w: Weakened, c: ElementChange) => !!w.element && w.element.kind === c.kind && w.element.baseId === c.baseId;

/** Whether the resource changed in `e` comes from the failure mode or SLO `w` weakens. */
function weakenedBy(w: Weakened, e: ChangeEntry): boolean {
  if (!w.element) return false;
  const { kind, baseIntegration, baseId, id } = w.element;
  return produces({ kind, integration: w.integration, baseIntegration, id: id ?? baseId, baseId }, e.name, e.kind === "removed");
}

function resourceItem(e: ChangeEntry): Omit<ResourceItem, "weakens"> {
  return { kind: e.kind, subject: e.subject, ...(e.note !== undefined && { note: e.note }), details: e.details, blocking: e.blocking };
}

function causeItem(c: ElementChange, derived: readonly ChangeEntry[], weakens: string[]): CauseItem {
  return {
    cause: c.kind,
    subject: `${c.kind} ${c.id}`,
    ...(c.id !== c.baseId && { note: `renamed from ${c.baseId}` }),
    details: c.details,
    weakens,
    derived: derived.map((e) => ({ ...resourceItem(e), weakens: [] })),
  };
}
