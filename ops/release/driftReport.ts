/**
 * The drift issue's body, from each stack's refreshing preview (.github/workflows/drift.yml):
 * `pulumi preview --refresh --expect-no-changes` through pulumi/actions says whether a stack
 * drifted; for one that did, `pulumi preview --refresh --json` says what (Pulumi's PreviewDigest:
 * `steps[{op, urn, diffReasons, replaceReasons, detailedDiff}]`, `changeSummary`, `diagnostics`;
 * pulumi/pulumi sdk/go/common/display/json.go, the `--json` flag of
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_preview/).
 *
 * Inert by construction: only each changed resource's operation, type, name and the NAMES of the
 * properties that differ reach the issue, never a value (a value refreshed from the cloud may hold
 * a secret or text someone typed into a vendor's UI), and all of it inside a code block fenced
 * longer than any backtick run in it, so nothing in it can mention, link or format. Pure.
 */

/** A step's outcome, or `undeployed`: the stack has no last-good tag (no verified deploy), so there was nothing to preview. */
export type StackOutcome = "success" | "failure" | "skipped" | "cancelled" | "undeployed";

export interface StackPreview {
  readonly stack: string;
  /** The expect-no-changes preview's outcome: success means no drift. */
  readonly outcome: StackOutcome;
  /** The `--json` preview's text, read when the outcome is failure; undefined when there is none. */
  readonly json?: string;
}

export type StackDrift =
  | { readonly stack: string; readonly kind: "clean" }
  /** No verified deploy yet: nothing deployed to differ from, so not checked, and no reason to keep the issue open. */
  | { readonly stack: string; readonly kind: "undeployed" }
  | { readonly stack: string; readonly kind: "drift"; readonly counts: Readonly<Record<string, number>>; readonly lines: readonly string[] }
  /** The preview failed for another reason (credentials, the program, a provider): unknown, not drift. */
  | { readonly stack: string; readonly kind: "error"; readonly why: string };

/** Operations that are not a change (pulumi preview's "same", and reads of existing resources). */
const UNCHANGED = new Set(["same", "read", "refresh"]);
/** Lines listed per stack at most; the counts always cover all. */
const MAX_LINES = 200;
/** GitHub refuses issue bodies over 65,536 characters. */
const MAX_BODY = 60_000;

export const DRIFT_MARKER = "<!-- martech-drift -->";

export function classifyPreview(p: StackPreview): StackDrift {
  if (p.outcome === "success") return { stack: p.stack, kind: "clean" };
  if (p.outcome === "undeployed") return { stack: p.stack, kind: "undeployed" };
  if (p.outcome !== "failure") return { stack: p.stack, kind: "error", why: `the preview was ${p.outcome}` };
  if (p.json === undefined || p.json.trim() === "") return { stack: p.stack, kind: "error", why: "the preview failed and the JSON preview printed nothing; see the job log" };
  let digest: unknown;
  try {
    digest = JSON.parse(p.json);
  } catch {
    return { stack: p.stack, kind: "error", why: "the preview failed and the JSON preview is not JSON; see the job log" };
  }
  const d = (digest && typeof digest === "object" ? digest : {}) as { steps?: unknown; diagnostics?: unknown };
  const errors = Array.isArray(d.diagnostics) ? d.diagnostics.filter((x) => (x as { severity?: unknown })?.severity === "error").length : 0;
  if (errors > 0) return { stack: p.stack, kind: "error", why: `the preview reported ${errors} error(s); see the job log` };
  const steps = (Array.isArray(d.steps) ? d.steps : []).map(readStep).filter((s) => s !== undefined && !UNCHANGED.has(s.op)) as Step[];
  if (steps.length === 0) return { stack: p.stack, kind: "error", why: "the expect-no-changes preview failed, but the JSON preview shows no change; see the job log" };
  const counts: Record<string, number> = {};
  for (const s of steps) counts[s.op] = (counts[s.op] ?? 0) + 1;
  const lines = steps.map((s) => `${s.op.padEnd(8)} ${s.type}  ${s.name}${s.properties.length ? `  (${s.properties.join(", ")})` : ""}`);
  return { stack: p.stack, kind: "drift", counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))), lines };
}

interface Step {
  readonly op: string;
  readonly type: string;
  readonly name: string;
  readonly properties: readonly string[];
}

function readStep(raw: unknown): Step | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const s = raw as { op?: unknown; urn?: unknown; diffReasons?: unknown; replaceReasons?: unknown; detailedDiff?: unknown };
  if (typeof s.op !== "string" || typeof s.urn !== "string") return undefined;
  // urn:pulumi:<stack>::<project>::<qualified type>::<name>
  const parts = s.urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  const name = parts.slice(3).join("::");
  const names = [
    ...(Array.isArray(s.diffReasons) ? s.diffReasons : []),
    ...(Array.isArray(s.replaceReasons) ? s.replaceReasons : []),
    ...(s.detailedDiff && typeof s.detailedDiff === "object" ? Object.keys(s.detailedDiff) : []),
  ].filter((x): x is string => typeof x === "string");
  return { op: plain(s.op), type: plain(type), name: plain(name), properties: [...new Set(names.map(plain))].sort() };
}

/** One line of printable text: control characters (ANSI colours among them) and line breaks go. */
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").trim().slice(0, 300);

export interface DriftReport {
  readonly drifted: boolean;
  /** Every stack was previewed (clean or drifted): only then may "no drift" close the issue. */
  readonly complete: boolean;
  /** The issue body (starts with DRIFT_MARKER). */
  readonly markdown: string;
}

export function driftReport(stacks: readonly StackDrift[], context: { readonly runUrl?: string; readonly commit?: string } = {}): DriftReport {
  const drifted = stacks.some((s) => s.kind === "drift");
  const complete = stacks.every((s) => s.kind !== "error");
  const checked = [context.runUrl ? `[this run](${context.runUrl})` : "this run", context.commit ? `at commit \`${context.commit.slice(0, 12)}\`` : ""].filter(Boolean).join(" ");
  const head = [
    DRIFT_MARKER,
    "## The Pulumi stacks differ from what is deployed",
    "",
    `Checked by ${checked}: a refreshing \`pulumi preview\` of each stack, which expects no changes. Drift is a change made outside \`pulumi up\` (an edit in the Datadog or PagerDuty UI, a console change in AWS). The next deploy refreshes first and puts every drifted resource back as the inventory says; to keep a change, make it in the inventory. Only property names are listed, never their values.`,
    "",
  ].join("\n");
  // Each stack gets an equal share of what GitHub accepts, so one large drift cannot hide another stack's.
  const budget = Math.floor((MAX_BODY - head.length) / Math.max(1, stacks.length));
  return { drifted, complete, markdown: `${head}${stacks.map((s) => section(s, budget)).join("\n")}` };
}

function section(s: StackDrift, budget: number): string {
  if (s.kind === "clean") return `### ${s.stack}: no drift\n`;
  if (s.kind === "undeployed") return `### ${s.stack}: not checked\n\nThe stack has no last-good tag: no deploy of it has been verified yet, so there is no deployed commit to preview.\n`;
  if (s.kind === "error") return `### ${s.stack}: not checked\n\n${plain(s.why)}.\n`;
  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const shown: string[] = [];
  let size = 300;
  for (const line of s.lines.slice(0, MAX_LINES)) {
    if (size + line.length + 1 > budget) break;
    shown.push(line);
    size += line.length + 1;
  }
  const more = s.lines.length > shown.length ? [`... and ${s.lines.length - shown.length} more`] : [];
  return [`### ${s.stack}: ${total} resource(s) differ (${Object.entries(s.counts).map(([op, n]) => `${n} ${op}`).join(", ")})`, "", codeBlock([...shown, ...more].join("\n")), ""].join("\n");
}

/** A fenced block no content can close early: the fence is longer than any backtick run inside. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
