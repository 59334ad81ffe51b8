/**
 * The pull request's plan comment (ops/prComment): the valid fixture, edited in memory, planned
 * against itself as the base; the comment composed with the gate's results and the preview's.
 * Then `plan --review` and `pr-comment` end to end on a git repository whose base is unreadable.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareWithBase, type BaseInventory } from "../cli/planBase";
import { formatDiagnostic } from "../compiler/diagnostics";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { Inventory } from "../compiler/model";
import { plannedResources } from "../compiler/plan/plannedResource";
import { decide, keysUnavailable, noRelevantChange, type GateInput, type GateResult } from "../ops/budget/decide";
import type { SloStatus } from "../ops/budget/sloStatus";
import { COMMENT_MARKER, composeComment, fitsInComment, type CommentInput } from "../ops/prComment/compose";
import { invalidPlanReview, SHOWN_ERRORS } from "../ops/prComment/invalidInventory";
import { buildPlanReview, PLAN_REVIEW_VERSION, type PlanReview } from "../ops/prComment/planReview";
import { readPlanReview } from "../ops/prComment/readInputs";
import { budgetVerdict, planVerdict, previewVerdict, type PreviewResult } from "../ops/prComment/verdict";
import { FAKE } from "./hostile/fakeSecrets";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { REPO, runCli } from "./support/runCli";
import { sampleSettings } from "./support/sampleState";

const INTEGRATION = "inventory/integrations/integration-0001.yaml";
const settings = sampleSettings();

function inventoryOf(edit: (f: Fixture) => void = () => {}): Inventory {
  const f = loadFixture();
  edit(f);
  const r = validateFixture(f);
  if (!r.inventory) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.inventory;
}

/** Edits integration-0001's file. */
const edit = (...pairs: [string, string][]) => (f: Fixture) => {
  let text = f.files.get(INTEGRATION)!;
  for (const [from, to] of pairs) text = replaceOnce(text, from, to);
  f.files.set(INTEGRATION, text);
};

let BASE: Inventory;
before(() => {
  BASE = inventoryOf();
});

/** What `plan --base main --review` would write for `now` against `base`. */
function reviewOf(now: Inventory, base: BaseInventory = { inventory: BASE }): PlanReview {
  const resources = plannedResources(lowerInventory(now, settings));
  const c = compareWithBase("main", base, settings, resources, now);
  return buildPlanReview({ ref: "main", report: c, inventory: now, baseInventory: c.baseInventory, baseNote: c.baseNote, baseError: c.baseError, resources });
}

const GATE_INPUT: GateInput = { base: "main", override: false, changes: [], on: "pull-request" };
const PASSED = noRelevantChange(GATE_INPUT);

function comment(plan: PlanReview, over: Partial<CommentInput> = {}): string {
  return composeComment({ plan, planExit: plan.blocking ? "1" : "0", withBudget: true, budget: PASSED, budgetExit: "0", preview: { result: "pending" }, ...over }).body;
}

/** The lines of `md` from the one starting with `first`, `count` of them. */
function linesFrom(md: string, first: string, count: number): string[] {
  const lines = md.split("\n");
  const at = lines.findIndex((l) => l.startsWith(first));
  assert.ok(at >= 0, `no line starts with ${JSON.stringify(first)} in:\n${md}`);
  return lines.slice(at, at + count);
}

describe("PR comment: composed from the plan, the budget gate and the preview", () => {
  it("says just 'No changes' after the verdict when nothing changed", () => {
    assert.equal(comment(reviewOf(BASE)), `${COMMENT_MARKER}\n**Plan:** ✅ valid · **Error-budget gate:** ✅ pass (nothing needs error budget) · **Preview:** ⏳ pending\n\nNo changes against main.\n`);
  });

  it("folds the resource changes an SLO objective edit causes under that edit, and flags it as needing error budget", () => {
    const md = comment(reviewOf(inventoryOf(edit(["objective: 99.9", "objective: 99.5"]))));
    assert.deepEqual(linesFrom(md, "- **SLO accepted**", 4), [
      "- **SLO accepted**: objective 99.9 → 99.5 ⚠️ **weakens detection:** objective lowered 99.9% -\\> 99.5%",
      '  - **changed** SLO "\\[integration-0001\\] accepted": target 99.9% → 99.5% over 7d: error budget 10.08 → 50.4 minutes per 7d',
      '  - **changed** burn-rate alert "\\[integration-0001\\] SLO accepted burning 3.36x over 1h": message changed ("…accepted (99.9% over…" → "…accepted (99.5% over…")',
      '  - **changed** burn-rate alert "\\[integration-0001\\] SLO accepted burning 1.4x over 6h": message changed ("…accepted (99.9% over…" → "…accepted (99.5% over…")',
    ]);
    // The dashboard is shared by every integration: it stays on its own line, in the shared group.
    assert.match(md, /\n\*\*Shared: [^\n]*\*\*\n\n- \*\*changed\*\* dashboard "Marketing-technology reliability \(weekly\)": dashboard layout changed \("accepted: 99\.9% over 7d" → "accepted: 99\.5% over 7d"\)\n/);
  });

  it("folds a renamed failure mode's monitor (kept under its new name) with its name, tags and runbook link under the rename", () => {
    const now = inventoryOf((f) => {
      edit(["  - id: silent\n", "  - id: quiet\n    previousIds: [silent]\n"], ["title: No submissions arriving", "title: No submissions at all"])(f);
      f.runbooks.set("integration-0001.md", replaceOnce(f.runbooks.get("integration-0001.md")!, "### No submissions arriving", "### No submissions at all"));
    });
    const md = comment(reviewOf(now));
    const lines = linesFrom(md, "- **failure mode quiet**", 5);
    assert.equal(lines[0], '- **failure mode quiet** (renamed from silent): runbook section no-submissions-arriving → no-submissions-at-all; title "No submissions arriving" → "No submissions at all"');
    assert.equal(lines[1], '  - **renamed** monitor "\\[integration-0001\\] No submissions at all" from integration-0001--monitor--silent to integration-0001--monitor--quiet (kept, not replaced)');
    assert.match(lines[2]!, /^ {4}- message changed \(runbook link now `https:\/\/github\.com\/acme\/martech-reliability\/blob\/main\/runbooks\/integration-0001\.md#no-submissions-at-all`; /);
    assert.equal(lines[3], '    - name "\\[integration-0001\\] No submissions arriving" → "\\[integration-0001\\] No submissions at all"');
    assert.equal(lines[4], "    - tags: added failure\\_mode:quiet, removed failure\\_mode:silent");
    assert.ok(!md.includes("weakens detection"), "a rename weakens nothing");
  });

  it("flags each weakened detection on the line of the change that weakens it", () => {
    const now = inventoryOf(
      edit(
        ["      maxPercent: 5", "      maxPercent: 8"],
        ["    title: No submissions arriving\n    frequency: quarterly\n    response: page", "    title: No submissions arriving\n    frequency: quarterly\n    response: ticket"],
        // The anomaly failure mode removed, and its monitor with it.
        ["  - id: volume-drop\n    title: Submission volume drop\n    frequency: monthly\n    response: ticket\n    detection:\n      kind: anomaly\n      query: count:martech.forwarder.received{integration:integration-0001}\n      window: 1h\n      direction: below\n", ""],
      ),
    );
    const md = comment(reviewOf(now));
    assert.equal(linesFrom(md, "- **failure mode api-errors**", 1)[0], "- **failure mode api-errors**: detection.maxPercent 5 → 8 ⚠️ **weakens detection:** maxPercent raised 5 -\\> 8");
    assert.equal(linesFrom(md, "- **failure mode silent**", 1)[0], "- **failure mode silent**: response page → ticket ⚠️ **weakens detection:** response page -\\> ticket: it no longer pages anyone");
    assert.equal(
      linesFrom(md, "- **removed** monitor \\[integration-0001\\] Submission volume drop", 1)[0],
      "- **removed** monitor \\[integration-0001\\] Submission volume drop (P3, notifies `@slack-revenue-operations-alerts`) ⚠️ **weakens detection:** failure mode volume-drop is removed, and its monitor with it",
    );
    assert.equal(md.match(/weakens detection/g)?.length, 3, "each once, where it happens");
  });

  it("an integration's edit heads the resource changes no edited failure mode or SLO explains, and names the SLOs it weakens", () => {
    const md = comment(reviewOf(inventoryOf(edit(["tier: 2", "tier: 3"]))));
    const lines = md.split("\n");
    const at = lines.indexOf("- **integration integration-0001**: tier 2 → 3 ⚠️ **weakens detection:** SLO delivered-within-60s: fast burn-rate alert page -\\> ticket; SLO accepted: fast burn-rate alert page -\\> ticket");
    assert.ok(at > 0, md);
    const nested = lines.slice(at + 1, lines.findIndex((l, i) => i > at && l.startsWith("- "))).filter((l) => /^ {2}- /.test(l));
    assert.ok(nested.every((l) => l.startsWith("  - **changed** ")), nested.join("\n"));
    // Its five monitors, two SLOs and five burn-rate alerts (accepted has no slow tier), each under the edit.
    assert.deepEqual(["monitor", "SLO", "burn-rate alert"].map((kind) => nested.filter((l) => l.startsWith(`  - **changed** ${kind} `)).length), [5, 2, 5]);
  });

  it("a blocked plan: the verdict says so, the caution first, the line marked", () => {
    const text = loadFixture().files.get(INTEGRATION)!;
    const from = text.indexOf("  - id: delivered-within-60s");
    const removed = replaceOnce(text.slice(0, from) + text.slice(text.indexOf("  - id: accepted")), "    slo: delivered-within-60s\n", "");
    const review = reviewOf(inventoryOf((f) => f.files.set(INTEGRATION, removed)));
    assert.ok(review.blocking);
    const md = comment(review);
    assert.deepEqual(md.split("\n").slice(0, 7), [
      COMMENT_MARKER,
      "**Plan:** ❌ blocked: an SLO is removed without being retired · **Error-budget gate:** ✅ pass (nothing needs error budget) · **Preview:** ⏳ pending",
      "",
      "> [!CAUTION]",
      "> **This change cannot be applied as is.**",
      ">",
      '> SLO "\\[integration-0001\\] delivered-within-60s" is removed without being retired. SLOs are protected in Pulumi and deleting one loses its history: first mark it `retired: { reason: ... }` in the inventory in one change, then remove it in a later one.',
    ]);
    assert.ok(md.includes('\n- ❌ **blocked** SLO "\\[integration-0001\\] delivered-within-60s": removed without being retired first'), md);
  });

  it("a blocked budget gate: the verdict says so, and its section comes before the changes and the collapsed plan", () => {
    const review = reviewOf(inventoryOf(edit(["      maxPercent: 5", "      maxPercent: 8"])));
    const exhausted: SloStatus = { integration: "integration-0001", slo: "accepted", objective: 99.9, window: "7d", state: "exhausted", attainment: 99.5, budgetRemaining: -300 };
    const gate = decide({ ...GATE_INPUT, changes: [{ kind: "weakened", rule: "max-percent-raised", integration: "integration-0001", subject: "failure mode api-errors", detail: "maxPercent raised 5 -> 8" }] }, [exhausted]);
    assert.equal(gate.decision, "fail");
    const md = comment(review, { budget: gate, budgetExit: "1" });
    assert.equal(md.split("\n")[1], "**Plan:** ✅ valid · **Error-budget gate:** ❌ blocked: error budget exhausted · **Preview:** ⏳ pending");
    const [gateAt, changesAt, planAt] = ["\n### Error-budget freeze: FAIL: error-budget freeze\n", "\n### Changes against main\n", "\n<details><summary>"].map((s) => md.indexOf(s));
    assert.ok(gateAt > 0 && gateAt < changesAt && changesAt < planAt, `gate ${gateAt}, changes ${changesAt}, plan ${planAt}`);
  });

  it("says the gate did not run when it left no result, and which exit it had", () => {
    const md = comment(reviewOf(BASE), { budget: undefined, budgetExit: "" });
    assert.equal(md.split("\n")[1], "**Plan:** ✅ valid · **Error-budget gate:** ❌ did not run; see the job log · **Preview:** ⏳ pending");
    const none = composeComment({ planExit: "1", withBudget: true, budgetExit: "2", preview: { result: "skipped" } }).body;
    assert.equal(
      none,
      [
        COMMENT_MARKER,
        "**Plan:** ❌ did not run (exit 1); see the job log · **Error-budget gate:** ❌ did not run (exit 2); see the job log · **Preview:** ℹ️ skipped: the tests did not pass",
        "",
        "### Error-budget freeze: did not run",
        "",
        "budget-gate exited 2; see the job log.",
        "",
        "### Changes",
        "",
        "The plan could not be computed (plan exited 1); see the job log.",
        "",
      ].join("\n"),
    );
  });

  describe("the verdict's parts", () => {
    const PREVIEW: [PreviewResult, string | undefined, string][] = [
      ["pending", undefined, "⏳ pending"],
      ["success", "true", "✅ ran"],
      ["success", "false", "ℹ️ skipped: the stack's secrets are not available to this pull request"],
      ["success", "", "ℹ️ skipped: the stack's secrets are not available to this pull request"],
      ["skipped", "", "ℹ️ skipped: the tests did not pass"],
      ["failure", "true", "❌ failed; see the job log"],
      ["cancelled", "", "❌ failed: cancelled before it finished"],
    ];
    for (const [result, ran, words] of PREVIEW) {
      it(`preview ${result}${ran === undefined ? "" : `, ran "${ran}"`}: ${words}`, () => {
        const v = previewVerdict(result, ran);
        assert.equal(`${v.symbol} ${v.words}`, words);
      });
    }

    const GATES: [GateResult, string][] = [
      [PASSED, "✅ pass (nothing needs error budget)"],
      [keysUnavailable({ ...GATE_INPUT, changes: [{ kind: "added", rule: "integration-added", integration: "x", detail: "added" }] }, "no keys", 2), "ℹ️ notice: not checked (no Datadog keys)"],
      [{ ...PASSED, decision: "overridden" }, "⚠️ pass, freeze overridden by label"],
      [{ ...PASSED, decision: "error" }, "❌ blocked: error budgets unreadable"],
    ];
    for (const [gate, words] of GATES) {
      it(`budget gate ${gate.decision}: ${words}`, () => {
        const v = budgetVerdict(gate, "0");
        assert.equal(`${v.symbol} ${v.words}`, words);
      });
    }

    it("plan: failed when it exits non-zero without blocking", () => {
      const v = planVerdict(reviewOf(BASE), "3");
      assert.equal(`${v.symbol} ${v.words}`, "❌ failed (exit 3); see the job log");
    });
  });

  it("a base that could not be read: the warning names the error that stops the comparison", () => {
    const error = "inventory/integrations/integration-0002.yaml:8:8: error: owner: no team is named nope [unknown-reference]";
    const review = reviewOf(BASE, { note: `the inventory at main is invalid: ${error}; compared against nothing, so everything is added.`, error });
    const md = comment(review);
    assert.deepEqual(md.split("\n").slice(1, 7), [
      "**Plan:** ⚠️ valid, but the base could not be read · **Error-budget gate:** ✅ pass (nothing needs error budget) · **Preview:** ⏳ pending",
      "",
      "> [!WARNING]",
      "> **The base main could not be read, so everything is shown as added.** The error that stops it:",
      ">",
      "> inventory/integrations/integration-0002.yaml:8:8: error: owner: no team is named nope \\[unknown-reference\\]",
    ]);
  });

  it("shows handles in code spans, where GitHub pings and links nobody, and keeps injected markdown inert", () => {
    const hostile = "Leads <img src=x> [go](https://evil.example) cc @acme/security @slack-ceo #12";
    // Validation would refuse it (message-injection): given to the renderers directly, as a rule could miss it.
    const now: Inventory = { ...BASE, integrations: BASE.integrations.map((i) => (i.id !== "integration-0001" ? i : { ...i, failureModes: i.failureModes.map((m) => (m.id === "api-errors" ? { ...m, title: hostile } : m)) })) };
    const md = comment(reviewOf(now));
    assert.equal(
      linesFrom(md, "- **failure mode api-errors**", 1)[0],
      '- **failure mode api-errors**: title "CRM API errors" → "Leads \\<img src=x\\> `[go](https://evil.example`) cc `@acme/security` `@slack-ceo` `#12`"',
    );
    // The notified handles the plan lists, in code spans too.
    assert.ok(md.includes("(P2, notifies `@pagerduty-integration-0001`)"), md);
    assert.doesNotMatch(md.replace(/`[^`\n]*`/g, ""), /@|(?<!\\)<img|(?<!\\)\]\(/, "nothing outside a code span mentions, embeds or links");
  });

  it("drops the whole plan from an over-long comment (the job summary keeps it), then cuts at a line", () => {
    const review = reviewOf(inventoryOf(edit(["objective: 99.9", "objective: 99.5"])));
    const padded = (n: number): PlanReview => ({ ...review, plan: { ...review.plan, sections: Array.from({ length: n }, (_, i) => ({ title: `section ${i}`, groups: [{ label: "monitors", lines: ["x".repeat(1000)] }] })) } });
    const long = composeComment({ plan: padded(100), withBudget: false });
    assert.ok(!fitsInComment(long.full) && fitsInComment(long.body));
    assert.ok(long.full.includes("<summary>section 99: 1 resources</summary>"));
    assert.ok(!long.body.includes("<details>"));
    assert.ok(long.body.includes("The whole plan is in this run's job summary"), long.body.slice(-300));
    const huge: PlanReview = { ...review, groups: Array.from({ length: 2000 }, (_, i) => ({ title: `group ${i}`, weakens: [], items: [{ kind: "added" as const, subject: "y".repeat(100), details: [], blocking: false, weakens: [] }] })) };
    const { body: cut, full } = composeComment({ plan: huge, withBudget: false });
    const note = "\n\n… truncated: the whole comment is in this run's job summary.\n";
    assert.ok(fitsInComment(cut) && cut.endsWith(note));
    assert.ok(full.startsWith(cut.slice(0, -note.length)), "the comment is the whole one's first lines");
    assert.ok(full.startsWith(`${cut.slice(0, -note.length)}\n`), "cut between lines, never inside one");
  });

  describe("an invalid inventory, which plan --review writes as its errors", () => {
    /** The fixture's diagnostics after `edit`: it must be invalid. */
    function diagnosticsOf(edit: (f: Fixture) => void) {
      const f = loadFixture();
      edit(f);
      const r = validateFixture(f);
      assert.equal(r.inventory, undefined, "the edit must make the inventory invalid");
      return r.diagnostics;
    }
    const hostileOwner = (f: Fixture) =>
      f.files.set(INTEGRATION, replaceOnce(replaceOnce(f.files.get(INTEGRATION)!, "owner: revenue-operations", "owner: revenue-ops"), "name: Synthetic integration 1", "name: Leads @slack-ceo <img src=x> [go](https://evil.example)"));

    it("blocks the verdict with the error count and lists the first errors, locations in code spans and messages escaped", () => {
      const review = invalidPlanReview("main", diagnosticsOf(hostileOwner));
      const md = composeComment({ plan: review, planExit: "1", withBudget: true, budget: PASSED, budgetExit: "0", preview: { result: "pending" } }).body;
      const n = review.invalid.errors;
      assert.ok(n >= 2, `expected several errors, got ${n}`);
      const lines = md.split("\n");
      assert.deepEqual(lines.slice(0, 5), [
        COMMENT_MARKER,
        `**Plan:** ❌ blocked: ${n} errors in the inventory · **Error-budget gate:** ✅ pass (nothing needs error budget) · **Preview:** ⏳ pending`,
        "",
        "> [!CAUTION]",
        `> **The inventory is invalid, so nothing was planned.** \`npm run check\` reports ${n} errors:`,
      ]);
      const listed = lines.filter((l) => l.startsWith("> - "));
      assert.equal(listed.length, n);
      assert.ok(listed.every((l) => l.startsWith(`> - \`${INTEGRATION}:`)), listed.join("\n"));
      assert.ok(listed.some((l) => l.includes("there is no team") && l.endsWith("\\[unresolved-reference\\]")), listed.join("\n"));
      assert.doesNotMatch(md.replace(/`[^`\n]*`/g, ""), /@|(?<!\\)<img|(?<!\\)\]\(/, "nothing outside a code span mentions, embeds or links");
      assert.ok(md.includes("### Error-budget freeze"), "the gate's section follows");
      assert.ok(!md.includes("### Changes") && !md.includes("did not run"), "no plan section, and not mistaken for a crash");
    });

    it("names one error in the singular, and counts those beyond the first ten", () => {
      const one = invalidPlanReview("main", diagnosticsOf((f) => f.files.set(INTEGRATION, replaceOnce(f.files.get(INTEGRATION)!, "owner: revenue-operations", "owner: revenue-ops"))));
      const v = planVerdict(one, "1");
      assert.equal(`${v.symbol} ${v.words}`, "❌ blocked: 1 error in the inventory");
      const many = diagnosticsOf((f) => {
        let text = f.files.get(INTEGRATION)!;
        for (const id of ["field-deprecated", "api-errors", "silent", "rate-limit"]) text = text.replace(`  - id: ${id}\n`, `  - id: ${id}\n    color: red\n    size: 2\n    shape: round\n`);
        f.files.set(INTEGRATION, text);
      });
      const review = invalidPlanReview("main", many);
      assert.ok(review.invalid.errors > SHOWN_ERRORS, `${review.invalid.errors} errors`);
      assert.equal(review.invalid.shown.length, SHOWN_ERRORS);
      const md = composeComment({ plan: review, planExit: "1", withBudget: false }).body;
      assert.equal(md.split("\n").filter((l) => l.startsWith("> - ")).at(-1), `> - … and ${review.invalid.errors - SHOWN_ERRORS} more; \`npm run check\` lists them all.`);
    });
  });

  it("refuses a review file of another version, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "pr-comment-"));
    try {
      const file = join(dir, "review.json");
      writeFileSync(file, JSON.stringify({ version: PLAN_REVIEW_VERSION + 1 }));
      assert.throws(() => readPlanReview(file), new RegExp(`review\\.json is not a plan review of version ${PLAN_REVIEW_VERSION} \\(version ${PLAN_REVIEW_VERSION + 1}\\)`));
      assert.equal(readPlanReview(join(dir, "absent.json")), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("PR comment: plan --review and pr-comment on a git repository", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: repo, stdio: "pipe" });
  const file = (path: string) => join(repo, path);

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "pr-comment-repo-"));
    git("init", "-q");
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) cpSync(join(REPO, f), file(f));
    for (const dir of ["inventory", "runbooks"]) cpSync(join(REPO, "test", "fixtures", "valid", dir), file(dir), { recursive: true });
    // The base: a TODO (a gap in prose, tolerated at a base) sorted before an unknown owner (which stops the comparison).
    const edit = (path: string, from: string, to: string) => writeFileSync(file(path), replaceOnce(readFileSync(file(path), "utf8"), from, to));
    edit(INTEGRATION, "description: Web form leads for region 1", "description: TODO Web form leads for region 1");
    edit("inventory/integrations/integration-0002.yaml", "owner: growth-engineering", "owner: growth-engineers");
    git("add", "-A");
    git("commit", "-qm", "unreadable base");
    for (const dir of ["inventory", "runbooks"]) cpSync(join(REPO, "test", "fixtures", "valid", dir), file(dir), { recursive: true });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("names the error that stops the base, not the first diagnostic, in the plan and the comment", () => {
    const plan = runCli("cli/plan.ts", ["--base", "HEAD", "--inventory", "inventory", "--runbooks", "runbooks", "--review", "review.json"], repo);
    assert.equal(plan.status, 0, plan.stderr);
    const error = /Note: the inventory at HEAD is invalid: (inventory\/integrations\/integration-0002\.yaml:\d+:\d+: error: [^\n]*\[[a-z-]+\]); compared against nothing, so everything is added\.\n/.exec(plan.stdout)?.[1];
    assert.ok(error, plan.stdout.slice(0, 2000));
    assert.ok(!plan.stdout.includes("[placeholder]"), "the tolerated TODO is not what is named");
    const r = runCli("cli/prComment.ts", ["--plan", "review.json", "--plan-exit", "0", "--budget", "budget.json", "--budget-exit", "", "--preview", "success", "--preview-ran", "false", "--out", "comment.md", "--summary", "full.md"], repo);
    assert.equal(r.status, 0, r.stderr);
    const md = readFileSync(file("comment.md"), "utf8");
    const verdict = "**Plan:** ⚠️ valid, but the base could not be read · **Error-budget gate:** ❌ did not run; see the job log · **Preview:** ℹ️ skipped: the stack's secrets are not available to this pull request";
    assert.equal(r.stdout, `${verdict}\n`);
    assert.deepEqual(md.split("\n").slice(0, 7), [COMMENT_MARKER, verdict, "", "> [!WARNING]", "> **The base HEAD could not be read, so everything is shown as added.** The error that stops it:", ">", `> ${error.replace(/[[\]]/g, "\\$&")}`]);
    assert.ok(readFileSync(file("full.md"), "utf8").startsWith(md.slice(0, 200)));
  });

  it("an invalid inventory: plan exits 1 but writes its errors, redacted, and the comment says blocked, not did not run", () => {
    cpSync(file("inventory"), file("invalid-inventory"), { recursive: true });
    const path = join("invalid-inventory", "integrations", "integration-0001.yaml");
    const text = readFileSync(file(path), "utf8");
    writeFileSync(file(path), replaceOnce(replaceOnce(text, "owner: revenue-operations", "owner: revenue-ops"), "name: Synthetic integration 1", `name: Synthetic integration 1 ${FAKE.stripeSecretKey}`));
    const plan = runCli("cli/plan.ts", ["--base", "HEAD", "--inventory", "invalid-inventory", "--runbooks", "runbooks", "--review", "invalid-review.json"], repo);
    assert.equal(plan.status, 1, plan.stderr);
    const written = readFileSync(file("invalid-review.json"), "utf8");
    assert.ok(!written.includes(FAKE.stripeSecretKey), "the secret stays out of the review, as out of check's output");
    const review = readPlanReview(file("invalid-review.json"));
    assert.deepEqual(review && "invalid" in review && review.invalid.errors, 2);
    const r = runCli("cli/prComment.ts", ["--plan", "invalid-review.json", "--plan-exit", "1", "--budget-exit", "1", "--preview", "pending", "--out", "invalid-comment.md"], repo);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "**Plan:** ❌ blocked: 2 errors in the inventory · **Error-budget gate:** ❌ did not run (exit 1); see the job log · **Preview:** ⏳ pending\n");
    const md = readFileSync(file("invalid-comment.md"), "utf8");
    assert.match(md, /^> - `invalid-inventory\/integrations\/integration-0001\.yaml:8:8` there is no team "revenue-ops"/m);
    assert.match(md, /^> - `invalid-inventory\/integrations\/integration-0001\.yaml:5:31` name: contains what looks like a Stripe secret key/m);
  });

  it("pr-comment: a bad --preview is a usage error; no --out, nothing written", () => {
    const bad = runCli("cli/prComment.ts", ["--out", "x.md", "--preview", "done"], repo);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^pr-comment: --preview must be one of pending, success, failure, cancelled, skipped, not "done"\n/);
    assert.equal(existsSync(file("x.md")), false);
    assert.equal(runCli("cli/prComment.ts", [], repo).status, 2);
  });
});
