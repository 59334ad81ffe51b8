/**
 * Hostile input, class: deployment references. The lowering writes another resource's output (a
 * PagerDuty integration key, a URL, an id) as `${ref:NAME:ATTR}`, and the program replaces that
 * text in every input string (components/refTable.ts). Each case edits the valid fixture and names
 * the exact positioned diagnostic (reference-syntax); then text that reached the lowering without
 * `check` is shown to stay inert, in the specs and under Pulumi's mock engine.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { RecordedResource } from "../../cli/mockEngine";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig, type LowerSettings } from "../../compiler/lower/settings";
import { refsIn, type DesiredState } from "../../compiler/lower/spec";
import type { Inventory } from "../../compiler/model";
import { findMarkup, inertText } from "../../compiler/notificationSyntax";
import { withInertReferences } from "../../compiler/referenceSyntax";
import { editFile as edit, loadFixture, validateFixture, type Fixture } from "../support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const SYSTEMS = "inventory/systems.yaml";
const ROTATIONS = "inventory/rotations.yaml";
const TEAMS = "inventory/teams.yaml";
const FREEZES = "inventory/change-freezes.yaml";

/** A real reference of the fixture's plan: the PagerDuty integration key Datadog pages integration-0001 with. */
const KEY_REF = "${ref:integration-0001--pagerduty-datadog:integrationKey}";
const SAYS = '"${" starts a placeholder that the deployment fills in with a value of another resource, such as a PagerDuty integration key or a web address, so this text could publish a secret or point somewhere else; write "$ {" or remove it [reference-syntax]';

/** Fields of the model that hold free text or a URL, which the lowering copies into specs. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(["name", "description", "title", "basis", "reason", "statusPage", "url", "transform"]);
/** Fields that hold a Datadog query (detections, SLIs, reconciliation counts). */
const QUERY_FIELDS = ["query", "good", "total", "count"] as const;

/** The reference-syntax lines an edit of the fixture produces, and whether a model was still built. */
function findings(...changes: ((f: Fixture) => void)[]): { lines: string[]; modelBuilt: boolean; all: string[] } {
  const fixture = loadFixture();
  for (const change of changes) change(fixture);
  const result = validateFixture(fixture);
  return {
    lines: result.diagnostics.filter((d) => d.rule === "reference-syntax").map(formatDiagnostic),
    modelBuilt: result.inventory !== undefined,
    all: result.diagnostics.map(formatDiagnostic),
  };
}

const settings = settingsFromConfig((k) => ({ runbookBaseUrl: "https://github.com/acme/martech-reliability/blob/main/runbooks", environment: "prod" })[k]);

function validInventory(): Inventory {
  const result = validateFixture(loadFixture());
  assert.ok(result.inventory, result.diagnostics.map(formatDiagnostic).join("\n"));
  return result.inventory;
}

describe("hostile input: deployment references in the inventory (reference-syntax)", () => {
  const cases: { label: string; change: (f: Fixture) => void; at: string; context: string }[] = [
    { label: "an integration name (every monitor message, the PagerDuty service)", change: edit(INT1, "name: Synthetic integration 1", `name: Synthetic integration 1 ${KEY_REF}`), at: `${INT1}:5:31`, context: "name" },
    {
      label: "an integration description in a folded block (PagerDuty, the catalog), on the line where it stands",
      change: edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", `description: >\n  Web form leads for region 1\n  flow into ${KEY_REF}`),
      at: `${INT1}:8:13`,
      context: "description",
    },
    { label: "a revenue basis written with an escape (\\x24 is $), at the escape", change: edit(INT1, "basis: Leads per hour times conversion times average deal size.", 'basis: "Leads per hour \\x24{ref:webhook-forwarder-ingress-url:functionUrl}"'), at: `${INT1}:12:26`, context: "revenue.basis" },
    { label: "an SLO description in single quotes", change: edit(INT1, "description: Leads that reach Salesforce within 60 seconds.", `description: 'Leads that''s it ${KEY_REF}'`), at: `${INT1}:17:36`, context: "slo delivered-within-60s: description" },
    { label: "an SLO's good-events query", change: edit(INT1, "integration:integration-0001,within_slo:true}", "integration:integration-0001,within_slo:${ref:pagerduty-user:id}}"), at: `${INT1}:21:85`, context: "slo delivered-within-60s: sli.good" },
    { label: "a reconciliation count in double quotes", change: edit(INT1, 'count: "count:martech.forwarder.received{integration:integration-0001}" }', 'count: "count:martech.forwarder.received{integration:${ref:a:id}}" }'), at: `${INT1}:39:95`, context: "failure mode field-deprecated: detection.upstream.count" },
    { label: "a failure-mode title (monitor name and message)", change: edit(INT1, "title: CRM API errors", `title: CRM API errors ${KEY_REF}`), at: `${INT1}:44:27`, context: "failure mode api-errors: title" },
    { label: "a threshold monitor's query", change: edit(INT1, "remaining{integration:integration-0001}", "remaining{integration:${ref:pagerduty-user:id}}"), at: `${INT1}:76:63`, context: "failure mode rate-limit: detection.query" },
    { label: "a forwarding target's URL", change: edit(INT1, "url: https://example.my.salesforce.com/services/apexrest/leads", "url: https://example.my.salesforce.com/services/apexrest/leads?k=${ref:a:url}"), at: `${INT1}:86:74`, context: "webhook hubspot-events: forwardTo[0].url" },
    { label: "a header value sent to a third party", change: edit(INT1, "        kind: salesforce\n", `        kind: salesforce\n        headers: { X-Source: "crm ${KEY_REF}" }\n`), at: `${INT1}:88:35`, context: "webhook hubspot-events: forwardTo[0].headers.X-Source" },
    { label: "a JSONata transform's string literal", change: edit(INT1, '"Email": email }] }', `"Email": email, "Key": "${KEY_REF}" }] }`), at: `${INT1}:88:95`, context: "webhook hubspot-events: forwardTo[0].transform" },
    { label: "a system name (status line of every involved monitor, the catalog)", change: edit(SYSTEMS, "name: hubspot", `name: hubspot ${KEY_REF}`), at: `${SYSTEMS}:9:19`, context: "system hubspot: name" },
    { label: "a status page URL", change: edit(SYSTEMS, "name: hubspot\n", "name: hubspot\n    statusPage: https://status.hubspot.com/${ref:a:url}\n"), at: `${SYSTEMS}:10:44`, context: "system hubspot: statusPage" },
    {
      label: "a maintenance window's reason (downtime message, SLO corrections)",
      change: edit(SYSTEMS, "    name: salesforce\n    category: crm\n", `    name: salesforce\n    category: crm\n    timeZone: Europe/Berlin\n    maintenance:\n      - id: weekly\n        reason: Weekly ${KEY_REF}\n        start: "2026-12-06T02:00"\n        duration: 2h\n        rrule: FREQ=WEEKLY\n`),
      at: `${SYSTEMS}:17:24`,
      context: "system salesforce: maintenance window weekly: reason",
    },
    { label: "a rotation name (PagerDuty schedule and escalation policy)", change: edit(ROTATIONS, "name: growth-engineering primary", `name: growth-engineering primary ${KEY_REF}`), at: `${ROTATIONS}:6:38`, context: "rotation growth-engineering-primary: name" },
    { label: "a team member's name, which reaches no vendor today (every string counts)", change: edit(TEAMS, "      - name: Person 1 of growth-engineering\n", `      - name: Person 1 ${KEY_REF}\n`), at: `${TEAMS}:9:24`, context: "team growth-engineering: members[0].name" },
    {
      label: "a change freeze's reason",
      change: (f) => f.files.set(FREEZES, `version: reliability/v1\nkind: ChangeFreezes\nfreezes:\n  - id: launch\n    reason: Launch ${KEY_REF}\n    start: "2026-11-26T00:00"\n    end: "2026-12-01T00:00"\n    timeZone: America/New_York\n`),
      at: `${FREEZES}:5:20`,
      context: "change freeze launch: reason",
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.label}, at its "$"`, () => {
      const r = findings(c.change);
      assert.deepEqual(r.lines, [`${c.at}: error: ${c.context}: ${SAYS}`], r.all.join("\n"));
      assert.equal(r.modelBuilt, false);
    });
  }

  it("reports the first reference of a string once, whatever follows it", () => {
    const r = findings(edit(INT1, "title: CRM API errors", `title: CRM API errors ${KEY_REF} ${KEY_REF} \${x}`));
    assert.deepEqual(r.lines, [`${INT1}:44:27: error: failure mode api-errors: title: ${SAYS}`]);
  });

  it("accepts a dollar sign, braces, and the written-apart $ { the message suggests", () => {
    const r = findings(
      edit(INT1, "title: CRM API errors", "title: CRM API errors over $5 {per lead}, write $ {x}"),
      edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", "description: Costs $ per lead; ${ } not at all $"),
    );
    // The description's "${" is still caught; the title's "$5", "{...}" and "$ {" are not.
    assert.deepEqual(r.lines, [`${INT1}:6:32: error: description: ${SAYS}`]);
  });
});

describe("hostile input: only what the lowering wrote is ever resolved", () => {
  it("inertText breaks ${ along with handles and template blocks, and leaves clean text alone", () => {
    assert.equal(inertText(`key ${KEY_REF} {{x}} \${{y}}`), "key $ {ref:integration-0001--pagerduty-datadog:integrationKey} { {x} } $ { {y} }");
    assert.deepEqual(findMarkup(inertText(`\${{#is_alert}}@all`)), []);
    assert.equal(inertText("Costs $5 {per lead}"), "Costs $5 {per lead}");
    assert.deepEqual(refsIn(inertText(KEY_REF)), []);
  });

  it("withInertReferences returns a clean value itself, and otherwise a copy with every string and key inert", () => {
    const clean = { a: ["x", { b: "$5 {y}" }], n: 1, d: new Date(0) };
    assert.equal(withInertReferences(clean), clean);

    const shared = { title: KEY_REF };
    const hostile = { list: [shared, shared], nested: { deep: [[`a ${KEY_REF}`]] }, [`k\${x}`]: 1, when: new Date(0), n: 2, none: null };
    const inert = withInertReferences(hostile);
    assert.notEqual(inert, hostile);
    assert.deepEqual(refsIn(inert), []);
    assert.equal(inert.list[0], inert.list[1], "an object met twice is copied once");
    assert.equal(inert.list[0]!.title, "$ {ref:integration-0001--pagerduty-datadog:integrationKey}");
    assert.deepEqual(Object.keys(inert), ["list", "nested", "k$ {x}", "when", "n", "none"]);
    assert.equal(inert.when, hostile.when);
    assert.equal(hostile.list[0]!.title, KEY_REF, "the input is not changed");

    const proto = JSON.parse(`{"__proto__": {"polluted": "\${x}"}}`) as Record<string, unknown>;
    const copy = withInertReferences(proto);
    assert.deepEqual(Object.keys(copy), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("a valid model lowers through the same objects: nothing is copied", () => {
    const inventory = validInventory();
    assert.equal(withInertReferences(inventory), inventory);
    assert.equal(withInertReferences(settings), settings);
  });

  it("a model whose every free text and URL holds a reference lowers to the references of the valid one, its text inert", () => {
    const valid = validInventory();
    const poisoned = poison(valid);
    const expected = referenceList(lowerInventory(valid, settings));
    assert.ok(expected.includes("integration-0001--pagerduty-datadog:integrationKey"));
    const state = lowerInventory(poisoned, poisonSettings(settings));
    assert.deepEqual(referenceList(state), expected);
    const texts = strings(state);
    assert.ok(texts.filter((s) => s.includes(`CANARY $ {ref:`)).length > 50, "the hostile text reached the specs, inert");
    assert.deepEqual(texts.filter((s) => s.includes("CANARY ${")), []);
  });

  for (const field of QUERY_FIELDS) {
    it(`a reference in every ${field} query either stops the lowering or stays inert text`, () => {
      const valid = validInventory();
      const expected = referenceList(lowerInventory(valid, settings));
      let state: DesiredState;
      try {
        state = lowerInventory(poison(valid, new Set([field])), settings);
      } catch (e) {
        // The lowering parses the query to scope it to the environment, and refuses the text (shown inert): nothing is deployed.
        assert.match(String(e), /query ".* CANARY \$ \{ref:integration-0001--pagerduty-datadog:integrationKey\}/);
        return;
      }
      assert.deepEqual(referenceList(state), expected);
      assert.ok(strings(state).some((s) => s.includes("CANARY $ {ref:")));
    });
  }
});

describe("hostile input: under Pulumi's mock engine, inventory text is never resolved", () => {
  const RESOLVED = "RESOLVED<";
  let recorded: RecordedResource[];
  let lowered: DesiredState;

  before(async () => {
    const { RecordingMocks } = await import("../../cli/mockEngine.js");
    /** Records like the plan's mock engine, but answers every output with a value no text holds, so a resolved reference shows. */
    class ResolvingMocks extends RecordingMocks {
      override async newResource(args: MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
        const { state } = await super.newResource(args);
        const outputs = Object.fromEntries(["arn", "name", "url", "integrationKey", "htmlUrl"].map((attr) => [attr, `${RESOLVED}${args.name}:${attr}>`]));
        return { id: `${RESOLVED}${args.name}:id>`, state: { ...state, ...outputs } };
      }
      override call(args: MockCallArgs): Record<string, unknown> {
        return Object.fromEntries(Object.keys(super.call(args)).map((attr) => [attr, `${RESOLVED}${args.token}:${attr}>`]));
      }
    }
    const mocks = new ResolvingMocks();
    await pulumi.runtime.setMocks(mocks, "martech-reliability", "test", false);
    const { emit } = await import("../../components/program.js");
    lowered = lowerInventory(poison(validInventory()), poisonSettings(settings));
    emit(lowered, (key) => pulumi.secret(JSON.stringify({ secrets: [`value-of-${key}`] })));
    // Every registration has been answered once the engine's queue drains.
    await pulumi.runtime.disconnect();
    recorded = mocks.resources;
  });

  it("registers every spec, with references resolved to the mock's outputs", () => {
    assert.equal(recorded.length, lowered.resources.length);
    const texts = recorded.flatMap((r) => strings(r.inputs));
    // The key itself goes into a secret input, which the recording hides; ids show.
    assert.ok(texts.some((s) => s.includes(`${RESOLVED}integration-0001--pagerduty-service:id>`)), "the lowering's own references are resolved");
  });

  it("leaves every reference the inventory wrote as text, and resolves none of them", () => {
    const texts = recorded.flatMap((r) => strings(r.inputs));
    const canaries = texts.filter((s) => s.includes("CANARY"));
    assert.ok(canaries.length > 50, "the hostile text reached the resources");
    assert.deepEqual(canaries.filter((s) => /CANARY (?!\$ \{ref:)/.test(s)), [], "each is followed by its inert text");
    assert.deepEqual(texts.filter((s) => s.includes("${")), [], "no reference is left unresolved either");
  });
});

/** Every `name:attr` the specs reference, sorted, repeats kept. */
const referenceList = (state: DesiredState) => refsIn([state.resources.map((r) => [r.inputs, r.outputs]), state.invokes.map((i) => i.args)]).map((r) => `${r.name}:${r.attr}`).sort();

/** Every string leaf of a value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/** The model, bypassing `check`, with a real reference after every string of `fields`. */
function poison<T>(value: T, fields: ReadonlySet<string> = TEXT_FIELDS, key?: string): T {
  if (typeof value === "string") return (key !== undefined && fields.has(key) ? `${value} CANARY ${KEY_REF}` : value) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, fields, key)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, fields, k)])) as T;
  }
  return value;
}

/** The stack's runbook address too: config is text the program reads, like the inventory. */
const poisonSettings = (s: LowerSettings): LowerSettings => ({ ...s, runbookBaseUrl: `${s.runbookBaseUrl}/CANARY ${KEY_REF}` });
