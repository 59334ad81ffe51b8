/**
 * The validate stage's core beyond the rules' own tests (found by mutation testing, README
 * "Mutation testing"): what parseInventoryFile returns for each way a file can fail before its
 * schema and for a shape-invalid one, the context words rules start messages with, the rule
 * context's indexes and reporters, validateInventory's runbook lookups, and the model buildModel
 * makes. Every fixture is made inside its `it` (support/memo.ts says why).
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic, type Diagnostic } from "../compiler/diagnostics";
import type { UnreadableFile } from "../compiler/load/fileProblem";
import { parseRunbook } from "../compiler/load/runbook";
import { buildModel } from "../compiler/validate/buildModel";
import { describeLocation, withContext } from "../compiler/validate/context";
import { parseInventoryFile, type ParsedFile } from "../compiler/validate/parseFile";
import { createReporters, indexFiles, type RuleContext } from "../compiler/validate/ruleContext";
import { PROSE_RULES, validateInventory, type InventorySource } from "../compiler/validate/validateInventory";
import { withAlertTests } from "./support/alertTestFixture";
import { editFile as edit, loadFixture, memoryReader, replaceOnce, validateFixture, type Fixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const INT4 = "inventory/integrations/integration-0004.yaml";
const V = "version: reliability/v1\n";

/** parseInventoryFile's result with its diagnostics formatted and the parsed file left out. */
function parsedOf(text: string) {
  const { parsed, diagnostics, ...rest } = parseInventoryFile("x.yaml", text);
  return { parsed: parsed !== undefined, diagnostics: diagnostics.map(formatDiagnostic), ...rest };
}

const edited = (change: (f: Fixture) => void) => {
  const f = loadFixture();
  change(f);
  return f;
};


/** Swaps the two list entries starting at `first` and `second` (the second runs to the end of the file). */
const swapEntries = (f: Fixture, file: string, first: string, second: string) => {
  const text = f.files.get(file)!;
  const [a, b] = [text.indexOf(first), text.indexOf(second)];
  f.files.set(file, text.slice(0, a) + text.slice(b) + text.slice(a, b));
};

/** A change freeze of integration-000n from `start` to March 2027, UTC. */
const freeze = (id: string, start: string, n: number) => `  - id: ${id}\n    reason: r\n    start: "${start}"\n    end: "2027-03-01T00:00"\n    timeZone: UTC\n    scope: { integrations: [integration-000${n}] }\n`;

describe("parseInventoryFile: before the schema", () => {
  it("stops at broken YAML with the YAML's own diagnostic and no parsed file", () => {
    const result = parseInventoryFile("x.yaml", "a: [\n");
    assert.deepStrictEqual(Object.keys(result).sort(), ["diagnostics", "secrets"]);
    assert.deepStrictEqual(result.secrets, []);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0]!.rule, "yaml-syntax");
  });

  it("asks for a mapping when the file is a list, a scalar, null or empty", () => {
    const mapping = 'x.yaml:1:1: error: an inventory file must be a mapping that starts with "version: reliability/v1" [inventory-version]';
    for (const text of ["- a\n- b\n", "hello\n", "~\n", ""]) assert.deepStrictEqual(parsedOf(text), { parsed: false, diagnostics: [mapping], secrets: [] }, JSON.stringify(text));
  });

  it("names a missing or wrong version at the version", () => {
    assert.deepStrictEqual(parsedOf("kind: Teams\nteams: []\n"), { parsed: false, diagnostics: ['x.yaml:1:1: error: this file has no version; this tool reads "version: reliability/v1" [inventory-version]'], secrets: [] });
    assert.deepStrictEqual(parsedOf("version: 2\nkind: Teams\n"), { parsed: false, diagnostics: ['x.yaml:1:10: error: this file has version 2; this tool reads "version: reliability/v1" [inventory-version]'], secrets: [] });
  });

  it("lists the kinds when kind is missing, and suggests one when it is misspelt or not text", () => {
    assert.deepStrictEqual(parsedOf(V), { parsed: false, diagnostics: ['x.yaml:1:1: error: missing required field "kind" (one of: Integration, Teams, Rotations, Systems, AlertTests, ChangeFreezes) [unknown-kind]'], secrets: [] });
    assert.deepStrictEqual(parsedOf(`${V}kind: 3\n`), { parsed: false, diagnostics: ["x.yaml:2:7: error: unknown kind 3; expected one of: Integration, Teams, Rotations, Systems, AlertTests, ChangeFreezes [unknown-kind]"], secrets: [] });
    assert.deepStrictEqual(parsedOf(`${V}kind: Team\n`), { parsed: false, diagnostics: ['x.yaml:2:7: error: unknown kind "Team"; did you mean "Teams"? [unknown-kind]'], secrets: [] });
  });
});

describe("parseInventoryFile: a shape-invalid file still declares its ids", () => {
  it("declares each listed team, rotation and system with a text id, in that order", () => {
    const text = `${V}kind: Teams\nteams:\n  - id: a\n  - id: 3\n  - null\nrotations: [{ id: r }]\nsystems: [{ id: s }, 7]\n`;
    assert.deepStrictEqual(parseInventoryFile("x.yaml", text).declared, ["team:a", "rotation:r", "system:s"]);
  });

  it("declares an integration's id only in an Integration file, and only when it is text", () => {
    assert.deepStrictEqual(parseInventoryFile("x.yaml", `${V}kind: Integration\nid: i1\n`).declared, ["integration:i1"]);
    assert.deepStrictEqual(parseInventoryFile("x.yaml", `${V}kind: Integration\nid: 4\n`).declared, []);
    assert.deepStrictEqual(parseInventoryFile("x.yaml", `${V}kind: Teams\nid: i1\nteams: {}\n`).declared, []);
  });

  it("returns the schema's diagnostics, no parsed file, and a draft only for an integration", () => {
    assert.deepStrictEqual(parsedOf(`${V}kind: Systems\nsystems:\n  - id: s\n    name: s\n`), {
      parsed: false,
      declared: ["system:s"],
      diagnostics: ['x.yaml:4:5: error: system s: missing required field "category" (one of: web, crm, marketing-automation, ads, cdp, warehouse, email, billing, enrichment, consent, tag-manager, commerce, observability, internal, other) [schema]'],
      secrets: [],
    });
    const draft = parseInventoryFile("x.yaml", `${V}kind: Integration\nid: i1\nrunbook: r.md\n`).draft;
    assert.deepStrictEqual(draft && { id: draft.id, runbook: draft.runbook, file: draft.file }, { id: "i1", runbook: "r.md", file: "x.yaml" });
  });

  it("words the schema's messages its own way (the friendly error map)", () => {
    assert.deepStrictEqual(parsedOf(`${V}kind: Teams\nteams:\n  - { id: a, name: a, chatChannel: "#a", members: [] }\n`).diagnostics, ["x.yaml:4:51: error: team a: members: needs at least 1 item(s) [schema]"]);
  });

  it("leaves a field still holding TODO to the placeholder rule", () => {
    assert.deepStrictEqual(parsedOf(`${V}kind: Systems\nsystems:\n  - id: s\n    name: s\n    category: TODO\n`), {
      parsed: false,
      declared: ["system:s"],
      diagnostics: ["x.yaml:6:15: error: system s: category: still holds the placeholder TODO; replace it with the real value [placeholder]"],
      secrets: [],
    });
  });

  it("returns a valid file's kind, document, name and source map", () => {
    const text = `${V}kind: Systems\nsystems:\n  - id: s\n    name: s\n    category: crm\n`;
    const result = parseInventoryFile("x.yaml", text);
    assert.deepStrictEqual(Object.keys(result).sort(), ["diagnostics", "parsed", "secrets"]);
    assert.deepStrictEqual(result.diagnostics, []);
    const { kind, doc, file, source } = result.parsed!;
    assert.deepStrictEqual({ kind, doc, file }, { kind: "Systems", doc: { version: "reliability/v1", kind: "Systems", systems: [{ id: "s", name: "s", category: "crm" }] }, file: "x.yaml" });
    assert.equal(source.text, text);
  });
});

describe("describeLocation and withContext", () => {
  const doc = { slos: [{ id: "lead-delivery", sli: { good: "q" } }, { sli: {} }], failureModes: [{ id: "m", detection: {} }], webhooks: [{ id: "w" }], teams: [{ id: "t" }], rotations: [{ id: "r" }], systems: [{ id: "s" }], maintenance: [{ id: "mw" }], freezes: [{ id: "f" }], other: [{ id: "o" }], names: ["x"] };

  it("names each listed element by its kind and id", () => {
    const cases: [(string | number)[], string][] = [
      [["slos", 0, "sli", "good"], "slo lead-delivery: sli.good"],
      [["failureModes", 0, "detection"], "failure mode m: detection"],
      [["webhooks", 0], "webhook w"],
      [["teams", 0], "team t"],
      [["rotations", 0], "rotation r"],
      [["systems", 0], "system s"],
      [["maintenance", 0], "maintenance window mw"],
      [["freezes", 0], "change freeze f"],
    ];
    for (const [path, expected] of cases) assert.equal(describeLocation(doc, path), expected);
  });

  it("keeps the index where the element has no text id, or its list is not one it names", () => {
    assert.equal(describeLocation(doc, ["slos", 1, "sli"]), "slos[1].sli");
    assert.equal(describeLocation(doc, ["other", 0, "id"]), "other[0].id");
    assert.equal(describeLocation(doc, ["names", 0]), "names[0]");
    assert.equal(describeLocation(doc, ["slos", 5]), "slos[5]");
    assert.equal(describeLocation({ teams: [{ id: 3 }] }, ["teams", 0]), "teams[0]");
    assert.equal(describeLocation({ slos: [null, "x", 5] }, ["slos", 0]), "slos[0]");
    assert.equal(describeLocation({ slos: [null, "x", 5] }, ["slos", 1]), "slos[1]");
    // Only a list element is named by its id, not a mapping's value that has one.
    assert.equal(describeLocation({ teams: { a: { id: "t" } } }, ["teams", "a"]), "teams.a");
    assert.equal(describeLocation([{ id: "x" }], [0, "a"]), "[0].a");
    assert.equal(describeLocation(doc, []), "");
  });

  it("names nested elements one after another", () => {
    assert.equal(describeLocation({ slos: [{ id: "a", failureModes: [{ id: "b", x: 1 }] }] }, ["slos", 0, "failureModes", 0, "x"]), "slo a: failure mode b: x");
  });

  it("starts a message with its context, or not at all", () => {
    assert.equal(withContext("slo a", "bad"), "slo a: bad");
    assert.equal(withContext("", "bad"), "bad");
  });
});

describe("ruleContext: indexes and reporters", () => {
  const parsed = (file: string, text: string): ParsedFile => parseInventoryFile(file, text).parsed!;

  it("indexes every definition in file order and keeps the first of each id", () => {
    const teams = parsed("t.yaml", `${V}kind: Teams\nteams:\n  - { id: a, name: first, chatChannel: "#a", members: [{ name: P, email: p@example.com, timeZone: UTC }] }\n  - { id: a, name: second, chatChannel: "#a", members: [{ name: P, email: p@example.com, timeZone: UTC }] }\n`);
    const systems = parsed("s.yaml", `${V}kind: Systems\nsystems:\n  - { id: s, name: one, category: crm }\n  - { id: s, name: two, category: web }\n`);
    assert.ok(teams && systems);
    const index = indexFiles([teams, systems]);
    assert.deepStrictEqual(index.teams.map((t) => [t.value.name, t.file.file, t.path]), [["first", "t.yaml", ["teams", 0]], ["second", "t.yaml", ["teams", 1]]]);
    assert.deepStrictEqual(index.systems.map((s) => [s.value.name, s.path]), [["one", ["systems", 0]], ["two", ["systems", 1]]]);
    assert.deepStrictEqual([...index.teamById].map(([id, t]) => [id, t.value.name]), [["a", "first"]]);
    assert.deepStrictEqual([...index.systemById].map(([id, s]) => [id, s.value.name]), [["s", "one"]]);
    assert.deepStrictEqual([index.integrations, index.rotations, index.alertTestFiles, [...index.rotationById]], [[], [], [], []]);
  });

  it("indexes the fixture's integrations, rotations and alert tests files whole", () => {
    const f = edited((f) => withAlertTests(f));
    const files = [...f.files].map(([file, text]) => parseInventoryFile(file, text).parsed!);
    const index = indexFiles(files);
    assert.deepStrictEqual(index.integrations.map((i) => [i.value.id, i.path]), [1, 2, 3, 4, 5, 6].map((n) => [`integration-000${n}`, []]));
    assert.deepStrictEqual(index.rotations.map((r) => [r.value.id, r.path]), [["growth-engineering-primary", ["rotations", 0]], ["revenue-operations-primary", ["rotations", 1]]]);
    assert.deepStrictEqual([...index.rotationById.keys()], ["growth-engineering-primary", "revenue-operations-primary"]);
    assert.deepStrictEqual(index.alertTestFiles.map((a) => [a.value.integration, a.file.file, a.path]), [["integration-0001", "inventory/integrations/tests/integration-0001.yaml", []]]);
  });

  it("reports at a position, an error unless told otherwise, and at a YAML path", () => {
    const out: Diagnostic[] = [];
    const { report, reportAt } = createReporters(out);
    reportAt("r.md", { line: 3, column: 4 }, "runbook-placeholder", "m1");
    reportAt("r.md", { line: 5, column: 6 }, "runbook-placeholder", "m2", "warning");
    const where = parseInventoryFile("x.yaml", `${V}kind: Systems\nsystems:\n  - { id: s, name: s, category: crm }\n`).parsed!;
    report(where, ["systems", 0, "name"], "duplicate-id", "m3");
    report(where, ["systems", 0], "duplicate-id", "m4", "warning");
    assert.deepStrictEqual(out, [
      { file: "r.md", line: 3, column: 4, severity: "error", rule: "runbook-placeholder", message: "m1" },
      { file: "r.md", line: 5, column: 6, severity: "warning", rule: "runbook-placeholder", message: "m2" },
      { file: "x.yaml", line: 4, column: 20, severity: "error", rule: "duplicate-id", message: "m3" },
      { file: "x.yaml", line: 4, column: 5, severity: "warning", rule: "duplicate-id", message: "m4" },
    ]);
  });
});

describe("validateInventory: files and runbooks", () => {
  const missing = (path: string, why: string) =>
    `${INT4}:8:10: error: ${why}; create it with "npm run new-integration -- integration-0004" or fix the path [runbook-missing]`.replace("PATH", path);

  it("refuses a runbook path that leaves the folder, by a leading slash or a .. segment with either slash", () => {
    for (const path of ["/etc/x.md", "a\\..\\x.md", "a/../x.md", ".."]) {
      const result = validateFixture(edited(edit(INT4, "tier: 2", `tier: 2\nrunbook: "${path.replace(/\\/g, "\\\\")}"`)));
      assert.deepStrictEqual(result.diagnostics.map(formatDiagnostic), [missing(path, "runbook path PATH must be a relative path inside the runbooks folder")], path);
      assert.equal(result.inventory, undefined);
    }
  });

  it("looks for a path that only has dots in a name inside the folder", () => {
    const result = validateFixture(edited(edit(INT4, "tier: 2", "tier: 2\nrunbook: a/..x.md")));
    assert.deepStrictEqual(result.diagnostics.map(formatDiagnostic), [missing("a/..x.md", "there is no runbook PATH in the runbooks folder")]);
  });

  it("reports the missing runbook of a draft once, on the first file (by name) with that id, and not its TODO field", () => {
    const f = edited((f) => {
      f.files.set("inventory/integrations/integration-0007.yaml", `${V}kind: Integration\nid: draft-one\nname: TODO\n`);
      f.files.set("inventory/integrations/integration-0000.yaml", `${V}kind: Integration\nid: draft-one\n`);
    });
    const result = validateFixture(f);
    const notSchema = result.diagnostics.filter((d) => d.rule !== "schema").map(formatDiagnostic);
    assert.deepStrictEqual(notSchema, [
      'inventory/integrations/integration-0000.yaml:3:5: error: there is no runbook draft-one.md in the runbooks folder; create it with "npm run new-integration -- draft-one" or fix the path [runbook-missing]',
      "inventory/integrations/integration-0007.yaml:4:7: error: name: still holds the placeholder TODO; replace it with the real value [placeholder]",
    ]);
    assert.ok(!result.diagnostics.some((d) => d.rule === "schema" && d.message.includes('"name"') && d.file.endsWith("0007.yaml")));
  });

  it("reports a runbook that is there but not read on itself, and builds no model", () => {
    const f = loadFixture();
    const read = memoryReader(f.runbooks);
    const unread: UnreadableFile = { file: "runbooks/integration-0004.md", problem: { rule: "unreadable-file", line: 1, column: 1, message: "not read" } };
    const sources: InventorySource[] = [...f.files].map(([file, text]) => ({ file, text }));
    const result = validateInventory(sources, (p) => (p === "integration-0004.md" ? unread : read(p)));
    assert.deepStrictEqual(result, { diagnostics: [{ file: "runbooks/integration-0004.md", line: 1, column: 1, severity: "error", rule: "unreadable-file", message: "not read" }] });
  });

  it("builds the model without the forwarder's runbook when that runbook is not read and its error is tolerated", () => {
    const f = loadFixture();
    const read = memoryReader(f.runbooks);
    const unread: UnreadableFile = { file: "runbooks/webhook-forwarder.md", problem: { rule: "unreadable-file", line: 1, column: 1, message: "not read" } };
    const sources: InventorySource[] = [...f.files].map(([file, text]) => ({ file, text }));
    const result = validateInventory(sources, (p) => (p === "webhook-forwarder.md" ? unread : read(p)), { tolerate: new Set(["unreadable-file"]) });
    assert.deepStrictEqual(result.diagnostics.map(formatDiagnostic), ["runbooks/webhook-forwarder.md:1:1: error: not read [unreadable-file]"]);
    assert.deepStrictEqual(Object.keys(result.inventory!), ["integrations", "teams", "rotations", "systems", "changeFreezes"]);
    // Not tolerated, the same error leaves no model.
    assert.equal(validateInventory(sources, (p) => (p === "webhook-forwarder.md" ? unread : read(p))).inventory, undefined);
  });

  it("reports a file not read, or not text, as that one diagnostic", () => {
    const f = loadFixture();
    const sources: InventorySource[] = [
      ...[...f.files].map(([file, text]) => ({ file, text })),
      { file: "inventory/z.yaml", problem: { rule: "unreadable-file", line: 1, column: 1, message: "gone" } },
      { file: "inventory/y.yaml", text: "a\u0000" },
    ];
    assert.deepStrictEqual(validateInventory(sources, memoryReader(f.runbooks)), {
      diagnostics: [
        { file: "inventory/y.yaml", line: 1, column: 2, severity: "error", rule: "invalid-text", message: "this file holds a NUL character (U+0000), which is not text; remove it" },
        { file: "inventory/z.yaml", line: 1, column: 1, severity: "error", rule: "unreadable-file", message: "gone" },
      ],
    });
  });

  it("checks the runbook of a draft in the same round", () => {
    const f = edited((f) => {
      f.files.set("inventory/integrations/draft.yaml", `${V}kind: Integration\nid: draft-two\nname: TODO\n`);
      f.runbooks.set("draft-two.md", replaceOnce(f.runbooks.get("integration-0004.md")!, "What it does and why revenue depends on it for integration-0004.", "TODO"));
    });
    assert.deepStrictEqual(validateFixture(f).diagnostics.filter((d) => d.rule !== "schema").map(formatDiagnostic), [
      "inventory/integrations/draft.yaml:4:7: error: name: still holds the placeholder TODO; replace it with the real value [placeholder]",
      "runbooks/draft-two.md:5:1: error: the scaffold's placeholder TODO is still here; replace it with the real content [runbook-placeholder]",
    ]);
  });

  it("does not call a team missing when its file is shape-invalid but still declares it", () => {
    const f = edited(edit("inventory/teams.yaml", '    chatChannel: "#revenue-operations-alerts"\n', ""));
    assert.deepStrictEqual(validateFixture(f).diagnostics.map(formatDiagnostic), ['inventory/teams.yaml:18:5: error: team revenue-operations: missing required field "chatChannel" [schema]']);
  });

  it("repeats no secret flagged in an inventory file or a runbook, even where no pattern would find it alone", () => {
    const secret = "zq8mw3lr5tx7kp2n";
    const dangling = `${INT1}:8:8: error: there is no team "[redacted]"; expected one of: growth-engineering, revenue-operations [unresolved-reference]`;
    const inFile = edited((f) => {
      edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", `description: "Old password: ${secret} retired."`)(f);
      edit(INT1, "owner: revenue-operations", `owner: ${secret}`)(f);
    });
    assert.deepStrictEqual(validateFixture(inFile).diagnostics.map(formatDiagnostic), [
      `${INT1}:6:29: error: description: contains what looks like a credential assigned to a key or password field; keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real [literal-secret]`,
      dangling,
    ]);
    const inRunbook = edited((f) => {
      f.runbooks.set("integration-0004.md", replaceOnce(f.runbooks.get("integration-0004.md")!, "depends on it for integration-0004.", `depends on it for integration-0004 (password: ${secret}).`));
      edit(INT1, "owner: revenue-operations", `owner: ${secret}`)(f);
    });
    assert.deepStrictEqual(validateFixture(inRunbook).diagnostics.map(formatDiagnostic), [
      dangling,
      "runbooks/integration-0004.md:5:76: error: this runbook holds what looks like a credential assigned to a key or password field; keep secrets out of runbooks (on call reads them from the secret store) and rotate it if it was real [literal-secret]",
    ]);
  });

  it("tolerates the prose rules (a placeholder left in a field) for an earlier revision, and names exactly those", () => {
    assert.deepStrictEqual([...PROSE_RULES], ["runbook-placeholder", "placeholder", "forwarder-runbook", "runbook-stale-reference"]);
    const f = edited(edit(INT1, "description: Web form leads for region 1 flow through HubSpot into Salesforce.", "description: TODO"));
    const result = validateFixture(f, { tolerate: PROSE_RULES });
    assert.deepStrictEqual(result.diagnostics.map(formatDiagnostic), [`${INT1}:6:14: error: description: still holds the placeholder TODO; replace it with the real value [placeholder]`]);
    assert.equal(result.inventory?.integrations.find((i) => i.id === "integration-0001")?.description, "TODO");
  });

  it("keeps two sources of the same name in the order given", () => {
    const draft = (comment: string) => ({ file: "inventory/a.yaml", text: `${comment}${V}kind: Integration\nid: twice\n` });
    const result = validateInventory([draft(""), draft("# second\n")], memoryReader(new Map()));
    assert.deepStrictEqual(result.diagnostics.filter((d) => d.rule === "runbook-missing").map(formatDiagnostic), [
      'inventory/a.yaml:3:5: error: there is no runbook twice.md in the runbooks folder; create it with "npm run new-integration -- twice" or fix the path [runbook-missing]',
    ]);
  });

  it("parses each readable file with the parser it is given", () => {
    const f = loadFixture();
    const seen: string[] = [];
    const result = validateFixture(f, {
      parseFile: (file, text) => {
        seen.push(file);
        return parseInventoryFile(file, text);
      },
    });
    assert.deepStrictEqual(result.diagnostics, []);
    assert.deepStrictEqual(seen, [...f.files.keys()].sort());
  });
});

describe("buildModel: the model of a valid inventory", () => {
  it("ranks integrations by revenue exposure and failure modes by frequency, then file order", () => {
    const inventory = validateFixture(loadFixture()).inventory!;
    assert.deepStrictEqual(
      inventory.integrations.map((i) => [i.id, i.rank, i.runbook, i.detectionAnchor]),
      [5, 1, 6, 2, 3, 4].map((n, i) => [`integration-000${n}`, i + 1, `integration-000${n}.md`, "detection-and-monitors"]),
    );
    const int1 = inventory.integrations.find((i) => i.id === "integration-0001")!;
    assert.deepStrictEqual(
      int1.failureModes.map((m) => [m.id, m.frequency, m.rank, m.runbookAnchor, m.previousIds]),
      [
        ["api-errors", "weekly", 1, "crm-api-errors", []],
        ["rate-limit", "weekly", 2, "rate-limit-nearly-exhausted", []],
        ["field-deprecated", "monthly", 3, "crm-field-deprecated", []],
        ["volume-drop", "monthly", 4, "submission-volume-drop", []],
        ["silent", "quarterly", 5, "no-submissions-arriving", []],
      ],
    );
    assert.deepStrictEqual(int1.slos.map((s) => [s.id, s.window, s.previousIds]), [["delivered-within-60s", "30d", []], ["accepted", "7d", []]]);
    assert.deepStrictEqual([int1.previousIds, int1.alertTests], [[], []]);
    for (const key of ["version", "kind", "alertTests"]) assert.ok(!(key in int1) || key === "alertTests", key);
    assert.deepStrictEqual(inventory.forwarderRunbook, {
      file: "webhook-forwarder.md",
      anchors: { noDeliveries: "no-deliveries-from-a-webhook-source", deadLetters: "deliveries-dead-lettered", errors: "forwarder-lambda-errors", throttles: "forwarder-lambda-throttled" },
    });
  });

  it("keeps previous ids and a named runbook, and drops version and kind", () => {
    const f = edited((f) => {
      edit(INT4, "tier: 2", "tier: 2\nrunbook: ops/four.md\npreviousIds: [old-four]")(f);
      edit(INT4, "  - id: accepted\n", "  - id: accepted\n    previousIds: [old-accepted]\n")(f);
      edit(INT4, "  - id: silent\n", "  - id: silent\n    previousIds: [old-silent]\n")(f);
      f.runbooks.set("ops/four.md", f.runbooks.get("integration-0004.md")!);
    });
    const result = validateFixture(f);
    assert.deepStrictEqual(result.diagnostics, []);
    const int4 = result.inventory!.integrations.find((i) => i.id === "integration-0004")!;
    assert.deepStrictEqual([int4.runbook, int4.previousIds], ["ops/four.md", ["old-four"]]);
    assert.deepStrictEqual(int4.slos.map((s) => [s.id, s.previousIds]), [["delivered-within-60s", []], ["accepted", ["old-accepted"]]]);
    assert.deepStrictEqual(int4.failureModes.find((m) => m.id === "silent")!.previousIds, ["old-silent"]);
    assert.ok(!("version" in int4) && !("kind" in int4));
  });

  it("gives each integration its own alert tests, the inline ones first", () => {
    const f = edited((f) => withAlertTests(f));
    const inventory = validateFixture(f).inventory!;
    const tests = inventory.integrations.map((i) => [i.id, i.alertTests.map((t) => t.name)]);
    assert.deepStrictEqual(
      tests.find(([id]) => id === "integration-0001"),
      ["integration-0001", ["CRM rejects a sixth of leads for half an hour", "HubSpot's API allowance runs low for half an hour"]],
    );
    assert.ok(tests.every(([id, names]) => id === "integration-0001" || names.length === 0));
  });

  it("sorts teams, rotations and systems by id, and change freezes by start, then id", () => {
    const f = edited((f) => {
      swapEntries(f, "inventory/teams.yaml", "  - id: growth-engineering\n", "  - id: revenue-operations\n");
      swapEntries(f, "inventory/rotations.yaml", "  - id: growth-engineering-primary\n", "  - id: revenue-operations-primary\n");
      f.files.set("inventory/freezes.yaml", `${V}kind: ChangeFreezes\nfreezes:\n${freeze("a", "2027-01-01T00:00", 1)}${freeze("c", "2026-12-01T00:00", 2)}${freeze("b", "2027-01-01T00:00", 3)}${freeze("e", "2027-02-01T00:00", 4)}${freeze("d", "2027-02-01T00:00", 5)}`);
    });
    const result = validateFixture(f);
    assert.deepStrictEqual(result.diagnostics.filter((d) => d.severity === "error"), []);
    const inventory = result.inventory!;
    assert.deepStrictEqual(inventory.teams.map((t) => t.id), ["growth-engineering", "revenue-operations"]);
    assert.deepStrictEqual(inventory.rotations.map((r) => r.id), ["growth-engineering-primary", "revenue-operations-primary"]);
    assert.deepStrictEqual(inventory.systems.map((s) => s.id), ["hubspot", "salesforce", "webflow-forms"]);
    // Two pairs that start together, one already in id order in the file and one not.
    assert.deepStrictEqual(inventory.changeFreezes.map((c) => c.id), ["c", "a", "b", "d", "e"]);
  });

  it("keeps definitions that share an id in file order when duplicate-id is tolerated", () => {
    const f = edited((f) => {
      const teams = f.files.get("inventory/teams.yaml")!;
      const second = teams.indexOf("  - id: revenue-operations\n");
      f.files.set("inventory/teams.yaml", `${teams}${teams.slice(second).replace("name: revenue-operations\n", "name: again\n")}`);
      f.files.set("inventory/freezes.yaml", `${V}kind: ChangeFreezes\nfreezes:\n${freeze("a", "2027-01-01T00:00", 1)}${freeze("a", "2027-01-01T00:00", 2)}`);
    });
    const result = validateFixture(f, { tolerate: new Set(["duplicate-id"]) });
    assert.deepStrictEqual([...new Set(result.diagnostics.map((d) => d.rule))], ["duplicate-id"]);
    const inventory = result.inventory!;
    assert.deepStrictEqual(inventory.teams.map((t) => [t.id, t.name]), [["growth-engineering", "growth-engineering"], ["revenue-operations", "revenue-operations"], ["revenue-operations", "again"]]);
    assert.deepStrictEqual(inventory.changeFreezes.map((c) => [c.id, c.scope.integrations]), [["a", ["integration-0001"]], ["a", ["integration-0002"]]]);
  });

  it("refuses an SLO window the schema would not have let through, when handed one directly", () => {
    const f = loadFixture();
    const files = [...f.files].map(([file, text]) => parseInventoryFile(file, text).parsed!);
    const index = indexFiles(files);
    const runbooks = new Map(index.integrations.map((integration) => [integration.value.id, { integration, runbook: parseRunbook(`runbooks/${integration.value.id}.md`, f.runbooks.get(`${integration.value.id}.md`)!), gaps: [] }]));
    const ctx: RuleContext = { files, ...index, runbooks, draftRunbooks: new Map(), declaredInBrokenFiles: new Set(), ...createReporters([]) };
    // Without the forwarder's runbook in the context, the model has no forwarderRunbook at all.
    const { forwarderRunbook: _forwarder, ...withoutForwarder } = validateFixture(loadFixture()).inventory!;
    assert.deepStrictEqual(buildModel(ctx), withoutForwarder);
    (index.integrations[2]!.value.slos[1] as { window: string }).window = "2d";
    assert.throws(() => buildModel(ctx), { message: "unchecked SLO window 2d" });
  });
});
