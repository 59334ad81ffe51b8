/**
 * The editor schemas (README, "Editor support"): committed and fresh, named by every sample file's
 * first line, accepting every sample, and rejecting what `check` rejects where JSON Schema can say
 * it, so an editor with the YAML extension really validates.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parse, stringify } from "yaml";
import { jsonSchemaText, KINDS, SCHEMA_DIR, SCHEMA_FILES } from "../compiler/editorSchema/jsonSchemas";
import { modelineSchema, schemaPathFor, withModeline } from "../compiler/editorSchema/modeline";
import { parseInventoryFile } from "../compiler/validate/parseFile";
import { SCHEMAS, type Kind } from "../compiler/validate/schema";
import { REPO, runCli } from "./support/runCli";

const SCHEMAS_AT = join(REPO, SCHEMA_DIR);
const SAMPLE_FOLDERS = ["inventory", join("test", "fixtures", "valid", "inventory")];

/**
 * Draft-07, as yaml-language-server reads it. Strict, so an unknown or misspelt keyword is an
 * error, except two of ajv's own style checks: `required` and `properties` in a subschema
 * (`oneOf`, `if`/`then`) may name properties the enclosing object defines, as JSON Schema allows.
 * `uri` is checked as URL parsing checks it; `email` and `date` by the patterns zod writes beside them.
 */
function validators(): Record<Kind, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, formats: { uri: (s: string) => URL.canParse(s), email: true, date: true } });
  return Object.fromEntries(KINDS.map((k) => [k, ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_AT, SCHEMA_FILES[k]), "utf8")))])) as Record<Kind, ValidateFunction>;
}

function yamlFilesUnder(folder: string): string[] {
  return (readdirSync(join(REPO, folder), { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(folder, f)).sort();
}

const describeErrors = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");

describe("editor JSON Schemas", () => {
  let validate: Record<Kind, ValidateFunction>;
  before(() => (validate = validators()));

  it("are committed as npm run schemas writes them, one per file kind", () => {
    for (const kind of KINDS) {
      const file = join(SCHEMA_DIR, SCHEMA_FILES[kind]);
      const committed = existsSync(join(REPO, file)) ? readFileSync(join(REPO, file), "utf8") : "(missing)";
      assert.ok(committed === jsonSchemaText(kind), `${file} is stale: the zod schemas changed since it was generated; run npm run schemas and commit the result`);
    }
    assert.deepEqual(readdirSync(SCHEMAS_AT).sort(), Object.values(SCHEMA_FILES).sort(), `${SCHEMA_DIR}/ holds a file no kind generates; run npm run schemas`);
  });

  it("every sample file names its kind's schema on its first line and passes it, as it passes the zod schema", () => {
    const files = SAMPLE_FOLDERS.flatMap(yamlFilesUnder);
    assert.ok(files.length >= 20, `found only ${files.length} sample files`);
    for (const file of files) {
      const text = readFileSync(join(REPO, file), "utf8");
      const data = parse(text) as { kind: Kind };
      const named = modelineSchema(text);
      assert.ok(named, `${file}: the first line must be "# yaml-language-server: $schema=${schemaPathFor(join(REPO, file), data.kind)}"`);
      assert.equal(resolve(REPO, dirname(file), named), join(SCHEMAS_AT, SCHEMA_FILES[data.kind]), `${file}: its modeline names ${named}, not the ${data.kind} schema`);
      assert.ok(SCHEMAS[data.kind].safeParse(data).success, `${file} fails the zod schema`);
      assert.ok(validate[data.kind](data), `${file} fails ${SCHEMA_FILES[data.kind]}: ${describeErrors(validate[data.kind].errors)}`);
    }
  });

  it("the integration template names the schema and fails it only where a placeholder still stands", () => {
    const text = readFileSync(join(REPO, "templates", "integration.yaml"), "utf8");
    assert.equal(resolve(REPO, "templates", modelineSchema(text) ?? ""), join(SCHEMAS_AT, SCHEMA_FILES.Integration));
    const data = parse(text) as Record<string, unknown>;
    validate.Integration(data);
    const at = (pointer: string) => pointer.split("/").slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], data);
    const placeholder = (v: unknown) => typeof v === "string" && /TODO|__[A-Z_]+__/.test(v);
    const real = (validate.Integration.errors ?? []).filter((e) => !placeholder(at(e.instancePath)));
    assert.deepEqual(real, [], `the template's structure fails the schema: ${describeErrors(real)}`);
  });

  // Each row breaks a sample file the way a person might: `change` edits the mapping at `node`, and
  // the schema must refuse it at `at` (default: `node`); check's per-file validation refuses it too.
  const INT1 = "test/fixtures/valid/inventory/integrations/integration-0001.yaml";
  type Node = Record<string, unknown>;
  const rows: { name: string; file: string; kind: Kind; node: string; change: (n: Node) => void; at?: string; keyword: string }[] = [
    { name: "a misspelt field", file: INT1, kind: "Integration", node: "", change: (n) => ((n.ownr = n.owner), delete n.owner), keyword: "additionalProperties" },
    { name: "another format version", file: INT1, kind: "Integration", node: "", change: (n) => (n.version = "reliability/v2"), at: "/version", keyword: "const" },
    { name: "a tier out of range", file: INT1, kind: "Integration", node: "", change: (n) => (n.tier = 4), at: "/tier", keyword: "anyOf" },
    { name: "the forwarder's id", file: INT1, kind: "Integration", node: "", change: (n) => (n.id = "webhook-forwarder"), at: "/id", keyword: "not" },
    { name: "a frequency not in the list", file: INT1, kind: "Integration", node: "/failureModes/0", change: (n) => (n.frequency = "sometimes"), at: "/failureModes/0/frequency", keyword: "enum" },
    { name: "an SLO window Datadog lacks", file: INT1, kind: "Integration", node: "/slos/0", change: (n) => (n.window = "28d"), at: "/slos/0/window", keyword: "enum" },
    { name: "an objective of 100", file: INT1, kind: "Integration", node: "/slos/0", change: (n) => (n.objective = 100), at: "/slos/0/objective", keyword: "exclusiveMaximum" },
    { name: "a threshold with above and below", file: INT1, kind: "Integration", node: "/failureModes/4/detection", change: (n) => ((n.above = 1), assert.equal(n.kind, "threshold")), keyword: "oneOf" },
    { name: "genericHmac on a hubspot webhook", file: INT1, kind: "Integration", node: "/webhooks/0", change: (n) => (n.genericHmac = { header: "X-Sig", encoding: "hex" }), at: "/webhooks/0/genericHmac", keyword: "false schema" },
    { name: "a transform test without its output", file: INT1, kind: "Integration", node: "/webhooks/0/forwardTo/0/transformTests/0", change: (n) => delete n.output, keyword: "required" },
    { name: "a chat channel without #", file: "test/fixtures/valid/inventory/teams.yaml", kind: "Teams", node: "/teams/0", change: (n) => (n.chatChannel = "growth-alerts"), at: "/teams/0/chatChannel", keyword: "pattern" },
    { name: "a business day listed twice", file: "test/fixtures/valid/inventory/rotations.yaml", kind: "Rotations", node: "/rotations/0/businessHours", change: (n) => (n.days = ["monday", "monday"]), at: "/rotations/0/businessHours/days", keyword: "uniqueItems" },
    { name: "a status page with a javascript: link", file: "inventory/systems.yaml", kind: "Systems", node: "/systems/1", change: (n) => (assert.ok(n.statusPage), (n.statusPage = "javascript:alert(document.domain)")), at: "/systems/1/statusPage", keyword: "pattern" },
    { name: "a forwarding target over plain http", file: INT1, kind: "Integration", node: "/webhooks/0/forwardTo/0", change: (n) => (n.url = "http://example.my.salesforce.com/services/apexrest/leads"), at: "/webhooks/0/forwardTo/0/url", keyword: "pattern" },
    { name: "a recurring window without duration", file: "inventory/systems.yaml", kind: "Systems", node: "/systems/3/maintenance/0", change: (n) => (assert.ok(n.rrule), delete n.duration), keyword: "required" },
    { name: "a freeze ending at a time with seconds", file: "inventory/change-freezes.yaml", kind: "ChangeFreezes", node: "/freezes/0", change: (n) => (n.end = "2026-12-01T00:00:00"), at: "/freezes/0/end", keyword: "pattern" },
    { name: "an expectation naming no monitor", file: "inventory/integrations/tests/shopify-orders-to-klaviyo.yaml", kind: "AlertTests", node: "/alertTests/0/expect/0", change: (n) => (delete n.firing, delete n.warning, delete n.quiet), keyword: "anyOf" },
  ];

  for (const row of rows) {
    const at = row.at ?? row.node;
    it(`refuses ${row.name} (${row.keyword} at ${at || "/"}), as check does`, () => {
      const data = parse(readFileSync(join(REPO, row.file), "utf8")) as Node;
      assert.ok(validate[row.kind](data), `${row.file} must pass before it is broken`);
      const node = row.node.split("/").slice(1).reduce<Node>((n, key) => n[key] as Node, data);
      assert.ok(node && typeof node === "object", `${row.file} has nothing at ${row.node}; the sample changed, so move this row`);
      row.change(node);
      const checked = parseInventoryFile(row.file, stringify(data)).diagnostics.filter((d) => d.severity === "error");
      assert.notDeepEqual(checked, [], "check accepts it, so this row tests nothing check refuses");
      assert.equal(validate[row.kind](data), false, "the JSON Schema accepts it");
      const errors = validate[row.kind].errors ?? [];
      assert.ok(
        errors.some((e) => e.instancePath === at && e.keyword === row.keyword),
        `expected ${row.keyword} at ${at || "/"}, got: ${errors.map((e) => `${e.keyword} at ${e.instancePath || "/"}`).join(", ")}`,
      );
    });
  }
});

describe("schema modelines", () => {
  const SCHEMA = "../../schemas/integration.schema.json";

  it("point from a file's folder to the kind's schema, with / on every OS", () => {
    assert.equal(schemaPathFor(join(REPO, "inventory", "integrations", "x.yaml"), "Integration"), SCHEMA);
    assert.equal(schemaPathFor(join(REPO, "inventory", "teams.yaml"), "Teams"), "../schemas/teams.schema.json");
    assert.equal(schemaPathFor("/elsewhere/inventory/x.yaml", "Systems", "/repo"), "../../repo/schemas/systems.schema.json");
  });

  it("replace a template's first-line modeline, keeping the rest byte for byte, or add one", () => {
    assert.equal(withModeline("# yaml-language-server: $schema=../schemas/integration.schema.json\r\nversion: 1\r\n", SCHEMA), `# yaml-language-server: $schema=${SCHEMA}\r\nversion: 1\r\n`);
    assert.equal(withModeline("# a comment\nversion: 1\n", SCHEMA), `# yaml-language-server: $schema=${SCHEMA}\n# a comment\nversion: 1\n`);
    assert.equal(modelineSchema("version: 1\n# yaml-language-server: $schema=x.json\n"), undefined, "only the first line counts");
  });

  it("new-integration's scaffold names the schema from where it lands", () => {
    const dir = mkdtempSync(join(tmpdir(), "scaffold-"));
    try {
      const made = runCli("cli/newIntegration.ts", ["webinar-signups", "--inventory", "inventory", "--runbooks", "runbooks"], dir);
      assert.equal(made.status, 0, made.stderr);
      const file = join(dir, "inventory", "integrations", "webinar-signups.yaml");
      const named = modelineSchema(readFileSync(file, "utf8"));
      assert.ok(named, "the scaffold has no modeline");
      assert.equal(resolve(dirname(file), named), join(SCHEMAS_AT, SCHEMA_FILES.Integration), `it names ${named} (${relative(REPO, resolve(dirname(file), named))})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
