/**
 * The freeze gate's output: a text report for the job log, a markdown section for the deploy's
 * job summary ($GITHUB_STEP_SUMMARY), and the PR comment's section on upcoming freezes. Freeze
 * reasons and ids come from the inventory, the override's reason and author from the pull
 * request: in markdown they go through plan/markdown.ts (inert: no mention, link, HTML or
 * heading of their own), in text through terminalText (no control sequence, no forged line).
 */
import { codeSpan, inlineText } from "../plan/markdown";
import { listOf } from "../words";
import { terminalText } from "../simulate/terminalText";
import { describeWindow, type ChangeFreeze } from "./changeFreeze";
import { describeHit, type FreezeChange } from "./freezeChange";
import type { FreezeDecision, LackingOverride, MetFreeze, OverrideRecord } from "./gate";
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
    const only = d.lacking.length === 1 && d.lacking[0]!.commits.length === 0 ? d.lacking[0] : undefined;
    if (only) {
      const missing = only.why === "no-reason" ? `The ${FREEZE_OVERRIDE_LABEL} label is there, but the pull request's description has no "Freeze override: <reason>" line. ` : "";
      lines.push(`${missing}To deploy anyway, ${HOW_TO_OVERRIDE}; otherwise re-run it once the freeze has ended.`);
    } else {
      lines.push(`This deploy holds several changes, and these touch frozen scope without an override: ${lackingText(d.lacking)}.`);
      lines.push(`To deploy anyway, add the ${FREEZE_OVERRIDE_LABEL} label and a line "Freeze override: <reason>" to each pull request named, then re-run this job; a commit pushed without a pull request cannot be overridden: revert it, or wait until the freeze has ended.`);
    }
  } else {
    const one = (o: OverrideRecord) => `${o.by ? ` by ${line(o.by)}` : ""}${o.pullRequest !== undefined ? ` (pull request #${o.pullRequest})` : ""}`;
    if (d.overrides.length === 1) lines.push(`freeze-gate: OVERRIDDEN${one(d.overrides[0]!)} at ${utc(d.now)}: "${line(d.overrides[0]!.reason)}". Frozen scope this deploy touches:`, ...d.met.map(metText));
    else lines.push(`freeze-gate: OVERRIDDEN at ${utc(d.now)} by each pull request touching frozen scope:`, ...d.overrides.map((o) => `  -${one(o)}: "${line(o.reason)}"`), "Frozen scope this deploy touches:", ...d.met.map(metText));
  }
  return `${lines.join("\n")}\n`;
}

const WHY_LACKING: Record<LackingOverride["why"], string> = { "no-label": `no ${FREEZE_OVERRIDE_LABEL} label`, "no-reason": `the ${FREEZE_OVERRIDE_LABEL} label but no "Freeze override: <reason>" line`, "no-pull-request": "pushed without a pull request" };

/** `pull request #12 (no freeze-override label) and commit 1a2b3c4 (pushed without a pull request)`. */
function lackingText(lacking: readonly LackingOverride[]): string {
  return listOf(lacking.map((l) => `${l.pullRequest !== undefined ? `pull request #${l.pullRequest}` : `commit ${l.commits.map((c) => c.slice(0, 7)).join(", ") || "(unknown)"}`} (${WHY_LACKING[l.why]})`));
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
    const only = d.lacking.length === 1 && d.lacking[0]!.commits.length === 0 ? d.lacking[0] : undefined;
    if (only) lines.push(only.why === "no-reason" ? `The ${codeSpan(FREEZE_OVERRIDE_LABEL)} label is there, but the pull request's description has no ${codeSpan("Freeze override: <reason>")} line.` : `To deploy anyway, add the ${codeSpan(FREEZE_OVERRIDE_LABEL)} label and a ${codeSpan("Freeze override: <reason>")} line to the pull request's description, then re-run the job.`);
    else lines.push(`These changes of the deploy touch frozen scope without an override: ${inlineText(lackingText(d.lacking))}. Each pull request named needs the ${codeSpan(FREEZE_OVERRIDE_LABEL)} label and a ${codeSpan("Freeze override: <reason>")} line; a commit pushed without a pull request cannot be overridden.`);
  } else {
    lines.push("### Change freeze: OVERRIDDEN", "");
    for (const { by, reason, pullRequest } of d.overrides) {
      lines.push(`- **By:** ${by ? codeSpan(by) : "unknown"}${pullRequest !== undefined ? `, pull request ${codeSpan(`#${pullRequest}`)}` : ""}`);
      lines.push(`- **Reason:** ${inlineText(reason)}`);
    }
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
