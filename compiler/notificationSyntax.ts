/**
 * The parts of a Datadog monitor message that notify someone or change what is sent, as they
 * can appear in free text copied into one (names, titles, descriptions):
 *
 * - `@handle`: "@notifications can be sent to" a user's email, an integration (`@slack-<channel>`,
 *   `@pagerduty-<service>`, `@webhook-<name>`, `@teams-...`, `@opsgenie-...`) or a team
 *   (https://docs.datadoghq.com/monitors/notify/#notifications). Datadog reads one after a space
 *   ("An @notification must have a space between it and the last line character"); any `@`
 *   followed by a non-space counts here, so nothing depends on that detail.
 * - `{{ ... }}`: template variables and conditional blocks (`{{#is_alert}}`, `{{/is_alert}}`,
 *   https://docs.datadoghq.com/monitors/notify/variables/), which can hide the text around them
 *   in some states, or add text and handles in others.
 * - `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^ID>`: Slack's mention syntax, which the
 *   Datadog Slack integration passes through, so a message to a channel would notify all of it
 *   (https://api.slack.com/reference/surfaces/formatting#special-mentions; `<@U123>` is a user
 *   mention, already an `@`).
 * - A line break: every line of a message is one the plan and CrossGuard read (the handle line,
 *   `Runbook:`, an SLO description's `Burn-rate alerts:` and `Retired:` lines), so text copied
 *   into a line must not start another.
 */

import { inertReferences } from "./referenceSyntax";

export type MarkupKind = "handle" | "template" | "slack-mention" | "line-break";

export interface Markup {
  readonly kind: MarkupKind;
  /** Offset of its first character in the text. */
  readonly offset: number;
  /** What was found: `@slack-ceo-office`, `{{`, `<!here>`, or the line break itself. */
  readonly text: string;
}

/** Line terminators: LF, CR, and those Unicode and some renderers treat as one (NEL, LS, PS, VT, FF). */
export const LINE_BREAK = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;

const PATTERNS: readonly (readonly [MarkupKind, RegExp])[] = [
  ["handle", /@[^\s]+/g],
  ["template", /\{\{|\}\}/g],
  ["slack-mention", /<![^\s>]*>?/g],
  ["line-break", new RegExp(LINE_BREAK.source, "g")],
];

/** Every notification or template construct in `text`, in order of offset. */
export function findMarkup(text: string): Markup[] {
  const found: Markup[] = [];
  for (const [kind, re] of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push({ kind, offset: m.index, text: m[0] });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * Free text made inert for a message line, whatever it holds (defence in depth: `check`
 * rejects all of this first, so for a valid inventory it returns the text unchanged).
 * `@` becomes the full-width `＠` (U+FF20), which no integration reads as a handle and a
 * reader still understands; `{{`/`}}` and Slack's `<!` get a space inside, which neither
 * Datadog's templates nor Slack parse; line breaks become spaces; and `${` becomes `$ {`, so
 * the text cannot read as a reference the deployment fills in (referenceSyntax.ts).
 */
export function inertText(text: string): string {
  return inertReferences(text)
    .replace(new RegExp(`(?:${LINE_BREAK.source})+`, "g"), " ")
    .replace(/@/g, "\uff20")
    .replace(/\{(?=\{)/g, "{ ")
    .replace(/\}(?=\})/g, "} ")
    .replace(/<(?=!)/g, "< ");
}

/**
 * Every handle a message notifies, wherever it stands (a line of its own, inside a sentence,
 * inside a block), in order, each once: `@...` tokens without trailing punctuation, and Slack
 * mentions. What the plan says a monitor notifies comes from here, so it cannot disagree with
 * the message Datadog receives.
 */
export function messageHandles(message: string): string[] {
  const handles = findMarkup(message)
    .filter((m) => m.kind === "handle" || m.kind === "slack-mention")
    .map((m) => (m.kind === "handle" ? handleOf(m.text) : m.text))
    .filter((h) => h !== "@");
  return [...new Set(handles)];
}

/** A handle token without the punctuation that ends the sentence around it: `@slack-x.` -> `@slack-x`. */
export const handleOf = (token: string) => token.replace(/[.,;:!?)\]}>'"]+$/, "");
