/**
 * forwarder-runbook: the shared webhook forwarder's runbook is required exactly when some
 * integration has webhooks, each gap is reported once where it can be fixed, and the model
 * carries the anchors its monitors link to.
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkInventory } from "../compiler/checkInventory";
import { formatDiagnostic } from "../compiler/diagnostics";
import { FORWARDER_ANCHORS, FORWARDER_RUNBOOK, FORWARDER_SECTIONS } from "../compiler/forwarderRunbook";
import { parseRunbook } from "../compiler/load/runbook";
import { validateInventory } from "../compiler/validate/validateInventory";
import { loadFixture, memoryReader, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { REPO, runCli } from "./support/runCli";
import { syntheticInventory } from "./support/syntheticInventory";

const RUNBOOK = `runbooks/${FORWARDER_RUNBOOK}`;
const integrationFile = (n: number) => `inventory/integrations/integration-000${n}.yaml`;
const editRunbook = (f: Fixture, from: string, to: string) => f.runbooks.set(FORWARDER_RUNBOOK, replaceOnce(f.runbooks.get(FORWARDER_RUNBOOK)!, from, to));
/** Drops the `webhooks:` block, which ends each fixture integration file. */
const dropWebhooks = (f: Fixture, n: number) => {
  const text = f.files.get(integrationFile(n))!;
  f.files.set(integrationFile(n), text.slice(0, text.indexOf("webhooks:\n")));
};
const forwarderDiagnostics = (f: Fixture) => validateFixture(f).diagnostics.filter((d) => d.rule === "forwarder-runbook").map(formatDiagnostic);

describe("forwarder-runbook", () => {
  it("exposes the runbook file and an anchor per failure-mode heading in the model", () => {
    const fixture = loadFixture();
    const result = validateFixture(fixture);
    assert.deepEqual(result.inventory?.forwarderRunbook, { file: FORWARDER_RUNBOOK, anchors: FORWARDER_ANCHORS });
    const anchors = new Set(parseRunbook(RUNBOOK, fixture.runbooks.get(FORWARDER_RUNBOOK)!).headings.map((h) => h.anchor));
    for (const anchor of Object.values(FORWARDER_ANCHORS)) assert.ok(anchors.has(anchor), anchor);
    assert.deepEqual(FORWARDER_ANCHORS, {
      noDeliveries: "no-deliveries-from-a-webhook-source",
      deadLetters: "deliveries-dead-lettered",
      errors: "forwarder-lambda-errors",
      throttles: "forwarder-lambda-throttled",
    });
  });

  it("requires nothing when no integration has webhooks", () => {
    const fixture = loadFixture();
    for (let n = 1; n <= 6; n++) dropWebhooks(fixture, n);
    fixture.runbooks.delete(FORWARDER_RUNBOOK);
    const result = validateFixture(fixture);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    assert.ok(result.inventory);
    assert.equal("forwarderRunbook" in result.inventory, false);
  });

  it("reports a missing runbook once, at the webhooks key of the first integration that has some", () => {
    const fixture = loadFixture();
    for (const n of [1, 2, 3, 5, 6]) dropWebhooks(fixture, n);
    fixture.runbooks.delete(FORWARDER_RUNBOOK);
    const result = validateFixture(fixture);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), [
      `${integrationFile(4)}:80:1: error: this integration receives vendor webhooks through the shared webhook forwarder, but the runbooks folder has no webhook-forwarder.md; the forwarder's alerts link to it, so create it with the six sections every runbook has and the headings "### No deliveries from a webhook source", "### Deliveries dead-lettered", "### Forwarder Lambda errors", "### Forwarder Lambda throttled" under "## Failure modes ranked by frequency" [forwarder-runbook]`,
    ]);
    assert.equal(result.inventory, undefined);
  });

  it("reports a missing failure-modes section and each of its four headings where the section belongs", () => {
    const fixture = loadFixture();
    editRunbook(fixture, "## Failure modes ranked by frequency", "## Failure stories");
    const at = `${RUNBOOK}:53:1: error: the webhook forwarder's runbook has no`; // line 53: "## Detection and monitors", the next section
    assert.deepEqual(forwarderDiagnostics(fixture), [
      `${at} "## Failure modes ranked by frequency" section; every runbook answers the same six questions (see the README) [forwarder-runbook]`,
      ...Object.values(FORWARDER_SECTIONS).map(
        (title) => `${at} "### ${title}" heading under "## Failure modes ranked by frequency", and the forwarder's "${title}" alert links there [forwarder-runbook]`,
      ),
    ].sort());
  });

  it("does not count a heading outside the failure-modes section", () => {
    const fixture = loadFixture();
    editRunbook(fixture, "### Forwarder Lambda throttled", "### Throttling");
    fixture.runbooks.set(FORWARDER_RUNBOOK, `${fixture.runbooks.get(FORWARDER_RUNBOOK)}\n### Forwarder Lambda throttled\n\nRaise the reserved concurrency.\n`);
    assert.deepEqual(forwarderDiagnostics(fixture), [
      `${RUNBOOK}:19:1: error: the webhook forwarder's runbook has no "### Forwarder Lambda throttled" heading under "## Failure modes ranked by frequency", and the forwarder's "Forwarder Lambda throttled" alert links there [forwarder-runbook]`,
    ]);
  });

  it("matches headings as GitHub slugs them and links to the anchor the file really renders", () => {
    const fixture = loadFixture();
    // The same words earlier in the file take the plain anchor, so the failure mode's heading becomes -1.
    editRunbook(fixture, "## Upstream and downstream", "### Deliveries dead-lettered\n\nSee below.\n\n## Upstream and downstream");
    editRunbook(fixture, "### Forwarder Lambda errors", "### Forwarder **Lambda** Errors");
    const result = validateFixture(fixture);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(result.inventory?.forwarderRunbook?.anchors, { ...FORWARDER_ANCHORS, deadLetters: "deliveries-dead-lettered-1" });
  });

  it("reports a TODO and an empty section like in any runbook; only the TODO blocks the model", () => {
    const fixture = loadFixture();
    editRunbook(fixture, "Diagnosis for webhook-forwarder.", "Diagnosis for webhook-forwarder. TODO");
    const withTodo = validateFixture(fixture);
    assert.deepEqual(withTodo.diagnostics.map(formatDiagnostic), [
      `${RUNBOOK}:63:34: error: the scaffold's placeholder TODO is still here; replace it with the real content [runbook-placeholder]`,
    ]);
    assert.equal(withTodo.inventory, undefined);

    const empty = loadFixture();
    const text = empty.runbooks.get(FORWARDER_RUNBOOK)!;
    const section = text.slice(text.indexOf("## Detection and monitors\n") + "## Detection and monitors\n".length, text.indexOf("## Diagnosis"));
    editRunbook(empty, `## Detection and monitors\n${section}`, "## Detection and monitors\n\n");
    const result = validateFixture(empty);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), [
      `${RUNBOOK}:53:1: warning: section "Detection and monitors" is empty; write what the person on call needs here [runbook-section-empty]`,
    ]);
    assert.deepEqual(result.inventory?.forwarderRunbook?.anchors, FORWARDER_ANCHORS);
  });

  it("writes the forwarder runbook with synthetic inventories, which need it", () => {
    const synthetic = syntheticInventory(3);
    const valid = validateInventory(synthetic.sources, memoryReader(synthetic.runbooks));
    assert.deepEqual(valid.diagnostics.map(formatDiagnostic), []);
    assert.equal(valid.inventory?.forwarderRunbook?.file, FORWARDER_RUNBOOK);

    synthetic.runbooks.delete(FORWARDER_RUNBOOK);
    const missing = validateInventory(synthetic.sources, memoryReader(synthetic.runbooks));
    assert.deepEqual(missing.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`), ["inventory/integrations/integration-0001.yaml:79:1 forwarder-runbook"]);
  });

  it("the repository's runbook has every section and heading, and names every webhook integration and source", () => {
    const result = checkInventory({ inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks") });
    assert.deepEqual(result.diagnostics.filter((d) => d.file.endsWith(FORWARDER_RUNBOOK)).map(formatDiagnostic), []);
    assert.ok(result.inventory?.forwarderRunbook);
    const text = readFileSync(join(REPO, "runbooks", FORWARDER_RUNBOOK), "utf8");
    for (const integration of result.inventory.integrations) {
      for (const hook of integration.webhooks) assert.ok(text.includes(`\`${hook.id}\``) && text.includes(`\`${integration.id}\``), `${integration.id}/${hook.id} is not named in the runbook`);
    }
  });
});

describe("check CLI: forwarder runbook", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "forwarder-runbook-"));
    cpSync(join(REPO, "test", "fixtures", "valid"), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("fails with the runbook's line when a heading the monitors link to is renamed", () => {
    const file = join(dir, "runbooks", FORWARDER_RUNBOOK);
    writeFileSync(file, replaceOnce(readFileSync(file, "utf8"), "### Forwarder Lambda errors", "### Lambda errors"));
    const r = runCli("cli/check.ts", ["--inventory", "inventory", "--runbooks", "runbooks"], dir);
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      `runbooks/${FORWARDER_RUNBOOK}:19:1: error: the webhook forwarder's runbook has no "### Forwarder Lambda errors" heading under "## Failure modes ranked by frequency", and the forwarder's "Forwarder Lambda errors" alert links there [forwarder-runbook]\n1 error(s), 0 warning(s)\n`,
    );
    assert.equal(r.stderr, "");
  });
});
