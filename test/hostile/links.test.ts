/**
 * Hostile input: links that are not web addresses. A status page becomes a clickable link in
 * every involved monitor message and in the Software Catalog, and a forwarding target is where
 * vendor events are sent; `javascript:` would run in the clicker's Datadog session, `data:` and
 * `file:` open something else. `check` refuses each at its node (schema.ts webAddress,
 * forwardTargetSchema.ts), and the lowering refuses them again if one reaches it unchecked.
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { catalogUrl, systemEntity } from "../../compiler/lower/catalog";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { statusLines } from "../../compiler/lower/monitorMessage";
import type { Inventory } from "../../compiler/model";
import { isWebAddress } from "../../compiler/webAddress";
import { editFile as edit, loadFixture, validateFixture, type Fixture } from "../support/fixture";
import { sampleSettings } from "../support/sampleState";

const SYSTEMS = "inventory/systems.yaml";
const INT1 = "inventory/integrations/integration-0001.yaml";
const statusPage = (value: string) => edit(SYSTEMS, "name: hubspot\n", `name: hubspot\n    statusPage: ${value}\n`);
const forwardTo = (value: string) => edit(INT1, "url: https://example.my.salesforce.com/services/apexrest/leads", `url: ${value}`);

const STATUS_PAGE_SAYS = `${SYSTEMS}:10:17: error: system hubspot: statusPage: must be a web address starting with https:// (or http://), such as https://status.hubspot.com; any other kind of link (javascript:, data:, file:) would run or open something else when clicked in an alert or the Software Catalog [schema]`;
const FORWARD_TO_SAYS = `${INT1}:86:14: error: webhook hubspot-events: forwardTo[0].url: must be an https:// URL [schema]`;

/** Links a browser would not open as a web page, each spelt as someone might slip it in. */
const HOSTILE = [
  "javascript:alert(document.domain)",
  "JavaScript:alert(1)",
  '"java\\tscript:alert(1)"',
  '" javascript:alert(1)"',
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "//evil.example/status",
  "https:evil.example",
];

function diagnostics(change: (f: Fixture) => void): { lines: string[]; modelBuilt: boolean } {
  const f = loadFixture();
  change(f);
  const result = validateFixture(f);
  return { lines: result.diagnostics.map(formatDiagnostic), modelBuilt: result.inventory !== undefined };
}

describe("hostile input: links that are not web addresses", () => {
  for (const value of HOSTILE) {
    it(`check refuses the status page ${value} at its value`, () => {
      assert.deepEqual(diagnostics(statusPage(value)), { lines: [STATUS_PAGE_SAYS], modelBuilt: false });
    });
  }

  // `https:evil.example` is not refused here: it is an https address all the same (URL parsers and
  // fetch read it as https://evil.example/), sent to, not clicked by, anyone.
  for (const value of [...HOSTILE.filter((v) => v !== "https:evil.example"), "http://example.my.salesforce.com/services/apexrest/leads"]) {
    it(`check refuses the forwarding target ${value}`, () => {
      assert.deepEqual(diagnostics(forwardTo(value)), { lines: [FORWARD_TO_SAYS], modelBuilt: false });
    });
  }

  it("check accepts a status page at http:// or https:// in any case", () => {
    for (const value of ["https://status.hubspot.com", "http://status.hubspot.com/", "HTTPS://status.hubspot.com/incidents?x=1#y"]) {
      assert.deepEqual(diagnostics(statusPage(value)), { lines: [], modelBuilt: true }, value);
    }
  });

  describe("the lowering, given a model that skipped check", () => {
    const hostileModel = (): Inventory => {
      const result = validateFixture(loadFixture());
      assert.ok(result.inventory, result.diagnostics.map(formatDiagnostic).join("\n"));
      return { ...result.inventory, systems: result.inventory.systems.map((s) => (s.id === "hubspot" ? { ...s, statusPage: "javascript:alert(document.domain)" } : s)) };
    };

    it("refuses to lower it, naming the system, rather than make the link clickable", () => {
      assert.throws(() => lowerInventory(hostileModel(), sampleSettings()), /javascript:alert\(document\.domain\)" is not an http:\/\/ or https:\/\/ address/);
    });

    it("refuses it in the Software Catalog entity and in the monitor message's status line", () => {
      const hubspot = hostileModel().systems.find((s) => s.id === "hubspot")!;
      assert.throws(() => systemEntity(hubspot), /^Error: Software Catalog link: "javascript:alert\(document\.domain\)" is not an http:\/\/ or https:\/\/ address/);
      assert.throws(() => statusLines([hubspot], ["hubspot"]), /^Error: system hubspot: statusPage: "javascript:/);
    });

    it("catalogUrl keeps web addresses (references made inert) and refuses every other link", () => {
      assert.equal(catalogUrl("https://status.example.com/${ref:x:id}"), "https://status.example.com/$%7Bref:x:id}");
      assert.equal(catalogUrl("HTTP://status.example.com"), "HTTP://status.example.com");
      for (const value of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "data:text/html,x", "https:evil.example", "//evil.example", "https://", ""]) {
        assert.equal(isWebAddress(value), false, JSON.stringify(value));
        assert.throws(() => catalogUrl(value), /is not an http:\/\/ or https:\/\/ address/, JSON.stringify(value));
      }
    });
  });
});
