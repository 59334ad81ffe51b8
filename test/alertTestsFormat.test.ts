/**
 * Alert tests as the inventory writes them (README, "Alert tests"): read from both places into
 * the model, left alone by the lowering, and every alert-test rule, schema limit and file rule
 * at its exact `file:line:col`, inside the YAML string where the fault is one character.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, type RuleId } from "../compiler/diagnostics";
import { readInventory, runbookReader } from "../compiler/load/readInventory";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { plannedMonitors } from "../compiler/simulate/plannedMonitors";
import { runScenario } from "../compiler/simulate/simulateInventory";
import { intervalProblem } from "../compiler/validate/alertTestSchema";
import { validateInventory } from "../compiler/validate/validateInventory";
import { parseSeriesText } from "../compiler/validate/seriesText";
import { editInline, editTestsFile, FILE_TESTS, INLINE_FIRST_LINE, INT1, TESTS_FILE, withAlertTests } from "./support/alertTestFixture";
import { editFile as edit, loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";
import { memo } from "./support/memo";
import { sampleSettings } from "./support/sampleState";

const both = (...changes: ((f: Fixture) => void)[]) => (f: Fixture) => changes.forEach((c) => c(f));
const NAME = 'alert test "CRM rejects a sixth of leads for half an hour"';
const FILE_NAME = `alert test "HubSpot's API allowance runs low for half an hour"`;

function validWithTests() {
  const fixture = loadFixture();
  withAlertTests(fixture);
  return validateFixture(fixture);
}

describe("alert tests: reading", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const result = memo(() => validWithTests());
  const inventory = memo(() => result().inventory!);
  const integration = memo(() => inventory().integrations.find((i) => i.id === "integration-0001")!);

  it("reads both places with no diagnostic, the integration's own tests first", () => {
    assert.deepEqual(result().diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(
      integration().alertTests.map((t) => t.name),
      ["CRM rejects a sixth of leads for half an hour", "HubSpot's API allowance runs low for half an hour"],
    );
    assert.ok(inventory().integrations.filter((i) => i.id !== "integration-0001").every((i) => i.alertTests.length === 0));
  });

  it("holds times in seconds, each series as its metric and tags, and its values expanded", () => {
    const [inline, fromFile] = integration().alertTests;
    // No interval: one sample a minute.
    assert.equal(inline.intervalSeconds, 60);
    assert.deepEqual(inline.input[1].metric, "martech.forwarder.settled");
    assert.deepEqual(inline.input[1].tags, ["integration:integration-0001", "outcome:dead_lettered"]);
    assert.deepEqual(inline.input[1].values, [...Array(31).fill(0), ...Array(31).fill(2), ...Array(91).fill(0)]);
    assert.deepEqual(inline.expect, [
      { atSeconds: 1800, firing: [], warning: [], quiet: ["api-errors"] },
      { atSeconds: 2400, firing: ["api-errors"], warning: [], quiet: [] },
      { atSeconds: 5400, firing: [], warning: [], quiet: ["api-errors", "silent"] },
    ]);
    assert.equal(fromFile.intervalSeconds, 300);
    assert.deepEqual(fromFile.input[0].values.slice(0, 3), [1000, 950, 900]);
    assert.equal(fromFile.input[0].values.length, 13 + 7 + 7);
    assert.deepEqual(fromFile.expect.map((e) => e.atSeconds), [1800, 4800, 7200]);
  });

  it("reads what the simulator runs: both tests pass against the planned monitors", () => {
    const monitors = plannedMonitors(lowerInventory(inventory(), sampleSettings()).resources, integration());
    // As `npm run simulate` runs them (in the stack's environment).
    for (const test of integration().alertTests) assert.deepEqual(runScenario({ kind: "alert test", test }, monitors).failures, [], test.name);
  });

  it("does not change what the plan creates", () => {
    const without = { ...inventory(), integrations: inventory().integrations.map((i) => ({ ...i, alertTests: [] })) };
    assert.deepEqual(lowerInventory(inventory(), sampleSettings()), lowerInventory(without, sampleSettings()));
  });

  it("reads a tests file whose integration's own file is broken without calling the integration unknown", () => {
    const fixture = loadFixture();
    withAlertTests(fixture);
    edit(INT1, "tier: 2", "tier: 7")(fixture);
    assert.deepEqual(validateFixture(fixture).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`), [`${INT1}:7:7 schema`]);
  });
});

interface Row {
  readonly what: string;
  readonly change: (f: Fixture) => void;
  readonly rule: RuleId;
  /** `file:line:col` */
  readonly at: string;
  readonly says: string;
}

/** Line `n` of the inline tests (1 = `alertTests:`) in INT1. */
const L = (n: number) => INLINE_FIRST_LINE + n - 1;

const ROWS: Row[] = [
  // alert-test-values: the token, inside plain, folded and quoted strings.
  { what: "a step without a count", change: editInline("0x30 2x30 0x90", "0x30 2x 0x90"), rule: "alert-test-values", at: `${INT1}:${L(7)}:22`, says: `${NAME}: input[1].values: "2x" is not a value; write a number (5), a run such as 0+10x60` },
  { what: "a bad token in a folded string", change: editInline("values: 0x30 2x30 0x90", "values: >-\n          0x30\n          2x30 0y90"), rule: "alert-test-values", at: `${INT1}:${L(9)}:16`, says: '"0y90" is not a value' },
  { what: "a token after an escaped tab", change: editTestsFile("values: 1000-50x12 50x6 1000x6", 'values: "1000-50x12 50x6\\t1000-1"'), rule: "alert-test-values", at: `${TESTS_FILE}:9:35`, says: `${FILE_NAME}: input[0].values: "1000-1" has a step but no count; write it as 1000-1xN` },
  { what: "promtool's stale", change: editTestsFile("50x6 1000x6", "50x6 stale"), rule: "alert-test-values", at: `${TESTS_FILE}:9:33`, says: '"stale" has no meaning for Datadog' },
  // alert-test-series: the character.
  { what: "an exclusion", change: editInline("outcome:dead_lettered}", "!outcome:dead_lettered}"), rule: "alert-test-series", at: `${INT1}:${L(6)}:72`, says: `${NAME}: input[1].series: an input series is one series as it is submitted, so it cannot exclude a tag with "!"` },
  { what: "a wildcard", change: editInline("outcome:dead_lettered}", "outcome:dead_*}"), rule: "alert-test-series", at: `${INT1}:${L(6)}:85`, says: 'a tag cannot hold the wildcard "*"' },
  { what: "a space", change: editInline("integration:integration-0001,outcome:forwarded}", "integration:integration-0001, outcome:forwarded}"), rule: "alert-test-series", at: `${INT1}:${L(4)}:72`, says: "a series holds no spaces" },
  { what: "a space aggregator", change: editInline("series: martech.forwarder.received", "series: count:martech.forwarder.received"), rule: "alert-test-series", at: `${INT1}:${L(8)}:17`, says: 'an input series names a metric, not a query: remove "count:"' },
  { what: "unclosed tags", change: editTestsFile("{integration:integration-0001}\n", "{integration:integration-0001\n"), rule: "alert-test-series", at: `${TESTS_FILE}:8:78`, says: 'the tags opened by "{" are not closed' },
  { what: "an empty tag", change: editTestsFile("{integration:integration-0001}\n", "{integration:integration-0001,}\n"), rule: "alert-test-series", at: `${TESTS_FILE}:8:79`, says: "an empty tag" },
  { what: "empty braces", change: editTestsFile("{integration:integration-0001}\n", "{}\n"), rule: "alert-test-series", at: `${TESTS_FILE}:8:49`, says: "the braces hold no tags" },
  { what: "a method after the tags", change: editTestsFile("{integration:integration-0001}\n", "{integration:integration-0001}.as_count()\n"), rule: "alert-test-series", at: `${TESTS_FILE}:8:79`, says: 'nothing may follow the tags\' closing "}"' },
  { what: "a tag ending with a colon", change: editTestsFile("{integration:integration-0001}\n", "{integration:}\n"), rule: "alert-test-series", at: `${TESTS_FILE}:8:62`, says: "a tag cannot end with a colon" },
  { what: "a character metric names lack", change: editTestsFile("series: hubspot.api.rate_limit", "series: hubspot.api.rate-limit"), rule: "alert-test-series", at: `${TESTS_FILE}:8:33`, says: '"-" cannot appear in the metric name' },
  { what: "the same series twice", change: editInline("integration:integration-0001,outcome:dead_lettered}", "outcome:forwarded,integration:integration-0001}"), rule: "alert-test-series", at: `${INT1}:${L(6)}:17`, says: `${NAME}: input[1].series: this is the series of input[0] (line ${L(4)}) again` },
  // alert-test-unread-metric
  { what: "a metric nothing reads", change: editInline("martech.forwarder.received{", "martech.forwarder.recieved{"), rule: "alert-test-unread-metric", at: `${INT1}:${L(8)}:17`, says: `${NAME}: input[2].series: no monitor or SLO of integration integration-0001 reads martech.forwarder.recieved, so this series cannot change any alert; did you mean "martech.forwarder.received"?` },
  // alert-test-after-input
  { what: "at after every series' last sample", change: editInline("at: 90m", "at: 160m"), rule: "alert-test-after-input", at: `${INT1}:${L(15)}:13`, says: `${NAME}: expect[2].at: 160m is after the last sample of every input series (the latest, input[1]'s sample 153, is at 152m)` },
  { what: "at after the last sample at 5m spacing", change: editTestsFile("at: 2h", "at: 131m"), rule: "alert-test-after-input", at: `${TESTS_FILE}:15:13`, says: "131m is after the last sample of every input series (the latest, input[0]'s sample 27, is at 130m)" },
  // alert-test-unknown-monitor
  { what: "a misspelt failure mode", change: editInline("firing: [api-errors]", "firing: [api-error]"), rule: "alert-test-unknown-monitor", at: `${INT1}:${L(14)}:18`, says: `${NAME}: expect[1].firing[0]: integration integration-0001 has no failure mode "api-error"; did you mean "api-errors"?` },
  { what: "not a monitor name", change: editInline("[api-errors, silent]", "[api-errors, Silent]"), rule: "alert-test-unknown-monitor", at: `${INT1}:${L(16)}:29`, says: `expect[2].quiet[1]: "Silent" is not a monitor name: write a failure mode's id, or <slo-id>/<tier> with tier fast, medium or slow; did you mean "silent"?` },
  { what: "an unknown SLO, listing what exists", change: editTestsFile("firing: [rate-limit]", "firing: [nope/fast]"), rule: "alert-test-unknown-monitor", at: `${TESTS_FILE}:14:18`, says: 'has no SLO "nope"; expected one of: field-deprecated, api-errors, silent, rate-limit, delivered-within-60s/fast, delivered-within-60s/medium, delivered-within-60s/slow, accepted/fast, accepted/medium' },
  // alert-test-not-created: off, dropped, retired.
  { what: "a tier set to off", change: editInline("quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, accepted/slow]\n      - at: 40m"), rule: "alert-test-not-created", at: `${INT1}:${L(12)}:29`, says: `${NAME}: expect[0].quiet[1]: the plan creates no accepted/slow alert: slo accepted sets alerting.slow to off` },
  {
    what: "a dropped tier",
    change: both(edit(INT1, "objective: 99.5", "objective: 93"), editInline("quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, delivered-within-60s/fast]\n      - at: 40m")),
    rule: "alert-test-not-created",
    at: `${INT1}:${L(12)}:29`,
    says: "the plan creates no delivered-within-60s/fast alert: at slo delivered-within-60s's 93% objective its fast tier's 14.4x can never be reached, so it is not created (burn-tier-dropped)",
  },
  {
    what: "a tier below 1x",
    change: both(edit(INT1, "alerting: { slow: off }", "alerting: {}"), editInline("quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, accepted/slow]\n      - at: 40m")),
    rule: "alert-test-not-created",
    at: `${INT1}:${L(12)}:29`,
    says: "over slo accepted's 7d window its slow tier burns at 0.7x, below 1x, so it would fire while the SLO is on track and is not created",
  },
  {
    what: "a retired SLO",
    change: both(edit(INT1, "    description: Webhook deliveries accepted by the forwarder.\n", "    description: Webhook deliveries accepted by the forwarder.\n    retired: { reason: Replaced by delivered-within-60s. }\n"), editInline("quiet: [api-errors]\n      - at: 40m", "quiet: [api-errors, accepted/fast]\n      - at: 40m")),
    rule: "alert-test-not-created",
    at: `${INT1}:${L(12) + 1}:29`,
    says: "the plan creates no accepted/fast alert: slo accepted is retired, and a retired SLO has no burn-rate alerts",
  },
  // alert-test-anomaly
  { what: "an anomaly monitor", change: editInline("firing: [api-errors]", "firing: [volume-drop]"), rule: "alert-test-anomaly", at: `${INT1}:${L(14)}:18`, says: `${NAME}: expect[1].firing[0]: failure mode volume-drop is detected by an anomaly monitor, and anomaly monitors are not simulated` },
  // alert-test-contradiction: in one expectation, and across two at the same time.
  { what: "firing and quiet at once", change: editInline("firing: [api-errors]", "firing: [api-errors]\n        quiet: [api-errors]"), rule: "alert-test-contradiction", at: `${INT1}:${L(15)}:17`, says: `${NAME}: expect[1].quiet[0]: api-errors is also listed under firing in this expectation; a monitor cannot be quiet and firing at once` },
  { what: "warning and quiet at the same time", change: (f) => withAlertTests(f, undefined, (t) => `${t}      - at: 120m\n        warning: [rate-limit]\n`), rule: "alert-test-contradiction", at: `${TESTS_FILE}:18:19`, says: `${FILE_NAME}: expect[3].warning[0]: rate-limit is also listed under quiet in expect[2], also at 2h; a monitor cannot be warning and quiet at once` },
  // alert-test-duplicate-name: across the two places.
  { what: "a name used twice", change: editTestsFile("HubSpot's API allowance runs low for half an hour", "CRM rejects a sixth of leads for half an hour"), rule: "alert-test-duplicate-name", at: `${TESTS_FILE}:5:11`, says: `${NAME}: name: integration integration-0001 already has a test of this name, at ${INT1}:${L(2)}` },
  // alert-test-file
  { what: "an unknown integration", change: editTestsFile("integration: integration-0001", "integration: integration-0009"), rule: "alert-test-file", at: `${TESTS_FILE}:3:14`, says: 'integration: there is no integration "integration-0009" to test; did you mean "integration-0001"?' },
  {
    what: "a file named after another integration",
    change: (f) => (withAlertTests(f), f.files.set("inventory/integrations/tests/integration-0004.yaml", f.files.get(TESTS_FILE)!), f.files.delete(TESTS_FILE)),
    rule: "alert-test-file",
    at: "inventory/integrations/tests/integration-0004.yaml:3:14",
    says: "integration: this file holds the alert tests of integration-0001, so it must be named integration-0001.yaml, not integration-0004.yaml",
  },
  {
    what: "a file outside a tests folder",
    change: (f) => (withAlertTests(f), f.files.set("inventory/integrations/integration-0001-tests/integration-0001.yaml", f.files.get(TESTS_FILE)!), f.files.delete(TESTS_FILE)),
    rule: "alert-test-file",
    at: "inventory/integrations/integration-0001-tests/integration-0001.yaml:2:7",
    says: "kind: alert tests live in a folder named tests, as inventory/integrations/tests/integration-0001.yaml; move this file there",
  },
  {
    what: "a second tests file",
    change: (f) => (withAlertTests(f), f.files.set("inventory/tests/integration-0001.yaml", f.files.get(TESTS_FILE)!.replace("low for half an hour", "low again"))),
    rule: "alert-test-file",
    at: "inventory/tests/integration-0001.yaml:3:14",
    says: `integration: the alert tests of integration-0001 are already in ${TESTS_FILE}; keep them in one file`,
  },
  // The shape (schema): spacing, times, names, values YAML would misread, empty expectations, limits.
  { what: "a spacing under DogStatsD's flush", change: editTestsFile("interval: 5m", "interval: 5s"), rule: "schema", at: `${TESTS_FILE}:6:15`, says: "alertTests[0].interval: 5s is shorter than 10s, DogStatsD's flush interval" },
  { what: "a spacing that does not divide a minute", change: editTestsFile("interval: 5m", "interval: 45s"), rule: "schema", at: `${TESTS_FILE}:6:15`, says: "45s neither divides a minute (10s, 12s, 15s, 20s, 30s) nor is a whole number of minutes" },
  { what: "a compound time", change: editTestsFile("at: 2h", "at: 2h30m"), rule: "schema", at: `${TESTS_FILE}:15:13`, says: "alertTests[0].expect[2].at: must be a time after the first sample such as 90m, 2h or 1d (one number and one unit: m, h or d; write 2h30m as 150m)" },
  { what: "a time past a week", change: editTestsFile("at: 2h", "at: 8d"), rule: "schema", at: `${TESTS_FILE}:15:13`, says: "must be at most 7d after the first sample" },
  { what: "values YAML reads as hexadecimal", change: editInline("values: 12x150", "values: 0x60"), rule: "schema", at: `${INT1}:${L(9)}:17`, says: 'alertTests[0].input[2].values: YAML reads this as the number 96, not as series notation (0x60 is hexadecimal 96 to YAML); put the values in quotes, such as "0x60"' },
  { what: "a name with a control character", change: editTestsFile("- name: HubSpot's API allowance runs low for half an hour", '- name: "HubSpot\\x07s API"'), rule: "schema", at: `${TESTS_FILE}:5:11`, says: "alertTests[0].name: must be one line without control characters" },
  { what: "a name with a bidi override", change: editTestsFile("- name: HubSpot's API allowance runs low for half an hour", '- name: "HubSpot\u202es API"'), rule: "schema", at: `${TESTS_FILE}:5:11`, says: "alertTests[0].name: must be one line without control characters or bidirectional overrides" },
  { what: "an expectation of nothing", change: editTestsFile("      - at: 80m\n        firing: [rate-limit]\n", "      - at: 80m\n"), rule: "schema", at: `${TESTS_FILE}:13:9`, says: "alertTests[0].expect[1]: list at least one monitor under firing, warning or quiet" },
  { what: "a misspelt field", change: editTestsFile("    interval: 5m", "    intervall: 5m"), rule: "unknown-key", at: `${TESTS_FILE}:6:5`, says: 'unknown field "intervall"; did you mean "interval"?' },
  { what: "more than 50 tests in one place", change: (f) => withAlertTests(f, undefined, (t) => t + tests(50, 1)), rule: "schema", at: `${TESTS_FILE}:5:3`, says: "alertTests: allows at most 50 tests here" },
  { what: "more than 50 series in a test", change: editTestsFile("    input:\n", `    input:\n${seriesLines(50, "1")}`), rule: "schema", at: `${TESTS_FILE}:8:7`, says: "alertTests[0].input: allows at most 50 series per test" },
  { what: "an empty tests file", change: editTestsFile(FILE_TESTS.slice(FILE_TESTS.indexOf("alertTests:")), "alertTests: []\n"), rule: "schema", at: `${TESTS_FILE}:4:13`, says: "alertTests: list at least one alert test" },
];

/** `n` more copies of the file's test, each named apart. */
function tests(n: number, from: number): string {
  const test = FILE_TESTS.slice(FILE_TESTS.indexOf("  - name:"));
  return Array.from({ length: n }, (_, i) => test.replace("half an hour", `half an hour, take ${from + i}`)).join("");
}

/** `n` input items for the rate-limit metric, each its own series (a `copy` tag). */
function seriesLines(n: number, values: string): string {
  return Array.from({ length: n }, (_, i) => `      - series: hubspot.api.rate_limit.remaining{integration:integration-0001,copy:c${i}}\n        values: "${values}"\n`).join("");
}

describe("alert tests: rules", () => {
  for (const row of ROWS) {
    it(`${row.rule}: ${row.what}`, () => {
      const fixture = loadFixture();
      // Rows that move the tests file add the tests themselves; the others edit them in place.
      row.change(fixture);
      const result = validateFixture(fixture);
      const found = result.diagnostics.filter((d) => d.rule === row.rule);
      const where = found.map((d) => `${d.file}:${d.line}:${d.column}`);
      assert.ok(where.includes(row.at), `expected ${row.rule} at ${row.at}, got:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
      const d = found[where.indexOf(row.at)];
      assert.ok(d.message.includes(row.says), `message "${d.message}" should say "${row.says}"`);
      assert.equal(d.severity, "error");
      assert.equal(result.inventory, undefined, "an inventory with errors must not produce a model");
    });
  }

  it("reports one diagnostic per fault, no echo from other rules", () => {
    for (const row of ROWS.filter((r) => r.what !== "a dropped tier" && r.what !== "a tier below 1x")) {
      const fixture = loadFixture();
      row.change(fixture);
      const lines = validateFixture(fixture).diagnostics.map(formatDiagnostic);
      assert.equal(lines.length, 1, `${row.what}:\n${lines.join("\n")}`);
    }
  });

  it("caps the samples of one integration's tests at 1,000,000 in all, and stops expanding there", () => {
    const fixture = loadFixture();
    // Series of 99,999 samples each: with the inline test's 455, the 10th passes the cap, and those after it are not expanded.
    editTestsFile("    input:\n", `    input:\n${seriesLines(11, "0x99998")}`)(fixture);
    edit(TESTS_FILE, "values: 1000-50x12 50x6 1000x6", 'values: "0x99998"')(fixture);
    const diagnostics = validateFixture(fixture).diagnostics.map(formatDiagnostic);
    assert.deepEqual(diagnostics, [
      `${TESTS_FILE}:27:17: error: ${FILE_NAME}: input[9].values: with this series the alert tests of integration integration-0001 hold more than 1,000,000 samples in all, more than check simulates; use a coarser interval or shorter tests [alert-test-values]`,
    ]);
  });
});

describe("alert tests: the simulation budget", () => {
  // The file's test stretched to a week of 5-minute samples: 10,080 monitor-minutes each (rate-limit, 7d).
  const week = (name: string) => FILE_TESTS.slice(FILE_TESTS.indexOf("  - name:")).replace("half an hour", name).replace("1000-50x12 50x6 1000x6", "1000x2016").replace("at: 2h", "at: 7d");
  const withWeeks = (n: number, extra = "") => (f: Fixture) => withAlertTests(f, undefined, () => `${FILE_TESTS.slice(0, FILE_TESTS.indexOf("  - name:"))}${Array.from({ length: n }, (_, i) => week(`week ${i}`)).join("")}${extra}`);
  const budget = (change: (f: Fixture) => void) => {
    const fixture = loadFixture();
    change(fixture);
    return validateFixture(fixture).diagnostics.filter((d) => d.rule === "alert-test-budget").map(formatDiagnostic);
  };

  it("allows 100,000 monitor-minutes per integration: nine week-long tests and the inline one come to 90,900", () => {
    // 9 weeks (90,720) and the inline test (api-errors and silent to 90m: 180).
    assert.deepEqual(budget(withWeeks(9)), []);
  });

  it("refuses the test that passes it, once, at its last at", () => {
    assert.deepEqual(budget(withWeeks(11)), [
      `${TESTS_FILE}:${15 + 12 * 9}:13: error: alert test "HubSpot's API allowance runs low for week 9": expect[2].at: with this test, which runs 1 monitor for 10080 minutes, the alert tests of integration integration-0001 come to 100,980 monitor-minutes (the monitors each test names times the minutes to its last at), more than the 100,000 simulate evaluates per integration; name fewer monitors per test or end tests sooner [alert-test-budget]`,
    ]);
  });

  it("counts only the monitors the simulator evaluates", () => {
    // A tenth week naming nothing simulated (an unknown monitor) costs nothing; other rules refuse it.
    const unknown = week("week 9").replace("quiet: [rate-limit]\n      - at: 80m", "quiet: [no-such-monitor]\n      - at: 80m").replace("firing: [rate-limit]", "firing: [no-such-monitor]").replace("quiet: [rate-limit]", "quiet: [no-such-monitor]");
    assert.deepEqual(budget(withWeeks(9, unknown)), []);
  });
});

describe("alert tests: a series as written", () => {
  const rows: [string, ReturnType<typeof parseSeriesText>][] = [
    ["martech.forwarder.settled{integration:x,outcome:forwarded}", { ok: true, metric: "martech.forwarder.settled", tags: ["integration:x", "outcome:forwarded"] }],
    ["leads.created", { ok: true, metric: "leads.created", tags: [] }],
    ["leads.created{synthetic,env:prod:eu}", { ok: true, metric: "leads.created", tags: ["synthetic", "env:prod:eu"] }],
    ["{a:b}", { ok: false, offset: 0, message: "the series starts with no metric name; write metric.name{key:value,...}" }],
    ["leads.created{a:b}}", { ok: false, offset: 18, message: 'nothing may follow the tags\' closing "}"' }],
    ["leads.created{a:b,,c}", { ok: false, offset: 18, message: "an empty tag: two commas in a row, or a comma at an end" }],
    ["leads.created{9a:b}", { ok: false, offset: 14, message: "the tag 9a must start with a letter" }],
  ];
  for (const [text, expected] of rows) it(text, () => assert.deepEqual(parseSeriesText(text), expected));
});

describe("alert tests: sample spacing", () => {
  const rows: [string, boolean][] = [["10s", true], ["12s", true], ["15s", true], ["20s", true], ["30s", true], ["60s", true], ["1m", true], ["5m", true], ["1h", true], ["9s", false], ["25s", false], ["45s", false], ["90s", false], ["59m", true], ["61m", false], ["2h", false]];
  for (const [text, ok] of rows) it(`${text} is ${ok ? "" : "not "}a spacing`, () => assert.equal(intervalProblem(text) === undefined, ok));
});

describe("alert tests: README", () => {
  it("documents a tests file that check accepts for the sample inventory and that passes", () => {
    const root = join(__dirname, "..");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Alert tests"));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const file = join(root, "inventory", "integrations", "tests", "web-lead-form-to-crm.yaml");
    const sources = [...readInventory(join(root, "inventory")).filter((s) => s.file !== file), { file, text: example }];
    const result = validateInventory(sources, runbookReader(join(root, "runbooks")));
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const integration = result.inventory!.integrations.find((i) => i.id === "web-lead-form-to-crm")!;
    const test = integration.alertTests.find((t) => t.name === "Salesforce dead-letters a tenth of leads for half an hour")!;
    const monitors = plannedMonitors(lowerInventory(result.inventory!, sampleSettings()).resources, integration);
    assert.deepEqual(runScenario({ kind: "alert test", test }, monitors).failures, []);
  });
});

describe("alert tests: properties", () => {
  const notation = fc.string({ unit: fc.constantFrom(..."0123456789x+-_. {}:,!*ab"), maxLength: 30 });
  it("any series and values text is read, or reported inside its line, never thrown", () => {
    fc.assert(
      fc.property(notation, notation, (series, values) => {
        const fixture = loadFixture();
        withAlertTests(fixture, undefined, (t) =>
          replaceOnce(replaceOnce(t, "series: hubspot.api.rate_limit.remaining{integration:integration-0001}", `series: ${JSON.stringify(series)}`), "values: 1000-50x12 50x6 1000x6", `values: ${JSON.stringify(values)}`),
        );
        const lines = fixture.files.get(TESTS_FILE)!.split("\n");
        const result = validateFixture(fixture);
        for (const d of result.diagnostics.filter((d) => d.file === TESTS_FILE)) {
          assert.ok(d.line >= 1 && d.line <= lines.length && d.column >= 1 && d.column <= lines[d.line - 1].length + 1, formatDiagnostic(d));
        }
        const test = result.inventory?.integrations.find((i) => i.id === "integration-0001")?.alertTests[1];
        if (test) assert.equal(`${test.input[0].metric}{${test.input[0].tags.join(",")}}`.replace(/\{\}$/, ""), series);
      }),
      { seed: 13, numRuns: 40 },
    );
  });
});
