/**
 * Mutation gaps of the runbook rules (part validate-runbooks) and of integrationPages (part
 * validate-contracts): each test pins the exact diagnostics or return value a surviving mutant
 * changed. Everything is built inside each `it` (README, "Mutation testing": static mutants).
 */
import { strict as assert } from "node:assert";
import { createReporters, type RuleContext } from "../compiler/validate/ruleContext";
import { formatDiagnostic, type Diagnostic } from "../compiler/diagnostics";
import { FORWARDER_ANCHORS, FORWARDER_RUNBOOK } from "../compiler/forwarderRunbook";
import type { SourceMap } from "../compiler/load/yamlFile";
import { parseRunbook } from "../compiler/load/runbook";
import { physicalNames } from "../compiler/lower/forwarderNames";
import { integrationDraft } from "../compiler/validate/integrationDraft";
import { integrationPages } from "../compiler/validate/integrationPages";
import { forwarderAnchors, forwarderHeadings } from "../compiler/validate/rules/forwarderRunbook";
import { runbookSecrets } from "../compiler/validate/rules/runbookSecrets";
import { runbookStaleReference } from "../compiler/validate/rules/runbookStaleReference";
import type { IntegrationDoc } from "../compiler/validate/schema";
import { validateInventory } from "../compiler/validate/validateInventory";
import { FAKE } from "./hostile/fakeSecrets";
import { editFile as edit, loadFixture, memoryReader, replaceOnce, validateFixture, type Fixture } from "./support/fixture";

const I1 = "inventory/integrations/integration-0001.yaml";
const FWD = `runbooks/${FORWARDER_RUNBOOK}`;
type Change = (f: Fixture) => void;
const editRunbook = (name: string, from: string, to: string): Change => (f) => f.runbooks.set(name, replaceOnce(f.runbooks.get(name)!, from, to));
const dropWebhooks = (n: number): Change => (f) => {
  const path = `inventory/integrations/integration-000${n}.yaml`;
  const text = f.files.get(path)!;
  f.files.set(path, text.slice(0, text.indexOf("webhooks:\n")));
};
/** The fixture after `changes`, its diagnostics as `check` prints them (optionally of some rules only). */
function check(changes: Change[], rules?: readonly string[]): string[] {
  const fixture = loadFixture();
  for (const change of changes) change(fixture);
  return validateFixture(fixture).diagnostics.filter((d) => !rules || rules.includes(d.rule)).map(formatDiagnostic);
}
const sectionMissing = (at: string, file: string, heading: string) =>
  `${at}: error: runbook ${file} has no "## ${heading}" section; every runbook answers the same six questions (see the README) [runbook-section-missing]`;
const forwarderSectionMissing = (line: number, heading: string) =>
  `${FWD}:${line}:1: error: the webhook forwarder's runbook has no "## ${heading}" section; every runbook answers the same six questions (see the README) [forwarder-runbook]`;
const forwarderHeadingMissing = (line: number, title: string) =>
  `${FWD}:${line}:1: error: the webhook forwarder's runbook has no "### ${title}" heading under "## Failure modes ranked by frequency", and the forwarder's "${title}" alert links there [forwarder-runbook]`;
const RENAME_DIAGNOSIS = editRunbook("integration-0001.md", "## Diagnosis", "## Diagnostics");
const NAME_RUNBOOK = edit(I1, "id: integration-0001\n", "id: integration-0001\nrunbook: integration-0001.md\n");
const BREAK_TIER = edit(I1, "tier: 2", "tier: 7");

describe("runbook mutation gaps", () => {
  describe("integrationDraft", () => {
    const source = {} as SourceMap;
    const draft = (data: Record<string, unknown>) => integrationDraft("x.yaml", source, data);

    it("drafts an Integration whose id (and runbook, when set) pass their schemas", () => {
      assert.deepStrictEqual(draft({ kind: "Integration", id: "crm-sync", tier: 7 }), { id: "crm-sync", file: "x.yaml", source });
      assert.deepStrictEqual(draft({ kind: "Integration", id: "crm-sync", runbook: "crm/sync.md" }), { id: "crm-sync", runbook: "crm/sync.md", file: "x.yaml", source });
    });

    it("drafts nothing for another kind, a bad id, a bad runbook or a runbook still TODO", () => {
      assert.equal(draft({ kind: "Team", id: "crm-sync" }), undefined);
      assert.equal(draft({ id: "crm-sync" }), undefined);
      assert.equal(draft({ kind: "Integration", id: "Not An Id", runbook: "crm.md" }), undefined);
      assert.equal(draft({ kind: "Integration", id: "Not An Id" }), undefined);
      assert.equal(draft({ kind: "Integration", id: "crm-sync", runbook: 42 }), undefined);
      assert.equal(draft({ kind: "Integration", id: "crm-sync", runbook: "TODO" }), undefined);
    });
  });

  describe("integrationPages", () => {
    // Tier 3 and no paging failure mode: the default burn policy is ticket only; objective 99.9 over 30d creates all three tiers.
    const doc = (modes: readonly ("page" | "ticket")[], slos: readonly object[]) =>
      ({ tier: 3, failureModes: modes.map((response) => ({ response })), slos }) as unknown as IntegrationDoc;
    const slo = (extra: object = {}) => ({ objective: 99.9, window: "30d", ...extra });

    it("pages for a failure mode answered by a page, not for tickets", () => {
      assert.equal(integrationPages(doc(["ticket", "page"], [])), true);
      assert.equal(integrationPages(doc(["ticket"], [])), false);
      assert.equal(integrationPages(doc([], [])), false);
    });

    it("pages for a live SLO with one burn-rate tier set to page, not for a retired one or one whose alerts are tickets", () => {
      assert.equal(integrationPages(doc(["ticket"], [slo({ alerting: { fast: "page" } })])), true);
      assert.equal(integrationPages(doc(["ticket"], [slo(), slo({ alerting: { fast: "page" } })])), true);
      assert.equal(integrationPages(doc(["ticket"], [slo({ alerting: { fast: "page" }, retired: true })])), false);
      assert.equal(integrationPages(doc(["ticket"], [slo()])), false);
    });
  });

  describe("runbooks", () => {
    it("names the failure-modes section in failure-mode-heading-missing", () => {
      assert.deepStrictEqual(check([edit(I1, "title: CRM field deprecated", "title: CRM field removed")], ["failure-mode-heading-missing"]), [
        `${I1}:33:12: error: failure mode field-deprecated: runbook runbooks/integration-0001.md has no "### CRM field removed" heading under "## Failure modes ranked by frequency", and its monitor links there [failure-mode-heading-missing]`,
      ]);
    });

    it("reports a missing section at the runbook key of an integration that names its runbook", () => {
      assert.deepStrictEqual(check([NAME_RUNBOOK, RENAME_DIAGNOSIS], ["runbook-section-missing"]), [sectionMissing(`${I1}:5:10`, "runbooks/integration-0001.md", "Diagnosis")]);
    });

    it("checks the runbook of an integration whose YAML is not valid yet, at its id or its runbook key", () => {
      assert.deepStrictEqual(check([BREAK_TIER, RENAME_DIAGNOSIS]), [
        sectionMissing(`${I1}:4:5`, "runbooks/integration-0001.md", "Diagnosis"),
        `${I1}:7:7: error: tier: must be 1, 2 or 3 [schema]`,
      ]);
      assert.deepStrictEqual(check([BREAK_TIER, NAME_RUNBOOK, RENAME_DIAGNOSIS]), [
        sectionMissing(`${I1}:5:10`, "runbooks/integration-0001.md", "Diagnosis"),
        `${I1}:8:7: error: tier: must be 1, 2 or 3 [schema]`,
      ]);
    });
  });

  describe("runbookSecrets", () => {
    it("finds a secret at the start of a later line, with its value, once per parsed runbook", () => {
      const runbook = parseRunbook("runbooks/x.md", `# X\n\n${FAKE.stripeSecretKey} leaked\n`);
      const found = runbookSecrets(runbook);
      assert.deepStrictEqual(found, [{ at: { line: 3, column: 1 }, kind: "a Stripe secret key", value: FAKE.stripeSecretKey }]);
      assert.equal(runbookSecrets(runbook), found);
    });

    it("reports a secret in the webhook forwarder's runbook", () => {
      const add: Change = (f) => f.runbooks.set(FORWARDER_RUNBOOK, `${f.runbooks.get(FORWARDER_RUNBOOK)}\nkey ${FAKE.stripeSecretKey}\n`);
      assert.deepStrictEqual(check([add]), [
        `${FWD}:77:5: error: this runbook holds what looks like a Stripe secret key; keep secrets out of runbooks (on call reads them from the secret store) and rotate it if it was real [literal-secret]`,
      ]);
    });
  });

  describe("forwarderRunbook", () => {
    it("counts the other integrations with webhooks when the runbook is missing", () => {
      const changes = [1, 2, 3, 6].map(dropWebhooks);
      assert.deepStrictEqual(check([...changes, (f) => f.runbooks.delete(FORWARDER_RUNBOOK)]), [
        `inventory/integrations/integration-0004.yaml:80:1: error: this integration and 1 other receive vendor webhooks through the shared webhook forwarder, but the runbooks folder has no webhook-forwarder.md; the forwarder's alerts link to it, so create it with the six sections every runbook has and the headings "### No deliveries from a webhook source", "### Deliveries dead-lettered", "### Forwarder Lambda errors", "### Forwarder Lambda throttled" under "## Failure modes ranked by frequency" [forwarder-runbook]`,
      ]);
    });

    it("reports a missing section at the next section present, past other missing ones, else at the last heading", () => {
      const intro = editRunbook(FORWARDER_RUNBOOK, "## What it does and why revenue depends on it", "## Intro");
      const neighbours = editRunbook(FORWARDER_RUNBOOK, "## Upstream and downstream", "## Neighbours");
      assert.deepStrictEqual(check([intro, neighbours]), [
        forwarderSectionMissing(19, "Upstream and downstream"),
        forwarderSectionMissing(19, "What it does and why revenue depends on it"),
      ]);
      assert.deepStrictEqual(check([editRunbook(FORWARDER_RUNBOOK, "## Who may mitigate and how", "## Mitigation")]), [forwarderSectionMissing(69, "Who may mitigate and how")]);
    });

    it("reports everything at line 1 of a runbook without headings", () => {
      assert.deepStrictEqual(check([(f) => f.runbooks.set(FORWARDER_RUNBOOK, "Just prose, no headings.\n")]), [
        forwarderSectionMissing(1, "Detection and monitors"),
        forwarderSectionMissing(1, "Diagnosis"),
        forwarderSectionMissing(1, "Failure modes ranked by frequency"),
        forwarderSectionMissing(1, "Upstream and downstream"),
        forwarderSectionMissing(1, "What it does and why revenue depends on it"),
        forwarderSectionMissing(1, "Who may mitigate and how"),
        forwarderHeadingMissing(1, "Deliveries dead-lettered"),
        forwarderHeadingMissing(1, "Forwarder Lambda errors"),
        forwarderHeadingMissing(1, "Forwarder Lambda throttled"),
        forwarderHeadingMissing(1, "No deliveries from a webhook source"),
      ]);
    });

    it("leaves an unreadable forwarder runbook to unreadable-file", () => {
      const fixture = loadFixture();
      const read = memoryReader(fixture.runbooks);
      const problem = { rule: "unreadable-file" as const, message: "cannot read it", line: 1, column: 1 };
      const result = validateInventory([...fixture.files].map(([file, text]) => ({ file, text })), (path) => (path === FORWARDER_RUNBOOK ? { file: FWD, problem } : read(path)));
      assert.deepStrictEqual(result.diagnostics.map(formatDiagnostic), [`${FWD}:1:1: error: cannot read it [unreadable-file]`]);
    });

    it("returns only the headings found, and anchors only when all four are there", () => {
      const text = loadFixture().runbooks.get(FORWARDER_RUNBOOK)!;
      const complete = parseRunbook(FWD, text);
      const partial = parseRunbook(FWD, replaceOnce(text, "### Forwarder Lambda throttled", "### Throttling"));
      assert.deepStrictEqual(Object.keys(forwarderHeadings(partial)), ["noDeliveries", "deadLetters", "errors"]);
      assert.equal(forwarderAnchors(partial), undefined);
      assert.deepStrictEqual(forwarderAnchors(complete), FORWARDER_ANCHORS);
    });
  });

  describe("runbookStaleReference", () => {
    const stale = (code: string) => check([editRunbook("integration-0001.md", "aws logs tail /aws/lambda/integration-0001-consumer --since 1h\n```\n\n## Upstream", `${code}\n\`\`\`\n\n## Upstream`)], ["runbook-stale-reference"]);
    const at = (column: number, message: string) => `runbooks/integration-0001.md:8:${column}: error: ${message} [runbook-stale-reference]`;
    const QUEUES = "every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq";

    it("finds a secret name after a space", () => {
      const secrets = [1, 2, 3, 4, 5, 6].map((n) => `martech/prod/forwarder/integration-000${n}/hubspot-events`).join(", ");
      assert.deepStrictEqual(stale("aws secretsmanager get-secret-value --secret-id martech/prod/forwarder/nope"), [
        at(49, `the forwarder has no secret martech/prod/forwarder/nope; its secrets are ${secrets} and martech/prod/forwarder/datadog-api-key`),
      ]);
    });

    it("takes the kind from the words right before a name only", () => {
      const n = physicalNames("prod");
      assert.deepStrictEqual(stale(`aws lambda invoke --function-name $F && echo ${n.queue}`), []);
      assert.deepStrictEqual(stale(`aws sqs get-queue-url --queue-name $Q && echo ${n.ingress}`), []);
      assert.deepStrictEqual(stale(`aws dynamodb scan --table-name $T && echo ${n.ingress}`), []);
    });

    it("reads the queue and table kinds from --queue-name, --table-name, http and any-partition SQS addresses", () => {
      const notQueue = "martech-prod-webhook-ingress is the forwarder's Lambda, not a queue; " + QUEUES;
      assert.deepStrictEqual(stale("aws sqs get-queue-url --queue-name martech-prod-webhook-ingress"), [at(36, notQueue)]);
      assert.deepStrictEqual(stale("aws dynamodb scan --table-name martech-prod-webhook-ingress"), [
        at(32, "martech-prod-webhook-ingress is the forwarder's Lambda, not a table; its table is martech-prod-webhook-deliveries"),
      ]);
      assert.deepStrictEqual(stale("aws sqs x --queue-url http://sqs.us-east-1.amazonaws.com/123456789012/martech-prod-webhook-ingress"), [at(71, notQueue)]);
      assert.deepStrictEqual(stale("aws sqs x --queue-url arn:aws-cn:sqs:cn-north-1:123456789012:martech-prod-webhook-ingress"), [at(62, notQueue)]);
    });

    it("says where the keys come from when no key is near", () => {
      assert.deepStrictEqual(stale("pulumi config set qqqqqqqqqqqqqqqqqqqq 1"), [
        at(19, `this stack reads no config key "qqqqqqqqqqqqqqqqqqqq"; the keys it reads are those in Pulumi.yaml and each webhook's secretConfigKey in the inventory`),
      ]);
    });

    it("reports a project key in a config command once, not again as a reference", () => {
      // Called directly: validateInventory would drop the duplicate when sorting.
      const out: Diagnostic[] = [];
      const runbook = parseRunbook("runbooks/x.md", "# X\n\n```sh\npulumi config set martech-reliability:zzqqxx 1\n```\n");
      const ctx = { integrations: [], runbooks: new Map([["x", { runbook }]]), ...createReporters(out) } as unknown as RuleContext;
      runbookStaleReference(ctx);
      assert.deepStrictEqual(out.map(formatDiagnostic), [
        `runbooks/x.md:4:19: error: this stack reads no config key "zzqqxx"; the keys it reads are those in Pulumi.yaml and each webhook's secretConfigKey in the inventory [runbook-stale-reference]`,
      ]);
    });
  });
});
