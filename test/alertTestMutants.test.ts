/**
 * Alert tests, the cases test/alertTestsFormat.test.ts leaves out (found by mutation testing,
 * README "Mutation testing"): each schema message of the alert-test format at its exact
 * `file:line:col`, the editor schema's descriptions and limits, and the edges of the rules.
 * Every fixture is made inside its `it` (support/memo.ts says why).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { formatDiagnostic } from "../compiler/diagnostics";
import { jsonSchemaText, SCHEMA_DIR, SCHEMA_FILES } from "../compiler/editorSchema/jsonSchemas";
import { resolveMonitorRef } from "../compiler/validate/alertTestRefs";
import { alertTestsByIntegration, testContext } from "../compiler/validate/alertTestSources";
import { toAlertTest } from "../compiler/validate/alertTestsModel";
import { SCHEMAS, type AlertTestDoc, type IntegrationDoc } from "../compiler/validate/schema";
import { parseSeriesText, seriesKey } from "../compiler/validate/seriesText";
import { editInline, editTestsFile, FILE_TESTS, INLINE_FIRST_LINE, INT1, withAlertTests } from "./support/alertTestFixture";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";

const T = "inventory/integrations/tests/integration-0001.yaml";
const SERIES = "series: hubspot.api.rate_limit.remaining{integration:integration-0001}";
const ALL_EXPECT = "    expect:\n      - at: 30m\n        quiet: [rate-limit]\n      - at: 80m\n        firing: [rate-limit]\n      - at: 2h\n        quiet: [rate-limit]\n";

function diagnostics(change: (f: Fixture) => void): string[] {
  const fixture = loadFixture();
  change(fixture);
  return validateFixture(fixture).diagnostics.map(formatDiagnostic);
}

/** The diagnostics of one rule. */
const only = (rule: string, change: (f: Fixture) => void) => diagnostics(change).filter((d) => d.endsWith(`[${rule}]`));

describe("alert tests: every schema message", () => {
  const rows: [string, (f: Fixture) => void, string][] = [
    ["an interval YAML reads as a number", editTestsFile("interval: 5m", "interval: 5"), `${T}:6:15: error: alertTests[0].interval: must be a sample spacing such as 10s, 1m or 5m [schema]`],
    ["an interval in no unit", editTestsFile("interval: 5m", "interval: 5x"), `${T}:6:15: error: alertTests[0].interval: must be a sample spacing such as 10s, 1m or 5m (one number and one unit: s, m or h) [schema]`],
    ["an interval over an hour", editTestsFile("interval: 5m", "interval: 2h"), `${T}:6:15: error: alertTests[0].interval: 2h is longer than 1h; write a sample per hour or more often (use _ for intervals without a point) [schema]`],
    ["a time YAML reads as a number", editTestsFile("at: 2h", "at: 2"), `${T}:15:13: error: alertTests[0].expect[2].at: must be a time after the first sample such as 90m, 2h or 1d [schema]`],
    ["a series YAML reads as a number", editTestsFile(SERIES, "series: 5"), `${T}:8:17: error: alertTests[0].input[0].series: must be a series such as metric.name{tag:value,other:value} [schema]`],
    ["an empty series", editTestsFile(SERIES, 'series: ""'), `${T}:8:17: error: alertTests[0].input[0].series: must not be empty [schema]`],
    ["a series of 2001 characters", editTestsFile(SERIES, `series: a${"b".repeat(2000)}`), `${T}:8:17: error: alertTests[0].input[0].series: must be at most 2000 characters [schema]`],
    ["values as a list", editTestsFile("values: 1000-50x12 50x6 1000x6", "values: [1]"), `${T}:9:17: error: alertTests[0].input[0].values: must be series notation such as "0+10x60 600x30" or "1x59 _x30" [schema]`],
    ["a monitor YAML reads as a number", editTestsFile("firing: [rate-limit]", "firing: [5]"), `${T}:14:18: error: alertTests[0].expect[1].firing[0]: must be a monitor: a failure mode's id or <slo-id>/<tier> [schema]`],
    ["a name of 201 characters", editTestsFile("- name: HubSpot's API allowance runs low for half an hour", `- name: ${"n".repeat(201)}`), `${T}:5:11: error: alertTests[0].name: must be at most 200 characters [schema]`],
    ["no input series", editTestsFile(`    input:\n      - ${SERIES}\n        values: 1000-50x12 50x6 1000x6\n`, "    input: []\n"), `${T}:7:12: error: alertTests[0].input: give at least one input series [schema]`],
    ["no expectation", editTestsFile(ALL_EXPECT, "    expect: []\n"), `${T}:10:13: error: alertTests[0].expect: give at least one expectation (at, and firing, warning or quiet) [schema]`],
    ["101 expectations", editTestsFile("    expect:\n", `    expect:\n${"      - at: 30m\n        quiet: [rate-limit]\n".repeat(98)}`), `${T}:11:7: error: alertTests[0].expect: allows at most 100 expectations per test [schema]`],
    ["101 monitors in one list", editTestsFile("firing: [rate-limit]", `firing: [${Array(101).fill("rate-limit").join(", ")}]`), `${T}:14:17: error: alertTests[0].expect[1].firing: allows at most 100 monitors [schema]`],
  ];
  for (const [what, change, expected] of rows) it(what, () => assert.deepStrictEqual(diagnostics(change), [expected]));

  it("accepts a name of 200 characters, a series of 2000, 100 expectations and 100 monitors in a list", () => {
    // Tags of at most 200 characters each (query/names.ts), padded to 2000 characters in all.
    let series = "hubspot.api.rate_limit.remaining{integration:integration-0001";
    for (let i = 0; series.length < 1800; i++) series += `,t${i}:${"p".repeat(150)}`;
    series += `,z:${"p".repeat(1999 - series.length - 3)}}`;
    assert.equal(series.length, 2000);
    const change = (f: Fixture) =>
      withAlertTests(f, undefined, (t) =>
        t
          .replace("- name: HubSpot's API allowance runs low for half an hour", `- name: ${"n".repeat(200)}`)
          .replace(SERIES, `series: ${series}`)
          .replace("firing: [rate-limit]", `firing: [${Array(100).fill("rate-limit").join(", ")}]`)
          .replace("    expect:\n", `    expect:\n${"      - at: 30m\n        quiet: [rate-limit]\n".repeat(97)}`),
      );
    assert.deepStrictEqual(diagnostics(change), []);
  });
});

describe("alert tests: the editor schemas", () => {
  it("describe the alert-test fields as committed (the integration's own list and the tests file)", () => {
    for (const kind of ["AlertTests", "Integration"] as const) {
      assert.equal(jsonSchemaText(kind), readFileSync(join(__dirname, "..", SCHEMA_DIR, SCHEMA_FILES[kind]), "utf8"), kind);
    }
  });
});

describe("alert tests: schema edges", () => {
  const rows: [string, (f: Fixture) => void, string][] = [
    ["a spacing with a leading zero", editTestsFile("interval: 5m", "interval: 05m"), `${T}:6:15: error: alertTests[0].interval: must be a sample spacing such as 10s, 1m or 5m (one number and one unit: s, m or h) [schema]`],
    ["a spacing with a number after its unit", editTestsFile("interval: 5m", "interval: 1m5"), `${T}:6:15: error: alertTests[0].interval: must be a sample spacing such as 10s, 1m or 5m (one number and one unit: s, m or h) [schema]`],
    ["an expectation naming no monitor, with every tier", editTestsFile("      - at: 80m\n        firing: [rate-limit]\n", "      - at: 80m\n"), `${T}:13:9: error: alertTests[0].expect[1]: list at least one monitor under firing, warning or quiet (a failure mode's id, or <slo-id>/<tier> with tier fast, medium, slow) [schema]`],
  ];
  for (const [what, change, expected] of rows) it(what, () => assert.deepStrictEqual(diagnostics(change), [expected]));
});

describe("alert tests: rule edges", () => {
  it("alert-test-duplicate-name points at the earlier test's name, not its first line", () => {
    const change = (f: Fixture) =>
      withAlertTests(
        f,
        (t) => replaceOnce(t, "  - name: CRM rejects a sixth of leads for half an hour\n", "  - interval: 1m\n    name: CRM rejects a sixth of leads for half an hour\n"),
        (t) => replaceOnce(t, "HubSpot's API allowance runs low for half an hour", "CRM rejects a sixth of leads for half an hour"),
      );
    assert.deepStrictEqual(diagnostics(change), [
      `${T}:5:11: error: alert test "CRM rejects a sixth of leads for half an hour": name: integration integration-0001 already has a test of this name, at ${INT1}:${INLINE_FIRST_LINE + 2}; give each test its own name [alert-test-duplicate-name]`,
    ]);
  });

  it("alert-test-series names the line of the earlier series, not of its item", () => {
    const change = editTestsFile(
      `      - ${SERIES}\n        values: 1000-50x12 50x6 1000x6\n`,
      `      - values: 1000-50x12 50x6 1000x6\n        ${SERIES}\n      - ${SERIES}\n        values: 1x27\n`,
    );
    assert.deepStrictEqual(diagnostics(change), [
      `${T}:10:17: error: alert test "HubSpot's API allowance runs low for half an hour": input[1].series: this is the series of input[0] (line 9) again, tags in another order or not; Datadog stores one series per metric and tag set, so merge their values into one [alert-test-series]`,
    ]);
  });

  it("alert-test-contradiction allows firing and warning at once (two groups), and one monitor twice in a list", () => {
    assert.deepStrictEqual(diagnostics(editInline("firing: [api-errors]", "firing: [api-errors, api-errors]\n        warning: [api-errors]")), []);
  });

  it("alert-test-file: with no integration at all, names no candidate", () => {
    const change = (f: Fixture) => {
      withAlertTests(f);
      for (const file of [...f.files.keys()]) if (/^inventory\/integrations\/integration-\d+\.yaml$/.test(file)) f.files.delete(file);
    };
    assert.deepStrictEqual(only("alert-test-file", change), [`${T}:3:14: error: integration: there is no integration "integration-0001" to test [alert-test-file]`]);
  });

  it("alert-test-unread-metric lists every metric read, sorted, when none is close", () => {
    assert.deepStrictEqual(diagnostics(editInline("martech.forwarder.received{", "zzzzzzzzzzzzzzzzzzzzzzzzzz{")), [
      `${INT1}:${INLINE_FIRST_LINE + 7}:17: error: alert test "CRM rejects a sixth of leads for half an hour": input[2].series: no monitor or SLO of integration integration-0001 reads zzzzzzzzzzzzzzzzzzzzzzzzzz, so this series cannot change any alert; expected one of: hubspot.api.rate_limit.remaining, martech.forwarder.enqueued, martech.forwarder.received, martech.forwarder.settled [alert-test-unread-metric]`,
    ]);
  });

  it("alert-test-unread-metric is skipped for an integration with a query Datadog cannot read", () => {
    const change = (f: Fixture) => {
      withAlertTests(f);
      f.files.set(INT1, replaceOnce(f.files.get(INT1)!, "rate_limit.remaining{integration:integration-0001}\n", "rate_limit.remaining{integration:integration-0001\n"));
    };
    assert.deepStrictEqual(diagnostics(change), [
      `${INT1}:76:79: error: failure mode rate-limit: detection.query: Datadog cannot read this query: expected "}" to close the tag scope opened at column 50 [query-syntax]`,
    ]);
  });

  it("alert-test-not-created refuses only the dropped tier: the other tiers of that SLO are created", () => {
    const change = (f: Fixture) => {
      withAlertTests(f, (t) => replaceOnce(t, "quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, delivered-within-60s/medium]\n      - at: 40m"));
      f.files.set(INT1, replaceOnce(f.files.get(INT1)!, "objective: 99.5", "objective: 93"));
    };
    assert.deepStrictEqual(only("alert-test-not-created", change), []);
    assert.deepStrictEqual(only("burn-tier-dropped", change).length, 1);
  });

  it("a tests file joins the first definition of its integration's id, once", () => {
    // A second definition of integration-0001 (duplicate-id) without rate-limit: the file's test names it.
    const change = (f: Fixture) => {
      withAlertTests(f);
      f.files.set("inventory/integrations/integration-0007.yaml", f.files.get(INT1)!.replaceAll("rate-limit", "rate-limits"));
    };
    assert.deepStrictEqual(diagnostics(change), [
      `inventory/integrations/integration-0007.yaml:4:5: error: integration id "integration-0001" is already defined at ${INT1}:4; ids must be unique [duplicate-id]`,
    ]);
  });
});

describe("alert tests: the budgets at their limits", () => {
  const week = (name: string, at = "7d") => FILE_TESTS.slice(FILE_TESTS.indexOf("  - name:")).replace("half an hour", name).replace("1000-50x12 50x6 1000x6", "1000x2016").replace("at: 2h", `at: ${at}`);

  it("alert-test-budget allows exactly 100,000 monitor-minutes", () => {
    // 9 weeks (90,720), the inline test (180) and one monitor for 9,100 minutes.
    const change = (f: Fixture) => withAlertTests(f, undefined, () => `${FILE_TESTS.slice(0, FILE_TESTS.indexOf("  - name:"))}${Array.from({ length: 9 }, (_, i) => week(`week ${i}`)).join("")}${week("last", "9100m")}`);
    assert.deepStrictEqual(diagnostics(change), []);
  });

  it("alert-test-values allows exactly 1,000,000 samples, and reports the series after them", () => {
    // The inline test holds 455 samples; nine series of 100,000 and one of 99,545 make 1,000,000; one more sample passes it.
    const values = [...Array(9).fill("0x99999"), "0x99544", "1"];
    const input = values.map((v, i) => `      - series: hubspot.api.rate_limit.remaining{integration:integration-0001,copy:c${i}}\n        values: "${v}"\n`).join("");
    const change = editTestsFile(`      - ${SERIES}\n        values: 1000-50x12 50x6 1000x6\n`, input);
    assert.deepStrictEqual(only("alert-test-values", change), [
      `${T}:29:17: error: alert test "HubSpot's API allowance runs low for half an hour": input[10].values: with this series the alert tests of integration integration-0001 hold more than 1,000,000 samples in all, more than check simulates; use a coarser interval or shorter tests [alert-test-values]`,
    ]);
  });
});

describe("alert tests: the helpers, called directly", () => {
  const doc = (input: { series: string; values: string }[]): AlertTestDoc => ({ name: "t", input, expect: [{ at: "1m", firing: ["x"] }] }) as AlertTestDoc;

  it("toAlertTest refuses a series or values no rule checked: calling it before the rules is a bug", () => {
    assert.throws(() => toAlertTest(doc([{ series: "a b", values: "1" }])), { message: 'unchecked alert test series "a b"' });
    assert.throws(() => toAlertTest(doc([{ series: "a.b", values: "2x" }])), { message: 'unchecked alert test series "a.b"' });
    assert.deepStrictEqual(toAlertTest(doc([{ series: "a.b{c:d}", values: "1x1" }])).input, [{ metric: "a.b", tags: ["c:d"], values: [1, 1] }]);
  });

  it("testContext names the test alone when given no field", () => {
    assert.equal(testContext(doc([])), 'alert test "t"');
    assert.equal(testContext(doc([]), "input", 2, "values"), 'alert test "t": input[2].values');
  });

  it("alertTestsByIntegration computes once per validation context", () => {
    const ctx = { integrations: [], alertTestFiles: [] };
    assert.equal(alertTestsByIntegration(ctx), alertTestsByIntegration(ctx));
    assert.notEqual(alertTestsByIntegration(ctx), alertTestsByIntegration({ integrations: [], alertTestFiles: [] }));
  });

  it("seriesKey is the metric and its set of tags, sorted, comma-separated", () => {
    assert.equal(seriesKey("m", ["b", "a:c", "b"]), "m{a:c,b}");
    assert.notEqual(seriesKey("m", ["a:b", "c"]), seriesKey("m", ["a:bc"]));
  });

  it("parseSeriesText reads a metric that starts with an aggregator's name, and a colon that follows no aggregator", () => {
    assert.deepStrictEqual(parseSeriesText("avgs"), { ok: true, metric: "avgs", tags: [] });
    assert.deepStrictEqual(parseSeriesText("count:x"), { ok: false, offset: 0, message: 'an input series names a metric, not a query: remove "count:" (the monitor\'s query aggregates the series)' });
    assert.equal(parseSeriesText("leads:x").ok, false);
    assert.notEqual((parseSeriesText("leads:x") as { message: string }).message.slice(0, 30), "an input series names a metric");
  });

  it("resolveMonitorRef leaves the tiers of an SLO window Datadog lacks to slo-window: simulated, not dropped", () => {
    const valid = integrationDoc();
    // Over 1d the slow tier (10% of the budget in 24h) would burn at 0.1x, which a Datadog window drops as below 1x.
    const odd = { ...valid, slos: valid.slos.map((s) => (s.id === "accepted" ? { ...s, window: "14d" } : s.id === "delivered-within-60s" ? { ...s, window: "1d" } : s)) } as IntegrationDoc;
    assert.deepStrictEqual(resolveMonitorRef(odd, "accepted/fast"), { kind: "simulated", ref: { kind: "burn-tier", slo: "accepted", tier: "fast" } });
    assert.deepStrictEqual(resolveMonitorRef(odd, "delivered-within-60s/slow"), { kind: "simulated", ref: { kind: "burn-tier", slo: "delivered-within-60s", tier: "slow" } });
  });
});

/** integration-0001 of the valid fixture, as the schema reads it. */
function integrationDoc(): IntegrationDoc {
  const fixture = loadFixture();
  return SCHEMAS.Integration.parse(parse(fixture.files.get(INT1)!)) as IntegrationDoc;
}

describe("alert tests: an integration with no monitor a test can name", () => {
  it("alert-test-unknown-monitor says so instead of offering a name", () => {
    const INT6 = "inventory/integrations/integration-0006.yaml";
    const TESTS6 = "inventory/integrations/tests/integration-0006.yaml";
    const change = (f: Fixture) => {
      // No SLO, and volume-drop (anomaly, not simulated) its only failure mode.
      const text = f.files.get(INT6)!;
      f.files.set(INT6, text.slice(0, text.indexOf("slos:\n")) + "failureModes:\n" + text.slice(text.indexOf("  - id: volume-drop\n"), text.indexOf("  - id: rate-limit\n")) + text.slice(text.indexOf("webhooks:\n")));
      f.files.set(TESTS6, FILE_TESTS.replace("integration: integration-0001", "integration: integration-0006").replace("firing: [rate-limit]", "firing: [nope]"));
    };
    const says = (at: string, field: string, id: string) => `${TESTS6}:${at}: error: alert test "HubSpot's API allowance runs low for half an hour": ${field}: integration integration-0006 has no failure mode "${id}"; it has no monitor a test can name [alert-test-unknown-monitor]`;
    assert.deepStrictEqual(only("alert-test-unknown-monitor", change), [says("12:17", "expect[0].quiet[0]", "rate-limit"), says("14:18", "expect[1].firing[0]", "nope"), says("16:17", "expect[2].quiet[0]", "rate-limit")]);
  });
});
