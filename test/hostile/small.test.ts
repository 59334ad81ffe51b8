/**
 * Issue 11, smaller defects and help: heading anchors from the rendered text, runbook links with
 * any file name, `usdPerHour: -0`, the local forwarder's banner, and `--help` on every command.
 * (The forwarder's 405 Allow header is tested with the ingress, test/forwarder/ingress.test.ts.)
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { renderPostmortem } from "../../cli/postmortemDraft";
import { HelpRequested, parseCliArgs, UsageError, wantsHelp } from "../../cli/run";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { decodeHtmlEntities } from "../../compiler/load/htmlEntities";
import { headingSlug, parseRunbook } from "../../compiler/load/runbook";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { MONITOR } from "../../compiler/lower/monitors";
import { encodePathSegment, runbookUrl } from "../../compiler/lower/notify";
import { renderText } from "../../compiler/plan/renderPlan";
import { plannedResources } from "../../compiler/plan/plannedResource";
import { formatUsdPerHour } from "../../compiler/revenueRank";
import { banner, urlForDisplay } from "../../forwarder/serve/main";
import { loadServeConfig, parseServeConfig } from "../../forwarder/serve/config";
import { expectedDatadog } from "../../ops/datadog/deployedCheck";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "../support/fixture";
import { REPO, runCliAsync, type CliResult } from "../support/runCli";
import { sampleSettings } from "../support/sampleState";

const INT1 = "inventory/integrations/integration-0001.yaml";
const editFile = (f: Fixture, file: string, from: string, to: string) => f.files.set(file, replaceOnce(f.files.get(file)!, from, to));
const editRunbook = (f: Fixture, name: string, from: string, to: string) => f.runbooks.set(name, replaceOnce(f.runbooks.get(name)!, from, to));

/** The fixture with integration-0001's first failure mode titled `title` and its runbook heading written `heading`. */
function titledFixture(title: string, heading: string): Fixture {
  const f = loadFixture();
  editFile(f, INT1, "title: CRM field deprecated", `title: ${JSON.stringify(title)}`);
  editRunbook(f, "integration-0001.md", "### CRM field deprecated", `### ${heading}`);
  return f;
}

const fieldDeprecated = (f: Fixture) => {
  const { inventory, diagnostics } = validateFixture(f);
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic), []);
  return inventory!.integrations.find((i) => i.id === "integration-0001")!.failureModes.find((m) => m.id === "field-deprecated")!;
};

describe("hostile input: heading anchors from the rendered heading, as GitHub makes them", () => {
  // Each row: the inventory title, the runbook heading, the anchor GitHub gives that heading.
  const ROWS = [
    { title: "CRM field & form deprecated", heading: "CRM field &amp; form deprecated", anchor: "crm-field--form-deprecated" },
    { title: "CRM field &amp; form deprecated", heading: "CRM field & form deprecated", anchor: "crm-field--form-deprecated" },
    { title: "CRM field & form deprecated", heading: "CRM field &#38; form deprecated", anchor: "crm-field--form-deprecated" },
    { title: "Orders > $100 rejected", heading: "Orders &gt; &#36;100 rejected", anchor: "orders--100-rejected" },
    { title: "Café – Zürich sync", heading: "Caf&eacute; &ndash; Z&uuml;rich sync", anchor: "café--zürich-sync" },
    { title: "hs_lead_status missing in Salesforce", heading: "`hs_lead_status` *missing* in **Salesforce**", anchor: "hs_lead_status-missing-in-salesforce" },
    { title: "See the docs and retry", heading: "See [the docs](https://example.com/a_b) and ~~retry~~", anchor: "see-the-docs-and-retry" },
    { title: "Logo sync", heading: "![company logo](logo.png) Logo sync", anchor: "logo-sync" },
  ];
  for (const row of ROWS) {
    it(`title ${JSON.stringify(row.title)} matches "### ${row.heading}", anchored #${row.anchor}`, () => {
      assert.equal(fieldDeprecated(titledFixture(row.title, row.heading)).runbookAnchor, row.anchor);
    });
  }

  it("a code span keeps its entity literally: `&amp;` in code is not `&`", () => {
    const runbook = parseRunbook("r.md", "### Field `a &amp; b` renamed\n");
    assert.equal(runbook.headings[0]!.text, "Field a &amp; b renamed");
    assert.equal(runbook.headings[0]!.anchor, "field-a-amp-b-renamed");
    assert.notEqual(headingSlug("Field a & b renamed"), runbook.headings[0]!.slug);
  });

  it("an escaped ampersand is not a reference; repeats get GitHub's -1, -2", () => {
    const runbook = parseRunbook("r.md", ["### A \\&amp; B", "### A &amp; B", "### A & B", "### A &amp;amp; B"].join("\n\n"));
    assert.deepEqual(runbook.headings.map((h) => [h.text, h.anchor]), [
      ["A &amp; B", "a-amp-b"],
      ["A & B", "a--b"],
      ["A & B", "a--b-1"],
      ["A &amp; B", "a-amp-b-1"],
    ]);
  });

  it("decodes numeric references as CommonMark does, invalid code points as U+FFFD, unknown names as written", () => {
    assert.equal(decodeHtmlEntities("&#35; &#x23; &#X41; &#0; &#xD800; &#1114112; &copy; &notanentity; &amp"), "# # A \ufffd \ufffd \ufffd © &notanentity; &amp");
  });

  it("a heading that renders differently from the title is still the exact positioned error", () => {
    const f = titledFixture("CRM field & form deprecated", "CRM field &amp;amp; form deprecated");
    const errors = validateFixture(f).diagnostics.filter((d) => d.rule === "failure-mode-heading-missing").map(formatDiagnostic);
    assert.deepEqual(errors, [
      `${INT1}:33:12: error: failure mode field-deprecated: runbook runbooks/integration-0001.md has no "### CRM field & form deprecated" heading under "## Failure modes ranked by frequency", and its monitor links there [failure-mode-heading-missing]`,
    ]);
  });
});

describe("hostile input: runbook file names become percent-encoded links", () => {
  const NAME = "lead forms/Form #1 (eu) ü 100%?.md";
  const ENCODED = "lead%20forms/Form%20%231%20%28eu%29%20%C3%BC%20100%25%3F.md";

  function renamedRunbook() {
    const f = loadFixture();
    editFile(f, INT1, "id: integration-0001\n", `id: integration-0001\nrunbook: ${JSON.stringify(NAME)}\n`);
    f.runbooks.set(NAME, f.runbooks.get("integration-0001.md")!);
    f.runbooks.delete("integration-0001.md");
    const { inventory, diagnostics } = validateFixture(f);
    assert.deepEqual(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic), []);
    return inventory!;
  }

  it("encodes each path segment, keeping the folders", () => {
    assert.equal(NAME.split("/").map(encodePathSegment).join("/"), ENCODED);
    assert.equal(encodePathSegment("a!b'c*d"), "a%21b%27c%2Ad");
  });

  it("every monitor message, SLO description and verify-deploy expectation carries the encoded link", () => {
    const inventory = renamedRunbook();
    const settings = sampleSettings();
    const base = `${settings.runbookBaseUrl.replace(/\/+$/, "")}/${ENCODED}`;
    const integration = inventory.integrations.find((i) => i.id === "integration-0001")!;
    assert.equal(runbookUrl(settings, integration, "x"), `${base}#x`);

    const resources = lowerInventory(inventory, settings).resources;
    const messages = resources
      .filter((r) => r.type === MONITOR && (r.inputs as { tags?: string[] }).tags?.includes("integration:integration-0001"))
      .map((r) => (r.inputs as { message: string }).message);
    const links = messages.flatMap((m) => [...m.matchAll(/^Runbook: (.*)$/gm)].map((x) => x[1]!));
    assert.ok(links.length >= integration.failureModes.length, "a runbook line per failure-mode monitor");
    for (const link of links) {
      if (link.includes("webhook-forwarder.md")) continue;
      assert.ok(link.startsWith(`${base}#`), link);
      assert.doesNotMatch(link, /\s/);
    }
    const sloText = JSON.stringify(resources.filter((r) => r.type !== MONITOR && JSON.stringify(r.inputs).includes("integration-0001")).map((r) => r.inputs));
    assert.ok(sloText.includes(base), "SLO descriptions link the encoded path");
    assert.ok(!sloText.includes(NAME), "never the raw name in a link");

    // verify-deploy reads the link back from the message's `Runbook:` line: the whole URL, not up to the space.
    const expected = expectedDatadog(resources).monitors.filter((m) => m.runbookUrl?.includes(ENCODED));
    assert.equal(expected.length, links.filter((l) => l.includes(ENCODED)).length);
    for (const m of expected) assert.match(m.runbookUrl!, new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}#[a-z0-9-]+$`));
  });

  it("the postmortem draft links the encoded path", () => {
    const inventory = renamedRunbook();
    const integration = inventory.integrations.find((i) => i.id === "integration-0001")!;
    const draft = renderPostmortem({
      template: readFileSync(join(REPO, "postmortems", "TEMPLATE.md"), "utf8"),
      inventory,
      integration,
      date: "2024-05-14",
      settings: sampleSettings(),
      runbooksDir: "runbooks",
      budgets: [],
    });
    assert.ok(draft.includes(`/${ENCODED}#crm-field-deprecated)`), "the failure-mode table's link");
  });
});

describe("hostile input: usdPerHour -0", () => {
  it("prints $0/h, never $-0/h, in the formatter and the plan", () => {
    assert.deepEqual([-0, -0.4, 0, 1234.5].map(formatUsdPerHour), ["$0/h", "$0/h", "$0/h", "$1,235/h"]);
    const f = loadFixture();
    editFile(f, INT1, "usdPerHour: 8019", "usdPerHour: -0");
    const { inventory, diagnostics } = validateFixture(f);
    assert.ok(inventory, diagnostics.map(formatDiagnostic).join("\n"));
    const text = renderText(plannedResources(lowerInventory(inventory, sampleSettings())), inventory);
    assert.ok(!text.includes("$-0"), "no negative zero in the plan");
    assert.match(text, /integration-0001: Synthetic integration 1 \(\$0\/h,/);
  });
});

describe("hostile input: serve:forwarder's banner prints no secret", () => {
  const secret = () => `whsec_${randomBytes(18).toString("base64url")}`;

  it("names where each secret is instead, in a line that reads it at run time", () => {
    const dir = mkdtempSync(join(tmpdir(), "serve-banner-"));
    try {
      const stripeSecret = secret();
      const genericSecret = randomBytes(20).toString("hex");
      const file = join(dir, "it's config.json");
      writeFileSync(file, JSON.stringify({
        sources: {
          "stripe-invoices": { vendor: "stripe", secrets: [stripeSecret], targets: [{ system: "billing", url: "https://user:hunter2-pass@crm.example.com/in?token=abc123tok" }] },
          "orders-hmac": { vendor: "generic-hmac", genericHmac: { header: "X-Signature", encoding: "hex" }, secrets: [genericSecret], targets: [{ system: "crm" }] },
        },
      }));
      const text = banner(loadServeConfig(file), "http://127.0.0.1:8787", false, file);
      for (const hidden of [stripeSecret, genericSecret, "hunter2-pass", "abc123tok"]) assert.ok(!text.includes(hidden), `the banner shows ${hidden.slice(0, 4)}…`);
      assert.match(text, /stripe → billing \(https:\/\/crm\.example\.com\/in\?\[query hidden\]\)/);
      // The printed line is copy-pasteable: a shell gets the secret from the file (whose name has a quote).
      const lines = text.split("\n").filter((l) => l.trim().startsWith("secret=$("));
      assert.equal(lines.length, 2);
      const read = (line: string) => execFileSync("bash", ["-c", `${line.trim()}; printf %s "$secret"`], { encoding: "utf8" });
      assert.equal(read(lines[0]!), stripeSecret);
      assert.equal(read(lines[1]!), genericSecret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a config file that is not JSON is reported by position, without quoting its text", () => {
    const dir = mkdtempSync(join(tmpdir(), "serve-config-"));
    try {
      const s = secret();
      const file = join(dir, "config.json");
      writeFileSync(file, `{"sources": {"a": {"vendor": "stripe", "secrets": [${s}]}}}`);
      assert.throws(() => loadServeConfig(file), (e: Error) => !e.message.includes(s) && /is not valid JSON/.test(e.message));
      const text = `{"sources": {"a": {"vendor": "stripe",\n "secrets": ["${s}"],}}}`;
      writeFileSync(file, text);
      const column = text.length - text.lastIndexOf("\n") - 3; // the "}" after the trailing comma, on line 2
      assert.throws(() => loadServeConfig(file), (e: Error) => !e.message.includes(s) && e.message.endsWith(`is not valid JSON (line 2, column ${column})`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => parseServeConfig({ sources: { a: { vendor: "stripe", secrets: [""], targets: [] } } }), (e: Error) => /invalid serve config/.test(e.message));
  });

  it("shows a target URL without userinfo or query", () => {
    assert.equal(urlForDisplay("https://u:p@x.example.com:8443/a/b?k=v#f"), "https://x.example.com:8443/a/b?[query hidden]");
    assert.equal(urlForDisplay("http://127.0.0.1:9000/in"), "http://127.0.0.1:9000/in");
    assert.equal(urlForDisplay("not a url"), "[unparsable URL]");
  });
});

describe("hostile input: every command answers --help and -h", function () {
  const scripts = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts as Record<string, string>;
  /** Scripts that run another tool (tsc, mocha, an installer) rather than one of ours: their own help applies. */
  const TOOLS = new Set(["typecheck", "test", "test:node24", "postinstall", "prepare"]);
  /** Entry points that are documented commands but not package.json scripts. */
  const EXTRA = ["forwarder/consumer/redrive.ts", "forwarder/serve/sign.ts"];

  const entries = Object.entries(scripts).flatMap(([name, command]) => {
    const m = /^tsx (\S+\.ts)$/.exec(command);
    if (m) return [{ name, file: m[1]! }];
    // A command of cli/ run from its bundle (tools/cli.js); runCliAsync runs it the same way.
    const bundled = /^node tools\/cli\.js ([A-Za-z][A-Za-z0-9]*)$/.exec(command);
    if (bundled) return [{ name, file: `cli/${bundled[1]!}.ts` }];
    assert.ok(TOOLS.has(name), `package.json script "${name}" (${command}) is neither \`tsx <file>\`, \`node tools/cli.js <command>\` nor a known tool: give it --help`);
    return [];
  });
  const all = [...entries, ...EXTRA.map((file) => ({ name: file, file }))];

  /** Runs at most two commands at a time: CPUs are shared. */
  async function runAll(entries: readonly { name: string; file: string }[], args: readonly string[], cwd: string): Promise<Map<string, CliResult>> {
    const out = new Map<string, CliResult>();
    const queue = [...entries];
    const worker = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) out.set(e.name, await runCliAsync(e.file, args, { cwd, env: { ...process.env, DD_API_KEY: "", DD_APP_KEY: "" } }));
    };
    await Promise.all([worker(), worker()]);
    return out;
  }

  /** Entries with a parser of their own; the cli/ commands share parseCliArgs, whose `-h` is tested below. */
  const OWN_PARSER = new Set(["serve:forwarder", "build:forwarder", "bench", "golden", ...EXTRA]);

  for (const flag of ["--help", "-h"]) {
    const entries = flag === "--help" ? all : all.filter((e) => OWN_PARSER.has(e.name));
    it(`${flag}: usage on stdout, exit 0, nothing written, even next to a wrong flag (${entries.length} commands)`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), "help-"));
      try {
        const results = await runAll(entries, [flag, "--no-such-flag"], cwd);
        assert.deepEqual(readdirSync(cwd), [], "no file written in the working directory");
        for (const { name } of entries) {
          const r = results.get(name)!;
          assert.equal(r.status, 0, `${name}: ${r.stderr}`);
          assert.match(r.stdout, /^usage:/, name);
          assert.equal(r.stderr, "", name);
        }
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  it("parseCliArgs answers --help and -h before anything else, up to a `--`", () => {
    const usage = "usage: x";
    for (const argv of [["-h"], ["--help"], ["--inventory", "dir", "-h"], ["--no-such-flag", "--help"], ["stray", "-h", "--"]]) {
      assert.throws(() => parseCliArgs(usage, { inventory: { type: "string" } }, argv), (e: Error) => e instanceof HelpRequested && e.message === usage, argv.join(" "));
    }
    assert.equal(wantsHelp(["--", "-h"]), false, "after -- it is a positional");
    assert.equal(wantsHelp(["--helpful"]), false);
    assert.throws(() => parseCliArgs(usage, {}, ["--no-such-flag"]), (e: Error) => e instanceof UsageError && e.message.endsWith(`\n${usage}`));
  });

  it("an unknown flag still exits 2 with the usage on stderr", async () => {
    const parsed = ["cli/check.ts", "cli/plan.ts", "cli/newIntegration.ts", "cli/budgetGate.ts", "cli/freezeGate.ts", "cli/report.ts", "cli/postmortem.ts", "cli/verifyDeploy.ts", "cli/notifyDeploy.ts", "cli/rollbackPlan.ts", "cli/driftReport.ts", "cli/syntheticWebhook.ts", "cli/simulate.ts", "forwarder/serve/main.ts"];
    const cwd = mkdtempSync(join(tmpdir(), "flags-"));
    try {
      const results = await runAll(parsed.map((file) => ({ name: file, file })), ["--no-such-flag"], cwd);
      for (const file of parsed) {
        const r = results.get(file)!;
        assert.equal(r.status, 2, `${file}: ${r.stderr}`);
        assert.match(r.stderr, /no-such-flag[\s\S]*\nusage: /, file);
        assert.equal(r.stdout, "", file);
      }
      const extra = await runCliAsync("cli/check.ts", ["stray"], { cwd, env: process.env });
      assert.equal(extra.status, 2);
      assert.match(extra.stderr, /^check: unexpected argument "stray"\nusage: npm run check/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
