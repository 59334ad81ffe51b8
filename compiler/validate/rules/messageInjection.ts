/**
 * message-injection: free text that the lowering copies into a Datadog monitor message or
 * name, an SLO description or a PagerDuty field must not carry notification handles
 * (`@pagerduty-...`, `@slack-...`, `@all`, an email), Datadog template syntax (`{{ }}`),
 * Slack mentions (`<!here>`) or line breaks. In a message, any of them would notify whoever
 * they name, or hide or add text per alert state, while `check` and the plan showed only the
 * team's own handle (compiler/notificationSyntax.ts cites Datadog's and Slack's rules).
 *
 * Each finding is reported at its character inside the YAML string (load/stringPosition.ts),
 * once per kind per field, without repeating anything that looks like a credential.
 */
import { positionInString } from "../../load/stringPosition";
import { findMarkup, handleOf, type Markup, type MarkupKind } from "../../notificationSyntax";
import type { Path } from "../../path";
import { describeLocation, withContext } from "../context";
import type { Rule, RuleContext } from "../ruleContext";
import type { ParsedFile } from "../parseFile";
import { containsSecret } from "../secretPatterns";

/** One free-text field and where the lowering puts it. */
interface FreeText {
  readonly path: Path;
  readonly value: string | undefined;
  /** Where the text ends up, for messages: "every monitor message of this integration". */
  readonly reach: string;
  /** Whether it lands in a monitor message, where a handle notifies. */
  readonly inMessage: boolean;
  /** A PagerDuty description may hold paragraphs: no line of it is read back, and no handle works there. */
  readonly lineBreaksAllowed?: boolean;
}

/** Every free-text field of a file that reaches Datadog or PagerDuty (lower/monitors.ts, slos.ts, forwarderMonitors.ts, monitorMessage.ts, onCall.ts). */
function freeTexts(file: ParsedFile): FreeText[] {
  switch (file.kind) {
    case "Integration": {
      const i = file.doc;
      return [
        { path: ["name"], value: i.name, reach: "every monitor message of this integration and its PagerDuty service name", inMessage: true },
        { path: ["runbook"], value: i.runbook, reach: "the runbook link in every monitor message of this integration", inMessage: true },
        { path: ["description"], value: i.description, reach: "its PagerDuty service's description", inMessage: false, lineBreaksAllowed: true },
        ...i.failureModes.map((m, n): FreeText => ({ path: ["failureModes", n, "title"], value: m.title, reach: "this failure mode's monitor name and message", inMessage: true })),
        ...i.slos.flatMap((s, n): FreeText[] => [
          { path: ["slos", n, "description"], value: s.description, reach: "the SLO's description in Datadog", inMessage: false },
          { path: ["slos", n, "retired", "reason"], value: s.retired?.reason, reach: "the SLO's description in Datadog", inMessage: false },
        ]),
      ];
    }
    case "Systems":
      return file.doc.systems.flatMap((s, n): FreeText[] => [
        { path: ["systems", n, "name"], value: s.name, reach: "the status line of every monitor message that involves this system", inMessage: true },
        { path: ["systems", n, "statusPage"], value: s.statusPage, reach: "the status line of every monitor message that involves this system", inMessage: true },
        // Planned maintenance (lower/maintenance.ts): a downtime's message notifies "@username" handles like an event.
        // Stryker disable next-line ArrayDeclaration: for a system without maintenance, an element ("Stryker was here") has no reason, so its field's value is undefined and messageInjection skips it.
        ...(s.maintenance ?? []).map(
          (w, k): FreeText => ({ path: ["systems", n, "maintenance", k, "reason"], value: w.reason, reach: "the message of this window's downtimes and its SLO corrections' descriptions", inMessage: true }),
        ),
      ]);
    case "Rotations":
      return file.doc.rotations.map((r, n): FreeText => ({ path: ["rotations", n, "name"], value: r.name, reach: "its PagerDuty schedule and escalation policy names", inMessage: false }));
    // Team and member names reach no vendor; chatChannel is a pattern-checked channel name.
    case "Teams":
    // Alert tests are simulated locally; nothing of them is deployed.
    case "AlertTests":
    // Freezes reach no vendor: their reasons are shown only in the gate's output and the PR comment, made inert there (freeze/render.ts).
    case "ChangeFreezes":
      // Stryker disable next-line ArrayDeclaration: an element ("Stryker was here") has no value, so messageInjection skips it as an absent field.
      return [];
  }
}

export const messageInjection: Rule = (ctx) => {
  for (const file of ctx.files) {
    for (const field of freeTexts(file)) {
      // Stryker disable next-line ConditionalExpression: checking an absent field anyway runs findMarkup(undefined), which scans the text "undefined" and finds nothing.
      if (field.value !== undefined) check(ctx, file, field, field.value);
    }
  }
};

function check(ctx: RuleContext, file: ParsedFile, field: FreeText, value: string): void {
  const reported = new Set<MarkupKind>();
  for (const markup of findMarkup(value)) {
    if (reported.has(markup.kind) || (markup.kind === "line-break" && field.lineBreaksAllowed)) continue;
    reported.add(markup.kind);
    const at = positionInString(file.source, field.path, value, markup.offset);
    ctx.reportAt(file.file, at, "message-injection", withContext(describeLocation(file.doc, field.path), explain(markup, field)));
  }
}

function explain(markup: Markup, field: FreeText): string {
  const { reach, inMessage } = field;
  switch (markup.kind) {
    case "handle": {
      const handle = quoted(handleOf(markup.text), 'an "@" handle');
      return inMessage
        ? `${handle} would notify whoever that handle names from ${reach}; write it without "@"`
        : `${handle} reads as a notification handle, and this text is copied into ${reach}; write it without "@"`;
    }
    case "template":
      return inMessage
        ? `"${markup.text}" is Datadog template syntax: in ${reach} it would open or close a block that hides or adds text, handles included, for some alert states; write it without the braces`
        : `"${markup.text}" is Datadog template syntax, and this text is copied into ${reach}; write it without the braces`;
    case "slack-mention": {
      const mention = quoted(markup.text, "Slack mention syntax");
      return inMessage
        ? `${mention} would notify everyone in the Slack channel that receives ${reach}; remove it`
        : `${mention} is a Slack mention, and this text is copied into ${reach}; remove it`;
    }
    case "line-break":
      return `a line break here would start a new line in ${reach}, and a line of its own can notify, open a block, or pass for a line the plan and CrossGuard read; keep it on one line`;
  }
}

/** `"<text>"`, unless it is long or holds something credential-shaped: messages never repeat one (literal-secret reports it). */
function quoted(text: string, otherwise: string): string {
  return text.length > 60 || containsSecret(text) ? otherwise : `"${text}"`;
}
