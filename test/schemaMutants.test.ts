/**
 * The inventory schema's own messages and refinements (compiler/validate/schema.ts,
 * customIssue.ts, describeValue.ts), found by mutation testing (README "Mutation testing"): each
 * row parses a small file in-process and asserts its whole diagnostic list, `file:line:col`,
 * words and rule id, or that it parses. The schemas are module-level, so their mutants are
 * static and run every test of the `validate-schema` part: this file must stay fast and build
 * nothing at load time (texts are made inside each `it`).
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { pagesAfterHours } from "../compiler/lower/onCall";
import { describeValue } from "../compiler/validate/describeValue";
import { parseInventoryFile } from "../compiler/validate/parseFile";

const V = "version: reliability/v1\n";

/** parseInventoryFile's verdict on `text`: whether it parsed, and its diagnostics formatted. */
function check(text: string) {
  const { parsed, diagnostics } = parseInventoryFile("x.yaml", text);
  return { parsed: parsed !== undefined, diagnostics: diagnostics.map(formatDiagnostic) };
}

const ok = { parsed: true, diagnostics: [] };
const fails = (...diagnostics: string[]) => ({ parsed: false, diagnostics });

/** A minimal valid integration, one top-level field a line, with `fields` replacing or adding some. */
function integration(fields: Record<string, string> = {}) {
  const all: Record<string, string> = {
    kind: "Integration",
    id: "web-leads",
    name: "Web leads",
    description: "Forms to CRM",
    tier: "1",
    owner: "growth",
    rotation: "primary",
    revenue: "{ usdPerHour: 10 }",
    upstream: "[website]",
    downstream: "[hubspot]",
    failureModes: "[{ id: fm, title: T, frequency: daily, response: page, detection: { kind: heartbeat, query: q, silentMinutes: 10 } }]",
    ...fields,
  };
  return V + Object.entries(all).map(([k, v]) => `${k}: ${v}\n`).join("");
}

/** The integration with its one failure mode detected by `detection` (line 12). */
const detected = (detection: string) => integration({ failureModes: `[{ id: fm, title: T, frequency: daily, response: page, detection: ${detection} }]` });
/** The integration with one SLO (line 13) whose objective and window are given. */
const withSlo = (objective: string, window = "30d") => integration({ slos: `[{ id: s, description: d, window: ${window}, sli: { good: g, total: t }, objective: ${objective} }]` });
const TARGET = `{ system: klaviyo, url: "https://a.klaviyo.com/api/events", kind: klaviyo, auth: { type: api-key, secretConfigKey: kk, header: Authorization, prefix: "Klaviyo-API-Key " } }`;
/** The integration with one webhook (line 13); `more` is appended to its fields (from column 263). */
const withWebhook = (more = "", vendor = "hubspot", key = "k") => integration({ webhooks: `[{ id: h, vendor: ${vendor}, secretConfigKey: ${key}, forwardTo: [${TARGET}]${more} }]` });

const teams = (chatChannel: string, email: string) =>
  `${V}kind: Teams\nteams:\n  - { id: g, name: G, chatChannel: "${chatChannel}", members: [{ name: P, email: "${email}", timeZone: UTC }] }\n`;
const rotations = (days: string, start: string, end: string, handoff = "09:00") =>
  `${V}kind: Rotations\nrotations:\n  - id: r\n    name: R\n    team: g\n    timeZone: UTC\n    handoff: { day: monday, time: "${handoff}" }\n` +
  `    businessHours: { days: ${days}, start: "${start}", end: "${end}" }\n    afterHours: page\n    members: [a@example.com]\n    escalation: { afterMinutes: 5, owner: a@example.com }\n`;
const systems = (statusPage: string) => `${V}kind: Systems\nsystems:\n  - { id: s, name: S, category: web, statusPage: "${statusPage}" }\n`;

const WEB_ADDRESS =
  "must be a web address starting with https:// (or http://), such as https://status.hubspot.com; any other kind of link (javascript:, data:, file:) would run or open something else when clicked in an alert or the Software Catalog";
const GENERIC_HMAC = "a generic-hmac webhook needs genericHmac (header, encoding), and only a generic-hmac webhook may have it";
const RANGE = "must be a percentage above 0 and below 100, such as 99.5, but is";
const PRECISION = "has more than three decimals; Datadog SLO targets take at most three, such as 99.95 or 99.999";

describe("schema: each field's own message, at the field", () => {
  const rows: [string, () => string, ReturnType<typeof check>][] = [
    ["the minimal integration", () => integration(), ok],
    ["an id that is not kebab-case", () => integration({ id: "Web_Leads" }), fails("x.yaml:3:5: error: id: must be kebab-case: lowercase letters, digits and single hyphens, starting with a letter (for example lead-form-to-hubspot) [schema]")],
    ["the forwarder's id", () => integration({ id: "webhook-forwarder" }), fails("x.yaml:3:5: error: id: webhook-forwarder is the name of the shared webhook forwarder; choose another id [schema]")],
    ["a text of spaces only (trimmed, then empty)", () => integration({ name: '"  "' }), fails("x.yaml:4:7: error: name: must not be empty [schema]")],
    ["tier 4", () => integration({ tier: "4" }), fails("x.yaml:6:7: error: tier: must be 1, 2 or 3 [schema]")],
    ["negative revenue", () => integration({ revenue: "{ usdPerHour: -1 }" }), fails("x.yaml:9:24: error: revenue.usdPerHour: must be 0 or more [schema]")],
    ["no upstream system", () => integration({ upstream: "[]" }), fails("x.yaml:10:11: error: upstream: name at least one upstream system [schema]")],
    ["no downstream system", () => integration({ downstream: "[]" }), fails("x.yaml:11:13: error: downstream: name at least one downstream system [schema]")],
    ["no failure mode", () => integration({ failureModes: "[]" }), fails("x.yaml:12:15: error: failureModes: list at least one failure mode [schema]")],
    ["a window that is not a duration", () => detected("{ kind: anomaly, query: q, window: 5x, direction: above }"), fails("x.yaml:12:116: error: failure mode fm: detection.window: must be a duration such as 5m, 1h or 1d [schema]")],
    ["a metricSince that is not a date", () => detected("{ kind: anomaly, query: q, window: 1h, direction: above, metricSince: 2025-13-01 }"), fails("x.yaml:12:151: error: failure mode fm: detection.metricSince: must be a date such as 2025-01-15 [schema]")],
    ["a heartbeat silent under 5 minutes", () => detected("{ kind: heartbeat, query: q, silentMinutes: 4 }"), fails("x.yaml:12:125: error: failure mode fm: detection.silentMinutes: must be at least 5 minutes [schema]")],
    ["an error rate of 0%", () => detected("{ kind: error-rate, errors: q, total: q, window: 1h, maxPercent: 0 }"), fails("x.yaml:12:146: error: failure mode fm: detection.maxPercent: must be more than 0 [schema]")],
    ["an error rate of 101%", () => detected("{ kind: error-rate, errors: q, total: q, window: 1h, maxPercent: 101 }"), fails("x.yaml:12:146: error: failure mode fm: detection.maxPercent: must be at most 100 [schema]")],
    ["a config key name with a hyphen", () => withWebhook("", "hubspot", "my-key"), fails("x.yaml:13:55: error: webhook h: secretConfigKey: must be a Pulumi config key such as hubspotWebhookSecret (letters, digits and underscores) [schema]")],
    ["a delivery latency in days", () => withWebhook(", deliverWithin: 5d"), fails("x.yaml:13:260: error: webhook h: deliverWithin: must be a latency such as 60s, 5m or 1h [schema]")],
    ["a heartbeat of 9 minutes", () => withWebhook(", heartbeatMinutes: 9"), fails("x.yaml:13:263: error: webhook h: heartbeatMinutes: must be at least 10 minutes [schema]")],
    ["a heartbeat of 2881 minutes", () => withWebhook(", heartbeatMinutes: 2881"), fails("x.yaml:13:263: error: webhook h: heartbeatMinutes: must be at most 2880 minutes (2 days) [schema]")],
    ["a tolerance of 3601 seconds", () => withWebhook(", toleranceSeconds: 3601"), fails("x.yaml:13:263: error: webhook h: toleranceSeconds: must be at most 3600 seconds [schema]")],
    ["a chat channel without #", () => teams("growth", "p@example.com"), fails('x.yaml:4:36: error: team g: chatChannel: must be a channel name such as "#growth-alerts" [schema]')],
    ["a member email that is not one", () => teams("#growth", "bad"), fails("x.yaml:4:75: error: team g: members[0].email: must be an email address [schema]")],
    ["a handoff time without its leading zero", () => rotations("[monday]", "09:00", "17:00", "9:00"), fails('x.yaml:8:35: error: rotation r: handoff.time: must be a 24-hour time such as "09:00" [schema]')],
  ];
  for (const [name, text, expected] of rows) it(name, () => assert.deepStrictEqual(check(text()), expected));
});

describe("schema: refinements across fields, reported at the field to change", () => {
  const rows: [string, () => string, ReturnType<typeof check>][] = [
    ["a threshold with both above and below", () => detected("{ kind: threshold, query: q, window: 1h, above: 1, below: 2 }"), fails("x.yaml:12:129: error: failure mode fm: detection.above: set exactly one of above or below [schema]")],
    ["a threshold with neither", () => detected("{ kind: threshold, query: q, window: 1h }"), fails("x.yaml:12:81: error: failure mode fm: detection.above: set exactly one of above or below [schema]")],
    ["a threshold with one", () => detected("{ kind: threshold, query: q, window: 1h, below: 2 }"), ok],
    ["the basic algorithm with a seasonality", () => detected("{ kind: anomaly, query: q, window: 1h, direction: above, algorithm: basic, seasonality: weekly }"), fails("x.yaml:12:169: error: failure mode fm: detection.seasonality: the basic algorithm has no seasonality; remove seasonality or use agile or robust [schema]")],
    ["the basic algorithm without one", () => detected("{ kind: anomaly, query: q, window: 1h, direction: above, algorithm: basic }"), ok],
    ["agile with a seasonality", () => detected("{ kind: anomaly, query: q, window: 1h, direction: above, algorithm: agile, seasonality: weekly }"), ok],
    ["a generic-hmac webhook without genericHmac", () => withWebhook("", "generic-hmac"), fails(`x.yaml:13:12: error: webhook h: genericHmac: ${GENERIC_HMAC} [schema]`)],
    ["a hubspot webhook with genericHmac", () => withWebhook(", genericHmac: { header: X, encoding: hex }"), fails(`x.yaml:13:258: error: webhook h: genericHmac: ${GENERIC_HMAC} [schema]`)],
    ["a generic-hmac webhook with genericHmac", () => withWebhook(", genericHmac: { header: X, encoding: hex }", "generic-hmac"), ok],
    ["business days listing a day twice", () => rotations("[monday, tuesday, monday]", "09:00", "17:00"), fails("x.yaml:9:28: error: rotation r: businessHours.days: lists monday twice [schema]")],
    ["business hours ending when they start", () => rotations("[monday]", "09:00", "09:00"), fails("x.yaml:9:59: error: rotation r: businessHours.end: end must be later than start on the same day [schema]")],
    ["business hours ending before they start", () => rotations("[monday]", "10:00", "09:00"), fails("x.yaml:9:59: error: rotation r: businessHours.end: end must be later than start on the same day [schema]")],
    ["business hours a minute long", () => rotations("[monday, friday]", "09:00", "09:01"), ok],
  ];
  for (const [name, text, expected] of rows) it(name, () => assert.deepStrictEqual(check(text()), expected));
});

describe("schema: SLO objectives and windows, under their own rule ids", () => {
  const rows: [string, () => string, ReturnType<typeof check>][] = [
    ["100, with why", () => withSlo("100"), fails(`x.yaml:13:85: error: slo s: objective: ${RANGE} 100 (100% leaves no error budget at all) [objective-range]`)],
    ["0", () => withSlo("0"), fails(`x.yaml:13:85: error: slo s: objective: ${RANGE} 0 [objective-range]`)],
    ["-1", () => withSlo("-1"), fails(`x.yaml:13:85: error: slo s: objective: ${RANGE} -1 [objective-range]`)],
    ["0.001 (just above 0)", () => withSlo("0.001"), ok],
    ["99.999 (three decimals)", () => withSlo("99.999"), ok],
    ["99.9999 (four decimals)", () => withSlo("99.9999"), fails(`x.yaml:13:85: error: slo s: objective: 99.9999 ${PRECISION} [objective-precision]`)],
    ["1e-7 (written with an exponent, no decimal point)", () => withSlo("1e-7"), fails(`x.yaml:13:85: error: slo s: objective: 1e-7 ${PRECISION} [objective-precision]`)],
    ["a window Datadog SLOs lack", () => withSlo("99", "14d"), fails('x.yaml:13:41: error: slo s: window: "14d" is not a window Datadog SLOs support; use one of: 7d, 30d, 90d [slo-window]')],
  ];
  for (const [name, text, expected] of rows) it(name, () => assert.deepStrictEqual(check(text()), expected));
});

describe("schema: status pages are http(s) web addresses only", () => {
  const rows: [string, ReturnType<typeof check>][] = [
    ["https://status.example.com", ok],
    ["http://status.example.com", ok],
    ["javascript:alert(1)", fails(`x.yaml:4:50: error: system s: statusPage: ${WEB_ADDRESS} [schema]`)],
    ["https:evil.example", fails(`x.yaml:4:50: error: system s: statusPage: ${WEB_ADDRESS} [schema]`)],
    ["xhttps://status.example.com", fails(`x.yaml:4:50: error: system s: statusPage: ${WEB_ADDRESS} [schema]`)],
    ["httpsx://status.example.com", fails(`x.yaml:4:50: error: system s: statusPage: ${WEB_ADDRESS} [schema]`)],
  ];
  for (const [page, expected] of rows) it(page, () => assert.deepStrictEqual(check(systems(page)), expected));
});

describe("PAGED_AFTER_HOURS: tier 1 alone pages out of hours", () => {
  it("on a page rotation, tier 1 pages after hours and tiers 2 and 3 do not", () => {
    assert.deepStrictEqual(([1, 2, 3] as const).map((tier) => pagesAfterHours({ afterHours: "page" }, { tier })), [true, false, false]);
  });
});

describe("describeValue", () => {
  it("describes each kind of value without echoing secrets or long texts", () => {
    const cases: [unknown, string][] = [
      [null, "an empty value"],
      [[1], "a list"],
      [{ a: 1 }, "a mapping"],
      ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a value that looks like a secret"],
      ["x".repeat(41), "a long text"],
      ["x".repeat(40), `"${"x".repeat(40)}"`],
      ["14d", '"14d"'],
      [3, "3"],
      [true, "true"],
      [undefined, "undefined"],
    ];
    assert.deepStrictEqual(
      cases.map(([value]) => describeValue(value)),
      cases.map(([, description]) => description),
    );
  });
});
