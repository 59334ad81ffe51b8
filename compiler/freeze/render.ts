/**
 * The freeze gate's output: a text report for the job log, a markdown section for the deploy's
 * job summary ($GITHUB_STEP_SUMMARY), and the PR comment's section on upcoming freezes. Freeze
 * reasons and ids come from the inventory, the override's reason and author from the pull
 * request: in markdown they go through plan/markdown.ts (inert: no mention, link, HTML or
 * heading of their own), in text through terminalText (no control sequence, no forged line).
 */
import { codeSpan, inlineText } from "../plan/markdown";
import { terminalText } from "../simulate/terminalText";
import { describeWindow, type ChangeFreeze } from "./changeFreeze";
import { describeHit, type FreezeChange } from "./freezeChange";
import type { FreezeDecision, MetFreeze } from "./gate";
import { FREEZE_OVERRIDE_LABEL } from "./override";
import type { UpcomingFreeze } from "./upcoming";

const utc = (instant: number) => `${new Date(instant).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const line = (s: string) => terminalText(s.replace(/\s+/g, " ").trim());

const HOW_TO_OVERRIDE = `add the ${FREEZE_OVERRIDE_LABEL} label to the merged pull request and a line "Freeze override: <reason>" to its description, then re-run this job`;

function touchedText(change: FreezeChange): string {
  if (change.everything !== undefined) return `every integration (${change.everything})`;
  return change.integrations.length ? change.integrations.map((i) => i.id).join(", ") : "no integration";
}

const freezeText = (f: ChangeFreeze) => `${f.id} "${line(f.reason)}", ${describeWindow(f)}`;
const metText = ({ freeze, hit }: MetFreeze) => `  - ${freezeText(freeze)}: touches ${line(describeHit(hit))}`;

export function renderGateText(d: FreezeDecision): string {
  const lines: string[] = [];
  if (d.decision === "allowed") {
    if (!d.inEffect.length) lines.push(`freeze-gate: allowed: no change freeze is in effect at ${utc(d.now)}.`);
    else {
      lines.push(`freeze-gate: allowed: this change touches ${line(touchedText(d.change))}, outside the scope of the freezes in effect at ${utc(d.now)}:`);
      lines.push(...d.inEffect.map((f) => `  - ${freezeText(f)}`));
    }
  } else if (d.decision === "refused") {
    lines.push(`freeze-gate: REFUSED: at ${utc(d.now)} this change touches frozen scope:`, ...d.met.map(metText));
    const missing = d.why === "no-reason" ? `The ${FREEZE_OVERRIDE_LABEL} label is there, but the pull request's description has no "Freeze override: <reason>" line. ` : "";
    lines.push(`${missing}To deploy anyway, ${HOW_TO_OVERRIDE}; otherwise re-run it once the freeze has ended.`);
  } else {
    const { by, reason, pullRequest } = d.override;
    const who = by ? ` by ${line(by)}` : "";
    const pr = pullRequest !== undefined ? ` (pull request #${pullRequest})` : "";
    lines.push(`freeze-gate: OVERRIDDEN${who}${pr} at ${utc(d.now)}: "${line(reason)}". Frozen scope this deploy touches:`, ...d.met.map(metText));
  }
  return `${lines.join("\n")}\n`;
}

const freezeMarkdown = (f: ChangeFreeze) => `${inlineText(f.reason)} (${codeSpan(f.id)}), ${inlineText(describeWindow(f))}`;
const hitMarkdown = ({ hit }: MetFreeze) => ("everything" in hit ? `every integration (${inlineText(hit.everything)})` : hit.integrations.map(codeSpan).join(", "));

/** The job summary's section: the decision, the freezes met and the override. */
export function renderGateMarkdown(d: FreezeDecision): string {
  const lines: string[] = [];
  if (d.decision === "allowed") {
    lines.push("### Change freeze: allowed", "");
    if (!d.inEffect.length) lines.push(`No change freeze is in effect at ${utc(d.now)}.`);
    else lines.push(`Freezes in effect at ${utc(d.now)}, none of whose scope this change touches:`, "", ...d.inEffect.map((f) => `- ${freezeMarkdown(f)}`));
  } else if (d.decision === "refused") {
    lines.push("### Change freeze: deploy refused", "", `At ${utc(d.now)} this change touches frozen scope:`, "", ...d.met.map((m) => `- ${freezeMarkdown(m.freeze)}: touches ${hitMarkdown(m)}`), "");
    lines.push(d.why === "no-reason" ? `The ${codeSpan(FREEZE_OVERRIDE_LABEL)} label is there, but the pull request's description has no ${codeSpan("Freeze override: <reason>")} line.` : `To deploy anyway, add the ${codeSpan(FREEZE_OVERRIDE_LABEL)} label and a ${codeSpan("Freeze override: <reason>")} line to the pull request's description, then re-run the job.`);
  } else {
    const { by, reason, pullRequest } = d.override;
    lines.push("### Change freeze: OVERRIDDEN", "");
    lines.push(`- **By:** ${by ? codeSpan(by) : "unknown"}${pullRequest !== undefined ? `, pull request ${codeSpan(`#${pullRequest}`)}` : ""}`);
    lines.push(`- **Reason:** ${inlineText(reason)}`);
    lines.push(`- **At:** ${utc(d.now)}`);
    lines.push(`- **Freezes:**`, ...d.met.map((m) => `  - ${freezeMarkdown(m.freeze)}: touches ${hitMarkdown(m)}`));
  }
  return `${lines.join("\n")}\n`;
}

/** The PR comment's section (through plan --base): freezes this change would meet soon; empty when the inventory declares none. */
export function renderUpcomingMarkdown(upcoming: readonly UpcomingFreeze[], days: number, declared: number): string {
  if (!declared) return "";
  const title = `### Change freezes this change would meet (next ${days} days)`;
  if (!upcoming.length) return `${title}\n\nNone: no change freeze this change touches is in effect now or starts in the next ${days} days.\n`;
  const item = (u: UpcomingFreeze) => `- ${u.inEffect ? "**In effect now:** " : ""}${freezeMarkdown(u.freeze)}: touches ${hitMarkdown(u)}`;
  const advice = `While a freeze is in effect, the production deploy of this change is refused unless the pull request has the ${codeSpan(FREEZE_OVERRIDE_LABEL)} label and a ${codeSpan("Freeze override: <reason>")} line in its description.`;
  return `${title}\n\n${upcoming.map(item).join("\n")}\n\n${advice}\n`;
}

/** The same for the plan's text output: `Upcoming change freezes this change touches: Black Friday (...) ...`. */
export function renderUpcomingText(upcoming: readonly UpcomingFreeze[], days: number, declared: number): string {
  if (!declared) return "";
  if (!upcoming.length) return `No change freeze this change touches is in effect now or starts in the next ${days} days.\n`;
  const item = (u: UpcomingFreeze) => `  - ${line(u.freeze.reason)} (${line(describeHit(u.hit))}) ${describeWindow(u.freeze)}${u.inEffect ? " (in effect now)" : ""}`;
  return `Upcoming change freezes this change touches (next ${days} days):\n${upcoming.map(item).join("\n")}\n`;
}
