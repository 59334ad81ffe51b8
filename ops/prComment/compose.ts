/**
 * The pull request's plan comment, whole: the verdict line first, then what blocks (the base
 * that could not be read, an SLO removed without retirement), the error-budget gate, the
 * change freezes, the changes (each resource change folded under the inventory edit it
 * follows from, weakened detections flagged on the line), and last the whole plan collapsed
 * by integration. Nothing changed: the verdict and "No changes". Every string from the pull
 * request goes through markdown.ts, so it renders as its characters and pings nobody.
 */
import { blockingSentence } from "../../compiler/plan/describeChanges";
import { codeSpan, inlineText } from "../../compiler/plan/markdown";
import { sectionsMarkdown } from "../../compiler/plan/renderPlan";
import type { GateResult } from "../budget/decide";
import { renderMarkdown as gateMarkdown } from "../budget/render";
import { errorCount, isInvalidReview, type InvalidPlanReview } from "./invalidInventory";
import { isCause, type CauseItem, type PlanReview, type PlanReviewFile, type ResourceItem } from "./planReview";
import { budgetVerdict, planVerdict, previewVerdict, verdictLine, type PreviewResult } from "./verdict";

/** The hidden first line the workflow finds its own comment by, to edit it rather than add one. */
export const COMMENT_MARKER = "<!-- martech-plan -->";

/**
 * GitHub's API refuses a longer comment body with 422 "Body is too long (maximum is 65536
 * characters)" (seen in https://github.com/telia-oss/github-pr-resource/issues/259); it has
 * also been measured counting 262,144 UTF-8 bytes (https://github.com/dead-claudia/github-limits/pull/13).
 * The REST docs state no number, so both bounds hold, with a margin.
 */
export const COMMENT_LIMIT = { characters: 65_000, bytes: 260_000 } as const;

export const fitsInComment = (text: string) => [...text].length <= COMMENT_LIMIT.characters && Buffer.byteLength(text, "utf8") <= COMMENT_LIMIT.bytes;

export interface CommentInput {
  /** `plan --review`'s file (the review, or an invalid inventory's errors); undefined when plan wrote none. */
  readonly plan?: PlanReviewFile;
  readonly planExit?: string;
  /** Omitted (with budgetExit) when the gate is not part of this comment, as for `plan --markdown`. */
  readonly budget?: GateResult;
  readonly budgetExit?: string;
  /** Whether the error-budget gate is reported (in CI it always is, ran or not). */
  readonly withBudget: boolean;
  readonly preview?: { readonly result: PreviewResult; readonly ran?: string };
}

export interface Comment {
  /** What to post: within GitHub's limit (the whole plan is dropped first when too long). */
  readonly body: string;
  /** The same, never shortened: for the job summary. */
  readonly full: string;
}

export function composeComment(input: CommentInput): Comment {
  const verdict = verdictLine({
    plan: planVerdict(input.plan, input.planExit),
    ...(input.withBudget && { budget: budgetVerdict(input.budget, input.budgetExit) }),
    ...(input.preview && { preview: previewVerdict(input.preview.result, input.preview.ran) }),
  });
  const head = [COMMENT_MARKER, verdict, ""];
  if (input.plan && isInvalidReview(input.plan)) {
    const text = [...head, ...invalidCallout(input.plan), ...(input.withBudget ? gateSection(input.budget, input.budgetExit) : [])].join("\n");
    return { body: fitsInComment(text) ? text : cutAtLine(text), full: text };
  }
  const review = input.plan;
  if (review && !review.groups.length && !review.base && !review.weakens.length) {
    const text = [...head, `No changes against ${inlineText(review.ref)}.`, ""].join("\n");
    return { body: text, full: text };
  }
  const top = [...head, ...baseCallout(review), ...blockedCallout(review), ...(input.withBudget ? gateSection(input.budget, input.budgetExit) : [])];
  if (review?.freezes) top.push(review.freezes.trimEnd(), "");
  top.push(...changesSection(review, input.planExit));
  const plan = review ? [`### The whole plan: ${inlineText(review.plan.summary)}`, "", ...sectionsMarkdown(review.plan.sections)] : [];
  const full = [...top, ...plan].join("\n");
  return { body: fitsInComment(full) ? full : shortened(top), full };
}

/** An invalid inventory: nothing was planned; its first errors, each location in a code span, each message escaped. */
function invalidCallout(review: InvalidPlanReview): string[] {
  const { errors, shown } = review.invalid;
  const lines = ["> [!CAUTION]", `> **The inventory is invalid, so nothing was planned.** \`npm run check\` reports ${inlineText(errorCount(errors))}:`, ">"];
  for (const line of shown) lines.push(`> - ${diagnosticMarkdown(line)}`);
  if (errors > shown.length) lines.push(`> - … and ${errors - shown.length} more; \`npm run check\` lists them all.`);
  return [...lines, ""];
}

/** `file:line:col: error: message [rule]` with its location in a code span and the rest as prose. */
function diagnosticMarkdown(line: string): string {
  const m = /^(.*?:\d+:\d+): error: (.*)$/s.exec(line);
  return m ? `${codeSpan(m[1]!)} ${inlineText(m[2]!)}` : inlineText(line);
}

function baseCallout(review: PlanReview | undefined): string[] {
  if (!review?.base) return [];
  // GitHub's alert syntax (a blockquote starting [!WARNING]) sets it apart from the lists below.
  if (review.base.error) {
    return [
      "> [!WARNING]",
      `> **The base ${inlineText(review.ref)} could not be read, so everything is shown as added.** The error that stops it:`,
      ">",
      `> ${inlineText(review.base.error)}`,
      "",
    ];
  }
  return ["> [!NOTE]", `> ${inlineText(capitalised(review.base.note))}`, ""];
}

function blockedCallout(review: PlanReview | undefined): string[] {
  if (!review?.blocked.length) return [];
  const lines = ["> [!CAUTION]", "> **This change cannot be applied as is.**"];
  for (const subject of review.blocked) lines.push(">", `> ${blockingSentence({ subject }, codeSpan, inlineText)}`);
  return [...lines, ""];
}

/** The gate's own section (budget/render.ts), or why there is none. */
function gateSection(gate: GateResult | undefined, exit: string | undefined): string[] {
  if (gate) return [gateMarkdown(gate).trimEnd(), ""];
  return ["### Error-budget freeze: did not run", "", `${exit ? `budget-gate exited ${inlineText(exit)}` : "budget-gate did not run"}; see the job log.`, ""];
}

function changesSection(review: PlanReview | undefined, exit: string | undefined): string[] {
  if (!review) return ["### Changes", "", `The plan could not be computed${exit ? ` (plan exited ${inlineText(exit)})` : ""}; see the job log.`, ""];
  const lines = [`### Changes against ${inlineText(review.ref)}`, "", `**${inlineText(review.counts)}**`];
  if (review.weakens.length) lines.push("", ...review.weakens.map((w) => `- ${WEAKENS} ${inlineText(w)}`));
  for (const g of review.groups) {
    lines.push("", `**${inlineText(g.title)}**`, "");
    for (const w of g.weakens) lines.push(`- ${WEAKENS} ${inlineText(w)}`);
    for (const item of g.items) lines.push(...(isCause(item) ? causeLines(item) : resourceLines(item, "")));
  }
  return [...lines, ""];
}

/** Flags a weakened detection on the line of the change that weakens it. */
const WEAKENS = "⚠️ **weakens detection:**";
const flags = (weakens: readonly string[]) => (weakens.length ? ` ${WEAKENS} ${weakens.map(inlineText).join("; ")}` : "");

/** The edit on one line ("**SLO accepted**: objective 99.9 → 99.5"), the resources it changes nested under it. */
function causeLines(c: CauseItem): string[] {
  const note = c.note ? ` (${inlineText(c.note)})` : "";
  const details = c.details.length ? `: ${c.details.map(inlineText).join("; ")}` : "";
  return [`- **${inlineText(c.subject)}**${note}${details}${flags(c.weakens)}`, ...c.derived.flatMap((r) => resourceLines(r, "  "))];
}

function resourceLines(r: ResourceItem, indent: string): string[] {
  const head = `${r.blocking ? "❌ **blocked**" : `**${r.kind}**`} ${inlineText(r.subject)}${r.note ? `${r.blocking ? ":" : ""} ${inlineText(r.note)}` : ""}`;
  if (r.details.length === 1) return [`${indent}- ${head}: ${inlineText(r.details[0]!)}${flags(r.weakens)}`];
  return [`${indent}- ${head}${flags(r.weakens)}`, ...r.details.map((d) => `${indent}  - ${inlineText(d)}`)];
}

/** Too long with the whole plan: without it (the job summary keeps it), then cut at a line, never inside one. */
function shortened(top: readonly string[]): string {
  const text = [...top, "The whole plan is in this run's job summary: with it, the comment would be over GitHub's size limit.", ""].join("\n");
  return fitsInComment(text) ? text : cutAtLine(text);
}

/** The first whole lines of `text` that fit, and a note that the rest is in the job summary. */
function cutAtLine(text: string): string {
  // Whole lines while they fit, counted as they are added (joining again and again would be quadratic).
  const kept: string[] = [];
  let characters = [...TRUNCATED].length;
  let bytes = Buffer.byteLength(TRUNCATED, "utf8");
  for (const line of text.split("\n")) {
    characters += [...line].length + 1;
    bytes += Buffer.byteLength(line, "utf8") + 1;
    if (characters > COMMENT_LIMIT.characters || bytes > COMMENT_LIMIT.bytes) break;
    kept.push(line);
  }
  return `${kept.join("\n")}${TRUNCATED}`;
}

const TRUNCATED = "\n\n… truncated: the whole comment is in this run's job summary.\n";

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
