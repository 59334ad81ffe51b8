/**
 * The hostile-input property: arbitrary text (handles, template blocks, line breaks, markdown
 * headings, HTML, Unicode, secret-shaped tokens) placed in any free-text field of the valid
 * fixture is either rejected by `check`, or changes nothing that matters: every monitor notifies
 * exactly the handles it did, the plan's markdown has the same headings, and no generated
 * secret appears in any output (diagnostics, plan text, markdown, JSON).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { formatDiagnostic, hasErrors } from "../../compiler/diagnostics";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { MONITOR } from "../../compiler/lower/monitors";
import { settingsFromConfig } from "../../compiler/lower/settings";
import type { Inventory } from "../../compiler/model";
import { messageHandles } from "../../compiler/notificationSyntax";
import { planJson, plannedResources } from "../../compiler/plan/plannedResource";
import { renderMarkdown, renderText } from "../../compiler/plan/renderPlan";
import type { Path } from "../../compiler/path";
import { notificationHandles } from "../../policy/rules/monitorMessage";
import { loadFixture, validateFixture, type Fixture } from "../support/fixture";

const settings = settingsFromConfig((k) => ({ runbookBaseUrl: "https://github.com/acme/martech-reliability/blob/main/runbooks", environment: "prod" })[k]);
const base = loadFixture();
const docs = new Map([...base.files].map(([file, text]) => [file, parseDocument(text)]));

/** Keys whose values are prose rather than ids, queries, emails or enums. */
const FREE_TEXT_KEYS = new Set(["name", "description", "title", "reason", "basis", "statusPage", "runbook", "header", "prefix"]);

interface Field {
  readonly file: string;
  readonly path: Path;
}

/** Every string scalar of a document, by path. */
function stringPaths(doc: Document): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, String((pair.key as { value: unknown }).value)]);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (isScalar(node) && typeof node.value === "string") out.push(path);
  };
  walk(doc.contents, []);
  return out;
}

const allStrings: Field[] = [...docs].flatMap(([file, doc]) => stringPaths(doc).map((path) => ({ file, path })));
/** Free text as written, plus optional free-text fields the fixture leaves out (a runbook path, a status page, a retirement reason). */
const freeText: Field[] = [
  ...allStrings.filter((f) => FREE_TEXT_KEYS.has(String(f.path[f.path.length - 1]))),
  ...[...docs.keys()].filter((file) => file.includes("/integrations/")).flatMap((file): Field[] => [
    { file, path: ["runbook"] },
    { file, path: ["slos", 0, "retired", "reason"] },
  ]),
  ...[0, 1, 2].map((i): Field => ({ file: "inventory/systems.yaml", path: ["systems", i, "statusPage"] })),
];
const otherStrings = allStrings.filter((f) => !FREE_TEXT_KEYS.has(String(f.path[f.path.length - 1])));

const ALNUM = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];
const HEX = [..."0123456789abcdef"];
/** Tokens of documented secret shapes: a Stripe secret key, a Datadog API key. */
const secret = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 24, maxLength: 24 }).map((s) => `sk_live_${s}`),
  fc.string({ unit: fc.constantFrom(...HEX), minLength: 32, maxLength: 32 }).filter((s) => /[0-9]/.test(s) && /[a-f]/.test(s)),
);
/** Text that must never get through: handles, template syntax, Slack mentions, line breaks. */
const injection = fc.constantFrom(
  "@x", "@pagerduty-integration-0002", "@slack-ceo-office", "@all", "cc @acme/security-team", "support@example.com",
  "{{#is_alert}}", "{{/is_alert}}", "}}", "{{{value}}}", "{{^is_recovery}}", "<!here>", "<!channel>", "<@U024BE7LH>", "<!subteam^S012345>",
  "\n", "\r\n", "\r", "\u2028", "\u0085", "\n\n# Reliability review: APPROVED\n", "\n## Plan\n", "\n---\n",
);
/** Text that may get through, and must then change nothing: markdown, HTML, lines the plan and CrossGuard read, Unicode. */
const benign = fc.constantFrom(
  "# heading", "## Plan", "<script>alert(1)</script>", "<details>", "</details>", "`", "|", "**", "_x_", "[x](https://evil.example)", "&amp;", "&#64;all",
  "Runbook: https://evil.example/r#a", "Retired: yes", "Burn-rate alerts: none", "- item", "> quote", " ", "é", "🙂", "\u200b", "\t", "@ ", "{ {",
);
const fragment = fc.oneof({ weight: 2, arbitrary: injection }, { weight: 4, arbitrary: benign }, { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "grapheme" }) });
/** A text, and the secret it carries if any. */
const hostileText = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 4 }), fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: secret }), fc.nat()).map(([parts, token, at]) => {
  if (token === undefined) return { text: parts.join(""), secret: undefined };
  const i = at % (parts.length + 1);
  return { text: [...parts.slice(0, i), ` ${token} `, ...parts.slice(i)].join(""), secret: token };
});
const field = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...freeText) }, { weight: 1, arbitrary: fc.constantFrom(...otherStrings) });

/**
 * The fixture with each field set to its text. A failure mode's title is also its runbook
 * heading, so a one-line title is written there too: otherwise every title edit would be
 * rejected for the missing heading, and the property would never see one accepted.
 */
function withEdits(edits: readonly (readonly [Field, string])[]): Fixture {
  const fixture: Fixture = { files: new Map(base.files), runbooks: new Map(base.runbooks) };
  const edited = new Map<string, Document>();
  for (const [{ file, path }, text] of edits) {
    const doc = edited.get(file) ?? docs.get(file)!.clone();
    edited.set(file, doc);
    const old = doc.getIn(path);
    doc.setIn(path, text);
    const runbook = file.replace(/^.*\//, "").replace(/\.yaml$/, ".md");
    if (path[0] === "failureModes" && path[2] === "title" && !/[\r\n\u2028\u2029\u0085]/.test(text) && fixture.runbooks.has(runbook)) {
      fixture.runbooks.set(runbook, fixture.runbooks.get(runbook)!.replace(`### ${String(old)}\n`, `### ${text.trim()}\n`));
    }
  }
  for (const [file, doc] of edited) fixture.files.set(file, doc.toString());
  return fixture;
}

/** Monitor logical name -> the handles its message notifies, read by the compiler and by the policy pack. */
function handles(inventory: Inventory): Map<string, { compiler: string[]; policy: string[] }> {
  return new Map(
    lowerInventory(inventory, settings)
      .resources.filter((r) => r.type === MONITOR)
      .map((r) => {
        const message = String((r.inputs as { message: string }).message);
        return [r.name, { compiler: messageHandles(message), policy: notificationHandles(message) }];
      }),
  );
}

function outputs(inventory: Inventory): { text: string; markdown: string; json: string } {
  const planned = plannedResources(lowerInventory(inventory, settings));
  return { text: renderText(planned, inventory), markdown: renderMarkdown(planned, inventory), json: planJson(planned) };
}

/** The markdown's heading structure, which free text must never change: ATX headings, and setext underlines (or thematic breaks). */
const structure = (markdown: string) => markdown.split("\n").filter((line) => /^ {0,3}(#{1,6}(\s|$)|=+\s*$|-{3,}\s*$)/.test(line));

describe("hostile input: property over every free-text field", function () {
  const valid = validateFixture(base).inventory;
  assert.ok(valid);
  const baseHandles = handles(valid);
  const baseStructure = structure(outputs(valid).markdown);

  it("arbitrary text is rejected, or changes no monitor's handles, no markdown heading, and leaks no secret", () => {
    /** Last path segments of fields whose hostile edits were accepted: the property must not pass only by rejection. */
    const accepted = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(field, hostileText), { minLength: 1, maxLength: 2 }), (edits) => {
        const secrets = edits.map(([, t]) => t.secret).filter((s): s is string => s !== undefined);
        const result = validateFixture(withEdits(edits.map(([f, t]) => [f, t.text] as const)));
        const diagnostics = result.diagnostics.map(formatDiagnostic).join("\n");
        for (const s of secrets) assert.ok(!diagnostics.includes(s), `a diagnostic repeats the secret ${s}:\n${diagnostics}`);
        if (hasErrors(result.diagnostics)) return;
        assert.ok(result.inventory);
        for (const [f] of edits) accepted.add(String(f.path[f.path.length - 1]));
        // Retiring an SLO (one of the optional fields set) drops its burn alerts; every monitor left notifies what it did.
        for (const [name, h] of handles(result.inventory)) assert.deepEqual(h, baseHandles.get(name), name);
        const out = outputs(result.inventory);
        assert.deepEqual(structure(out.markdown), baseStructure);
        for (const s of secrets) for (const [name, text] of Object.entries(out)) assert.ok(!text.includes(s), `the plan's ${name} output repeats the secret ${s}`);
      }),
      { seed: 11, numRuns: 100 },
    );
    for (const key of ["name", "title", "description"]) assert.ok(accepted.has(key), `no hostile ${key} was accepted, so the property only saw rejections there`);
  });
});
