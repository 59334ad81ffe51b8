/**
 * new-integration, end to end: one `check` lists every TODO of a fresh scaffold (the YAML's and
 * the runbook's), one round of filling them in passes, and what each scaffold variant
 * (--tier, --response) says it creates is what lowering creates.
 */
import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderTemplate, SCAFFOLD_DEFAULTS, SCAFFOLD_RESPONSES, SCAFFOLD_TIERS, scaffoldBurnAlerts, type ScaffoldOptions } from "../cli/integrationScaffold";
import { formatDiagnostic } from "../compiler/diagnostics";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { integrationOfName, names } from "../compiler/lower/names";
import { plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { REPO, runCli } from "./support/runCli";
import { sampleSettings } from "./support/sampleState";

const ID = "webinar-signups";
const YAML = `inventory/integrations/${ID}.yaml`;
const RUNBOOK = `runbooks/${ID}.md`;
const TITLE = "Signups stop arriving";
const template = (name: string) => readFileSync(join(REPO, "templates", name), "utf8");

/** What a person writes over the YAML's TODOs, each replaced once (the fixture's teams, rotations and systems). */
const YAML_ANSWERS: readonly (readonly [string, string])[] = [
  ["name: TODO human-readable name", "name: Webinar signups"],
  ["description: TODO what flows from where to where, and who relies on it", "description: Webinar registrations from Webflow forms reach HubSpot."],
  ["owner: TODO", "owner: growth-engineering"],
  ["rotation: TODO", "rotation: growth-engineering-primary"],
  ["usdPerHour: TODO", "usdPerHour: 120"],
  ["basis: TODO how the figure above was estimated", "basis: Registrations per hour times attendance times pipeline value."],
  ["upstream: [TODO]", "upstream: [webflow-forms]"],
  ["downstream: [TODO]", "downstream: [hubspot]"],
  ["  - id: TODO\n    description: TODO what a good event is, in words", "  - id: signup-delivered\n    description: Registrations that reach HubSpot."],
  ["good: TODO", "good: sum:webinar.signups{status:delivered}.as_count()"],
  ["total: TODO", "total: sum:webinar.signups{*}.as_count()"],
  ["  - id: TODO\n    title: TODO", `  - id: signups-stop\n    title: ${TITLE}`],
  ["query: TODO", "query: sum:webinar.signups{*}.as_count()"],
];

function fillYaml(text: string): string {
  return YAML_ANSWERS.reduce((t, [from, to]) => replaceOnce(t, from, to), text);
}

/** The runbook's TODO paragraphs become prose; its failure-mode heading becomes the failure mode's title. */
function fillRunbook(text: string): string {
  return text
    .split("\n\n")
    .map((block) => (block.startsWith("### TODO") ? `### ${TITLE}` : block.startsWith("TODO") ? "Written by the owning team." : block))
    .join("\n\n");
}

/** Where every TODO a person must replace is: each outside a YAML comment, by line and column. */
function todoPositions(file: string, text: string, yaml: boolean): string[] {
  return text.split("\n").flatMap((line, i) =>
    [...line.matchAll(/\bTODO\b/g)].filter((m) => !yaml || !line.slice(0, m.index).includes("#")).map((m) => `${file}:${i + 1}:${m.index + 1}`),
  );
}

describe("new-integration: every TODO in one round of check", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "new-integration-"));
    cpSync(join(REPO, "test", "fixtures", "valid"), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const check = () => runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir);

  it("reports the YAML's TODOs and the runbook's, with positions, in the first check; one round of answers passes", () => {
    const made = runCli("cli/newIntegration.ts", [ID, "--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(made.status, 0, made.stderr);
    const [yaml, runbook] = [YAML, RUNBOOK].map((f) => readFileSync(join(dir, f), "utf8"));

    const first = check();
    assert.equal(first.status, 1);
    const lines = first.stdout.trimEnd().split("\n");
    const scaffold = lines.filter((l) => l.startsWith(YAML) || l.startsWith(RUNBOOK));
    // Nothing but the scaffold is reported, and every TODO of both files is, at its own position.
    assert.equal(scaffold.length, lines.length - 1, first.stdout);
    assert.deepEqual(
      scaffold.map((l) => l.replace(/: error: .*\[(placeholder|runbook-placeholder)\]$/, ":$1")),
      [...todoPositions(YAML, yaml, true).map((p) => `${p}:placeholder`), ...todoPositions(RUNBOOK, runbook, false).map((p) => `${p}:runbook-placeholder`)],
    );
    assert.ok(scaffold.some((l) => /^runbooks\/webinar-signups\.md:\d+:5: error: the scaffold's placeholder TODO is still here; replace it with the real content \[runbook-placeholder\]$/.test(l)), "the failure-mode heading's TODO");
    assert.equal(lines.at(-1), `${scaffold.length} error(s), 0 warning(s)`);

    writeFileSync(join(dir, YAML), fillYaml(yaml));
    writeFileSync(join(dir, RUNBOOK), fillRunbook(runbook));
    const second = check();
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^0 error\(s\), 0 warning\(s\), 7 integrations$/m);
  });

  it("explains a bad --tier or --response in one line with the usage, and writes nothing", () => {
    const tier = runCli("cli/newIntegration.ts", [ID, "--tier", "0", "--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(tier.status, 2);
    assert.match(tier.stderr, /^new-integration: --tier must be 1 \(revenue-critical\), 2 \(important\) or 3 \(supporting\), not "0"\nusage: npm run new-integration -- <id> \[--tier 1\|2\|3\] \[--response ticket\|page\]/);
    const response = runCli("cli/newIntegration.ts", [ID, "--response", "pager", "--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(response.status, 2);
    assert.match(response.stderr, /^new-integration: --response must be ticket \(the team's chat channel\) or page \(PagerDuty\), not "pager"\n/);
    assert.ok(![YAML, RUNBOOK].some((f) => existsSync(join(dir, f))), "nothing was written");
  });
});

describe("new-integration: a shape-invalid integration's runbook is checked in the same round", () => {
  /** The fixture with a fresh default scaffold in memory. */
  function withScaffold(edit: (yaml: string) => string = (y) => y, runbook?: string): Fixture {
    const f = loadFixture();
    const options: ScaffoldOptions = { id: ID, ...SCAFFOLD_DEFAULTS };
    f.files.set(YAML, edit(renderTemplate(template("integration.yaml"), options)));
    if (runbook !== undefined) f.runbooks.set(runbook, renderTemplate(template("runbook.md"), options));
    return f;
  }
  const rulesOf = (f: Fixture) => validateFixture(f).diagnostics.filter((d) => d.file === YAML || d.file === RUNBOOK || d.file.startsWith("runbooks/"));

  it("reports a missing runbook together with the YAML's TODOs, at the id", () => {
    const f = withScaffold();
    const found = rulesOf(f).filter((d) => d.rule !== "placeholder").map(formatDiagnostic);
    assert.deepEqual(found, [`${YAML}:${lineOf(f.files.get(YAML)!, "id: ")}:5: error: there is no runbook ${ID}.md in the runbooks folder; create it with "npm run new-integration -- ${ID}" or fix the path [runbook-missing]`]);
  });

  it("follows the draft's own runbook: path, and reports a section it lacks at that field", () => {
    const f = withScaffold((y) => replaceOnce(y, `id: ${ID}\n`, `id: ${ID}\nrunbook: team/webinars.md\n`), "team/webinars.md");
    f.runbooks.set("team/webinars.md", f.runbooks.get("team/webinars.md")!.replace("## Diagnosis\n\nTODO commands and queries, in the order to run them.\n\n", ""));
    const found = rulesOf(f).filter((d) => d.rule !== "placeholder");
    assert.equal(found.filter((d) => d.rule === "runbook-placeholder" && d.file === "runbooks/team/webinars.md").length, 6);
    assert.deepEqual(found.filter((d) => d.rule !== "runbook-placeholder").map(formatDiagnostic), [
      `${YAML}:${lineOf(f.files.get(YAML)!, "runbook: ")}:10: error: runbook runbooks/team/webinars.md has no "## Diagnosis" section; every runbook answers the same six questions (see the README) [runbook-section-missing]`,
    ]);
  });

  it("reports a secret pasted into the draft's runbook, without repeating it", () => {
    const f = withScaffold(undefined, `${ID}.md`);
    const key = ["sk", "live", "51HvQ2eZvKYlo2C0aBcDeFgHiJkLmNoP"].join("_");
    f.runbooks.set(`${ID}.md`, f.runbooks.get(`${ID}.md`)!.replace("TODO commands and queries", `curl -u ${key}: https://api.stripe.com/v1/charges`));
    const found = rulesOf(f).filter((d) => d.rule === "literal-secret");
    assert.equal(found.length, 1);
    assert.equal(found[0].file, RUNBOOK);
    assert.ok(!JSON.stringify(validateFixture(f).diagnostics).includes(key));
  });

  it("checks a runbook once when a valid file already has the id", () => {
    const f = withScaffold((y) => y.replace(`id: ${ID}`, "id: integration-0001"));
    const found = validateFixture(f).diagnostics.filter((d) => d.file.startsWith("runbooks/"));
    assert.deepEqual(found, []);
  });

  it("leaves alone a draft whose id or runbook path is itself wrong (its schema error says why)", () => {
    for (const edit of [(y: string) => y.replace(`id: ${ID}`, "id: Webinar_Signups"), (y: string) => replaceOnce(y, `id: ${ID}\n`, `id: ${ID}\nrunbook: "  "\n`)]) {
      const found = rulesOf(withScaffold(edit)).filter((d) => d.rule !== "placeholder");
      assert.ok(found.length > 0 && found.every((d) => d.file === YAML && d.rule === "schema"), found.map(formatDiagnostic).join("\n"));
    }
  });
});

function lineOf(text: string, start: string): number {
  return text.split("\n").findIndex((l) => l.startsWith(start)) + 1;
}

/**
 * What each variant declares, restated from README ("What the program creates", burn-rate table):
 * a ticket-only integration pages from nothing; a paging one pages from its failure mode and from
 * the burn-rate tiers its integration tier pages on.
 */
const PAGED_BURN_TIERS: Record<1 | 2 | 3, readonly string[]> = { 1: ["fast", "medium"], 2: ["fast"], 3: [] };

describe("new-integration: each scaffold variant creates what it declares", () => {
  const settings = sampleSettings();
  const variants = SCAFFOLD_TIERS.flatMap((tier) => SCAFFOLD_RESPONSES.map((response): ScaffoldOptions => ({ id: ID, tier, response })));

  /** The variant scaffolded, filled in, validated and lowered: the integration's own resources. */
  function lowered(options: ScaffoldOptions): { yaml: string; resources: PlannedResource[] } {
    const f = loadFixture();
    const yaml = renderTemplate(template("integration.yaml"), options);
    f.files.set(YAML, fillYaml(yaml));
    f.runbooks.set(`${ID}.md`, fillRunbook(renderTemplate(template("runbook.md"), options)));
    const result = validateFixture(f);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const resources = plannedResources(lowerInventory(result.inventory!, settings)).filter((r) => integrationOfName(r.name) === ID);
    return { yaml, resources };
  }
  const burnResponses = (resources: readonly PlannedResource[]) =>
    Object.fromEntries(["fast", "medium", "slow"].map((tier) => [tier, (resources.find((r) => r.name === names.burnAlert(ID, "signup-delivered", tier))!.inputs.tags as string[]).find((t) => t.startsWith("response:"))!.slice("response:".length)]));

  it("defaults to tier 3, ticket-only", () => {
    assert.deepEqual(SCAFFOLD_DEFAULTS, { tier: 3, response: "ticket" });
  });

  for (const options of variants) {
    it(`tier ${options.tier}, response ${options.response}`, () => {
      const { yaml, resources } = lowered(options);
      const text = JSON.stringify(resources);
      const pagingResources = resources.filter((r) => r.type.startsWith("pagerduty:") || r.type.startsWith("datadog:pagerduty/"));
      const burn = burnResponses(resources);
      const monitor = resources.find((r) => r.name === names.monitor(ID, "signups-stop"))!;
      if (options.response === "ticket") {
        assert.match(yaml, /^# Scaffolded ticket-only: .*nothing pages, and no PagerDuty service is created\.$/m);
        assert.deepEqual(pagingResources, []);
        assert.ok(!text.includes(`@pagerduty-${ID}`) && !text.includes(names.pagerdutyService(ID)) && !text.includes("response:page"), "nothing notifies PagerDuty");
        assert.deepEqual(burn, { fast: "ticket", medium: "ticket", slow: "ticket" });
      } else {
        assert.match(yaml, /^# Scaffolded to page: its failure mode pages the rotation through a PagerDuty service of its own\.$/m);
        assert.ok(pagingResources.some((r) => r.name === names.pagerdutyService(ID)));
        assert.match(monitor.inputs.message as string, new RegExp(`@pagerduty-${ID}\\b`));
        assert.deepEqual(Object.keys(burn).filter((t) => burn[t] === "page"), PAGED_BURN_TIERS[options.tier]);
      }
      // The YAML's comment on the SLO says what was just lowered.
      const said = yaml.match(/# Burn-rate alerts as scaffolded \(tier (\d), response (\w+)\): (.*)\.$/m);
      assert.deepEqual(said?.slice(1), [String(options.tier), options.response, Object.entries(burn).map(([t, r]) => `${t} ${r}`).join(", ")]);
      assert.equal(said?.[3], scaffoldBurnAlerts(options.tier, options.response));
      assert.match(yaml, new RegExp(`^tier: ${options.tier} `, "m"));
      assert.match(yaml, new RegExp(`^    response: ${options.response} `, "m"));
    });
  }

  it("refuses a template placeholder it does not fill, rather than writing it", () => {
    assert.throws(() => renderTemplate("id: __ID__\nowner: __OWNER__\n", { id: ID, ...SCAFFOLD_DEFAULTS }), /template placeholder __OWNER__ is not one new-integration fills in/);
    for (const name of ["integration.yaml", "runbook.md"]) assert.doesNotMatch(renderTemplate(template(name), { id: ID, ...SCAFFOLD_DEFAULTS }), /__[A-Z_]+__/);
  });
});
