/**
 * Issue 11, class 2: strings from a pull request never change the markdown around them. The
 * plan comment (with and without --base changes), the budget gate's comment and the weekly
 * report are rendered twice, once with a plain phrase in every free-text field and once with
 * a hostile one, and parsed with marked's lexer: the block structure, the headings, the HTML
 * tags and the inline markup must be the template's, no @mention or #reference may sit outside
 * a code span, and the hostile text must still read as the characters it holds.
 *
 * The renderers are fed hostile values directly (not through `check`), so the escaping holds
 * for fields validation allows as much as for those it would reject.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { marked, type Token, type Tokens } from "marked";
import type { Inventory } from "../../compiler/model";
import { describeChanges } from "../../compiler/plan/describeChanges";
import { diffPlans, resourceKey } from "../../compiler/plan/diffPlans";
import { codeSpan, htmlText, inlineText } from "../../compiler/plan/markdown";
import { plannedResources, type PlannedResource } from "../../compiler/plan/plannedResource";
import { renderMarkdown as planMarkdown } from "../../compiler/plan/renderPlan";
import { composeComment } from "../../ops/prComment/compose";
import { buildPlanReview } from "../../ops/prComment/planReview";
import { SLO } from "../../compiler/lower/slos";
import { relevantChanges } from "../../ops/budget/changes";
import { apiFailure, decide, keysUnavailable, type GateResult } from "../../ops/budget/decide";
import { renderMarkdown as gateMarkdown } from "../../ops/budget/render";
import type { SloStatus } from "../../ops/budget/sloStatus";
import type { Report } from "../../ops/report/build";
import { renderMarkdown as reportMarkdown } from "../../ops/report/renderMarkdown";
import { sharedSample } from "../support/sampleState";
import { memo } from "../support/memo";

const PLAIN = "plain words";

/** One row per kind of injection; each is also tried as part of every other field. */
const HOSTILE: readonly [string, string][] = [
  ["a heading and a team mention", "\n\n# Reliability review: APPROVED\n\nAll checks passed. cc @acme/security-team"],
  ["Datadog handles and a template block", "@pagerduty-web-lead-form-to-crm @slack-ceo-office @all {{/is_alert}}"],
  ["HTML", '<img src=x onerror="alert(1)"> <script>alert(1)</script> <b>bold</b>'],
  ["a closing summary and details", "</summary></details><details open><summary>"],
  ["links and images", "[click](javascript:alert(1)) ![x](https://evil.example/x.png) [ref]: https://evil.example"],
  ["autolinks", "https://evil.example www.evil.example mail@evil.example <https://evil.example>"],
  ["issue references", "#1 GH-2 acme/repo#3 closes #4"],
  ["entities", "&#64;acme/team &commat;x &lt;b&gt; &amp; &#10;"],
  ["a code fence", "```\n</details>\n```"],
  ["backticks", "`` ` ``` `tick` `"],
  ["table pipes", "a | b || c \\| d"],
  ["block starts", "- item\n1. one\n> quote\n---\n===\n    indented\n| x |\n|---|"],
  ["emphasis, strikethrough, math", "*em* **strong** _u_ ~~del~~ $\\color{red}{APPROVED}$ $$x$$"],
  ["line breaks", "two  \nlines\\\nthree\r\nfour\rfive\u2028six"],
  ["control and bidi characters", "\u202eevil\u2066 nul\u0000 bell\u0007"],
  ["a leading list marker", "- 1. + = * #"],
];

/** Characters the tests expect to survive: what `oneLine` in markdown.ts keeps. */
const oneLine = (s: string) => s.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "\ufffd").replace(/\s+/g, " ").trim();

// ---- the shape of a markdown document, as GitHub would see it -----------------------------

/** Leaves that carry only characters: where injected text must end up. */
const LEAVES = new Set(["text", "escape", "codespan"]);

function children(t: Token): Token[] {
  const out: Token[] = [];
  const any = t as Token & { tokens?: Token[]; items?: Token[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][] };
  if (any.tokens) out.push(...any.tokens);
  if (any.items) out.push(...any.items);
  if (any.header) out.push(...any.header.map((c) => ({ type: "cell", raw: "", tokens: c.tokens }) as unknown as Token));
  if (any.rows) for (const row of any.rows) out.push({ type: "row", raw: "", tokens: row.map((c) => ({ type: "cell", raw: "", tokens: c.tokens })) } as unknown as Token);
  return out;
}

/** Which tags raw HTML holds, so `<details><summary>` is the template's and `<img>` is not (`<code>`: markdown.ts's, as the text needs). */
const tags = (html: string) => [...new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()))].filter((t) => t !== "code").sort().join(",");

/** Every token but the character leaves, with what makes it structure: depth, list size, table size, tags. */
function shape(tokens: readonly Token[]): unknown[] {
  return tokens
    .filter((t) => !(LEAVES.has(t.type) && !(t as { tokens?: unknown }).tokens))
    .map((t) => {
      const extra =
        t.type === "heading" ? `h${(t as Tokens.Heading).depth}` :
        t.type === "list" ? `${(t as Tokens.List).ordered ? "ol" : "ul"}${(t as Tokens.List).items.length}` :
        t.type === "table" ? `${(t as Tokens.Table).header.length}x${(t as Tokens.Table).rows.length}` :
        t.type === "html" ? tags((t as Tokens.HTML).text) : "";
      const inner = shape(children(t));
      return inner.length ? [t.type, extra, inner] : [t.type, extra];
    });
}

/** Text GitHub would scan for mentions and references: leaves outside code spans, and HTML outside `<code>`. */
function linkableText(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t) => {
    if (t.type === "codespan") return [];
    if (t.type === "html") return [(t as Tokens.HTML).text.replace(/<code>[^]*?<\/code>/g, "")];
    const kids = children(t);
    if (kids.length) return linkableText(kids);
    return LEAVES.has(t.type) ? [(t as Tokens.Text).text] : [];
  });
}

/** What a reader sees: the HTML marked renders, without tags, entities decoded, spaces collapsed. */
function visibleText(md: string): string {
  const html = marked.parse(md, { async: false });
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return html.replace(/<[^>]*>/g, " ").replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => entities[e]).replace(/\s+/g, " ");
}

/**
 * `hostile` renders with exactly the structure of `plain`, mentions nobody, and still shows `text`.
 * Mentions and references: GitHub links `@name`, `@org/team`, `#1` and `GH-1` in any text node but code.
 */
function assertInert(plain: string, hostile: string, text: string): void {
  const [a, b] = [marked.lexer(plain), marked.lexer(hostile)];
  assert.deepEqual(shape(b), shape(a), "block structure, headings, HTML tags and inline markup are the template's");
  for (const s of linkableText(b)) {
    assert.ok(!/@/.test(s), `an @ outside a code span: ${JSON.stringify(s)}`);
    assert.ok(!/#\d|GH-\d/i.test(s), `a reference outside a code span: ${JSON.stringify(s)}`);
    assert.ok(!/:\/\/[\w-]|www\.[\w-]/i.test(s), `an autolink outside a code span: ${JSON.stringify(s)}`);
  }
  assert.ok(!/[\u0000-\u0008\u000e-\u001f\u202a-\u202e\u2066-\u2069]/.test(hostile), "no control or bidi characters");
  assert.ok(visibleText(hostile).includes(oneLine(text)), `shows ${JSON.stringify(oneLine(text))}`);
}

// ---- hostile values in each renderer's input ----------------------------------------------

/** The sample plan's resources with `x` in every free-text input the plan describes. */
function poisonPlan(resources: readonly PlannedResource[], x: string): PlannedResource[] {
  return resources.map((r) => {
    const inputs: Record<string, unknown> = { ...r.inputs };
    for (const key of ["name", "description"]) if (typeof inputs[key] === "string") inputs[key] = `${inputs[key]} ${x}`;
    if (typeof inputs.message === "string") inputs.message = `${inputs.message}\n${x}`;
    return { ...r, inputs };
  });
}

/** The inventory with `x` in integration names and owners (the plan's group titles). */
function poisonInventory(inventory: Inventory, x: string): Inventory {
  return { ...inventory, integrations: inventory.integrations.map((i) => ({ ...i, name: `${i.name} ${x}`, owner: `${i.owner} ${x}` })) };
}

describe("hostile input: markdown of the plan, the budget gate and the report (issue 11, class 2)", () => {
  // Made inside each test, not in a before hook (support/memo.ts says why).
  const inventory = sharedSample.inventory;
  const resources = memo(() => plannedResources(sharedSample.state()));

  /** The plan comment with a --base section: every kind of change, each carrying `x`. */
  function planComment(x: string): string {
    const base = poisonPlan(resources(), x);
    const slo = base.find((r) => r.type === SLO)!;
    const [renamed, ...rest] = poisonPlan(resources(), `${x}\n${x}`).filter((r) => r !== slo && r.name !== slo.name);
    const current = [...rest, { ...renamed, name: `${renamed.name}-renamed` }, { ...renamed, name: `${renamed.name}-added` }];
    const changes = diffPlans(base, current, {
      aliases: new Map([[resourceKey(renamed.type, `${renamed.name}-renamed`), [renamed.name]]]),
      protectedAtBase: new Set([resourceKey(slo.type, slo.name)]),
    });
    const gone = { ...inventory().integrations[0], id: "gone-integration", name: `gone ${x}` };
    const now = poisonInventory(inventory(), x);
    // At the base, the first failure mode had another title: an inventory edit with its resource changes folded under it.
    const [first, ...others] = now.integrations;
    const edited = { ...first!, failureModes: first!.failureModes.map((m, n) => (n ? m : { ...m, title: `was ${x}` })) };
    const baseInventory = { ...now, integrations: [edited, ...others, gone] };
    const ref = `main ${x}`;
    const report = describeChanges(changes, { ref, inventory: now, baseInventory, baseNote: `the base ${x}` });
    assert.ok(report.blocking, "the removed SLO blocks, so the caution block is rendered too");
    const review = buildPlanReview({ ref, report, inventory: now, baseInventory, baseNote: `the base ${x}`, baseError: `inventory/${x}.yaml:1:1: error: ${x} [schema]`, resources: current });
    assert.ok(review.groups.some((g) => g.items.some((i) => "cause" in i)), "a cause is rendered");
    return composeComment({ plan: review, withBudget: true, budgetExit: x, preview: { result: "pending" } }).full;
  }

  function gateComments(x: string): string[] {
    const retired = { ...inventory(), integrations: inventory().integrations.map((i, n) => (n ? i : { ...i, slos: i.slos.map((s) => ({ ...s, retired: { reason: x } })) })) };
    const changes = [...relevantChanges(inventory(), retired), { kind: "weakened" as const, rule: "slo-removed" as const, integration: `web ${x}`, subject: `SLO ${x}`, detail: x }];
    // The scope sentence names integrations and teams (budget-gate scope, issue 14).
    const scope = { mode: "team" as const, touched: [{ integration: `web ${x}`, reasons: ["runbook" as const] }], teams: [`team ${x}`], considered: 1, outOfScope: 0 };
    const input = { base: `main ${x}`, override: false, changes, baseNote: `no inventory ${x}`, scope, on: "pull-request" as const };
    const status = (state: SloStatus["state"], note?: string): SloStatus => ({ integration: `web ${x}`, slo: `slo ${x}`, objective: 99.5, window: "30d", state, attainment: 99.1, budgetRemaining: -80, note });
    const results: GateResult[] = [decide(input, [status("healthy")]), decide(input, [status("exhausted"), status("unknown", `not found ${x}`)]), decide({ ...input, override: true }, [status("missing", x)]), apiFailure(input, `HTTP 500 ${x}`), keysUnavailable(input, `keys ${x}`, 1)];
    return results.map(gateMarkdown);
  }

  function weeklyReport(x: string): string {
    const row = { slo: `slo ${x}`, objective: 99.5, window: "30d" as const, attainment: 99.1, consumed: 60, remaining: -20, burn: 2, previousBurn: 1, trend: "faster" as const, weekly: [99.1, null] };
    const missing = { ...row, missing: `not in Datadog ${x}`, attainment: null, consumed: null, remaining: null, trend: "unknown" as const };
    const pages = {
      rotations: [{ rotation: `primary ${x}`, name: `Primary ${x}`, pages: 3, highUrgency: 1, perWeek: [1, 2], byIntegration: [{ integration: `web ${x}`, pages: 3 }] }],
      unmapped: [{ service: `Website ${x}`, pages: 1 }],
    };
    const report: Report = {
      week: "2026-W47",
      from: "2026-11-16",
      to: "2026-11-23",
      environment: `prod ${x}`,
      integrations: [{ id: `web ${x}`, name: `Web leads ${x}`, rank: 1, usdPerHour: 5900, slos: [row, missing] }, { id: `ads ${x}`, name: `Ads ${x}`, rank: 2, usdPerHour: 100, slos: [] }],
      pages,
      gaps: [{ integration: `ads ${x}`, name: `Ads ${x}`, problems: [`no SLO ${x}`, `runbook ads.md: ${x}`] }],
      quarter: {
        weeks: ["2026-W46", "2026-W47"],
        rows: [
          { integration: `web ${x}`, slo: `slo ${x}`, objective: 99.5, window: "30d", weekly: [99.1, null], worst: { week: "2026-W46", attainment: 99.1 }, consumed: 120, weeksWithoutData: 1 },
          { integration: `ads ${x}`, slo: `slo ${x}`, objective: 99, window: "7d", missing: `no data ${x}`, weekly: [], worst: null, consumed: null, weeksWithoutData: 2 },
        ],
        pages,
      },
    };
    return reportMarkdown(report, { week: "2026-W47.svg", quarter: "2026-W47-quarter.svg" });
  }

  for (const [what, x] of HOSTILE) {
    describe(what, () => {
      it("in the plan comment and its --base changes", () => assertInert(planComment(PLAIN), planComment(x), x));
      it("in the budget gate's comment, in each decision", () => {
        const [plain, hostile] = [gateComments(PLAIN), gateComments(x)];
        plain.forEach((p, i) => assertInert(p, hostile[i], x));
      });
      it("in the weekly report", () => assertInert(weeklyReport(PLAIN), weeklyReport(x), x));
    });
  }

  it("shows Datadog handles in code spans, where GitHub mentions nobody", () => {
    const md = planMarkdown(resources(), inventory());
    assert.ok(md.includes("(P1, notifies `@pagerduty-web-lead-form-to-crm`)"), md.slice(0, 800));
    assert.ok(md.includes("- Datadog route `@pagerduty-web-lead-form-to-crm`"));
    assert.match(md, /<summary><code>#1<\/code> web-lead-form-to-crm: Web lead forms to HubSpot and Salesforce \(\$5,900\/h, tier 1, owner growth-engineering\): \d+ resources<\/summary>/);
    assertInert(md, md, "");
  });
});

describe("markdown escaping: codeSpan, inlineText, htmlText", () => {
  const ROWS: [string, string, string][] = [
    // [input, inlineText, codeSpan]
    ["plain words", "plain words", "`plain words`"],
    ["@acme/team", "`@acme/team`", "`@acme/team`"],
    ["(notifies @slack-x)", "(notifies `@slack-x`)", "`(notifies @slack-x)`"],
    ["#1 web", "`#1` web", "`#1 web`"],
    ["a|b", "a\\|b", "`a`\\|`b`"],
    ["`tick`", "\\`tick\\`", "`` `tick` ``"],
    ["a ``` b", "a \\`\\`\\` b", "````a ``` b````"],
    ["<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>", "`<b>&amp;</b>`"],
    ["[x](y) ![i](j)", "\\[x\\](y) \\!\\[i\\](j)", "`[x](y) ![i](j)`"],
    ["# Heading\n\nnext", "`#` Heading next", "`# Heading next`"],
    ["- item", "\\- item", "`- item`"],
    ["1. one", "1\\. one", "`1. one`"],
    ["$5 ~x~ *y* _z_", "\\$5 \\~x\\~ \\*y\\* \\_z\\_", "`$5 ~x~ *y* _z_`"],
    ["https://x.example/a_b", "`https://x.example/a_b`", "`https://x.example/a_b`"],
    ["https://<ingress Function URL>/hooks", "https://\\<ingress Function URL\\>/hooks", "`https://<ingress Function URL>/hooks`"],
    ["", "", ""],
  ];
  for (const [input, text, code] of ROWS) {
    it(JSON.stringify(input), () => {
      assert.equal(inlineText(input), text);
      assert.equal(codeSpan(input), code);
    });
  }

  it("keeps HTML and mentions inert inside a raw HTML block", () => {
    assert.equal(htmlText(`#1 x: <img src=x> & "q" @acme/team\n# h`), "<code>#1</code> x: &lt;img src=x&gt; &amp; &quot;q&quot; <code>@acme/team</code> <code>#</code> h");
  });

  /** Strings rich in markdown's and GitHub's special characters, plus any Unicode. */
  const special = fc.constantFrom(..."#@<>&|`*_[]()!$~\\:/-+=.0123456789 \n\r\t\u2028\u202e".split(""), "www.", "://", "GH-1", "```", "{{", "}}");
  const hostileString = fc.array(fc.oneof(special, fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 30 }).map((parts) => parts.join(""));

  it("property: any string in a list item, a table cell, a bold title or a summary leaves the template's structure", () => {
    const template = (x: string) =>
      [
        "## Title",
        "",
        `<details><summary>${htmlText(x)}: 2 resources</summary>`,
        "",
        `**title: ${inlineText(x)} (rank 1)**`,
        "",
        `- ${inlineText(x)} (P1, notifies ${codeSpan(x)})`,
        `- ${codeSpan(x)} (id)`,
        "",
        "| a | b | c |",
        "| --- | --- | ---: |",
        `| ${inlineText(x)} | ${codeSpan(x)} | 1 |`,
        "",
        "</details>",
        "",
      ].join("\n");
    fc.assert(
      fc.property(hostileString, (x) => {
        assertInert(template(PLAIN), template(x), "");
        const rows = (marked.lexer(template(x)).find((t) => t.type === "table") as Tokens.Table).rows;
        assert.equal(rows[0][2].text, "1", "the last cell is still the template's");
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
