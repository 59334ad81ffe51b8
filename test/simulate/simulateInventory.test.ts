/**
 * Running an integration's alert tests against its planned monitors, and the two ways the
 * results are printed: the summary of `npm run simulate` and the timelines of
 * `npm run simulate -- <integration>`. Integrations come from the valid fixture's model with
 * `alertTests` set by hand, so these tests do not depend on how the YAML is read.
 */
import { strict as assert } from "node:assert";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import type { Integration } from "../../compiler/model";
import type { AlertExpectation, AlertTest } from "../../compiler/simulate/alertTest";
import { parseMetricMonitor } from "../../compiler/simulate/evaluate";
import { seriesFromNotation } from "../../compiler/simulate/input";
import { plannedMonitors, type PlannedResourceLike } from "../../compiler/simulate/plannedMonitors";
import { simulatedTime } from "../../compiler/simulate/format";
import { twiceItsRate } from "../../compiler/simulate/burnDrills";
import { messageContextOf } from "../../compiler/simulate/messageChecks";
import { failureLines, renderSummary } from "../../compiler/simulate/renderSummary";
import { renderScenario, renderTimelines } from "../../compiler/simulate/renderTimeline";
import { countResults, type IntegrationSimulation, runScenario, type ScenarioOptions, type ScenarioResult, scenarioPassed, simulateIntegration, simulationPassed } from "../../compiler/simulate/simulateInventory";
import { simulationJson } from "../../compiler/simulate/simulationJson";
import { terminalText } from "../../compiler/simulate/terminalText";
import { loadFixture, validateFixture } from "../support/fixture";
import { sampleSettings } from "../support/sampleState";

const inventory = validateFixture(loadFixture()).inventory!;
const resources = lowerInventory(inventory, sampleSettings()).resources;
const base = inventory.integrations.find((i) => i.id === "integration-0001")!;
const context = messageContextOf(inventory);

const at = (minutes: number, e: Partial<Omit<AlertExpectation, "atSeconds">>): AlertExpectation => ({ atSeconds: minutes * 60, firing: [], warning: [], quiet: [], ...e });

/**
 * integration-0001's CRM answers a sixth of its deliveries with errors from minute 30 to 60:
 * api-errors (more than 5% of settled deliveries not forwarded over 15 minutes) fires at 34m,
 * once the errors outweigh 5% of the window (the as_count path sums each side first), and
 * recovers at 73m, when they have nearly left it. The forwarder's points carry the stack's `env`
 * (prod here), which its monitors' queries select.
 */
const ERRORS: AlertTest = {
  name: "CRM rejects a sixth of leads for half an hour",
  intervalSeconds: 60,
  input: [
    seriesFromNotation("martech.forwarder.settled", ["integration:integration-0001", "outcome:forwarded", "env:prod"], "10x150"),
    seriesFromNotation("martech.forwarder.settled", ["integration:integration-0001", "outcome:dead_lettered", "env:prod"], "0x30 2x30 0x90"),
    seriesFromNotation("martech.forwarder.received", ["integration:integration-0001", "env:prod"], "12x150"),
  ],
  expect: [at(30, { quiet: ["api-errors"] }), at(40, { firing: ["api-errors"] }), at(90, { quiet: ["api-errors", "silent"] })],
};

function withTests(...alertTests: AlertTest[]): Integration {
  return { ...base, alertTests };
}

/** integration-0001 with these alert tests, run without its generated drills, so counts and lines here are exact. */
function alertTestsOf(tests: readonly AlertTest[], options: ScenarioOptions = {}): IntegrationSimulation {
  const monitors = plannedMonitors(resources, base);
  return { integration: withTests(...tests), monitors, scenarios: tests.map((test) => runScenario({ kind: "alert test", test }, monitors, { timelines: true, ...options })), notSimulated: [] };
}

describe("simulate: an integration's alert tests", () => {
  it("passes a test whose expectations hold, and counts it", () => {
    const sim = alertTestsOf([ERRORS]);
    assert.deepEqual(sim.scenarios.map((s) => [s.kind, s.test.name, s.failures]), [["alert test", ERRORS.name, []]]);
    assert.deepEqual(countResults(sim.scenarios), { alertTestsPassed: 1, drillsPassed: 0, failed: 0 });
    assert.equal(renderSummary([sim]), "integration-0001: 1 alert test and 0 drills, all passed\n1 alert test and 0 drills passed, 0 failed\n");
  });

  it("names the test, the monitor, the expected and the observed state of each failed expectation", () => {
    const wrong: AlertTest = { ...ERRORS, name: "expects the wrong things", expect: [at(40, { firing: ["silent"], quiet: ["api-errors"] }), at(90, { warning: ["api-errors"] })] };
    const sim = alertTestsOf([ERRORS, wrong]);
    assert.equal(
      renderSummary([sim]),
      [
        "integration-0001: 2 alert tests and 0 drills, 1 failed",
        "integration-0001 › expects the wrong things: silent expected firing at 40m, observed OK (sum over last_30m is 360; < 1 alerts)",
        "integration-0001 › expects the wrong things: api-errors expected quiet at 40m, observed ALERT (the query over last_15m is 11.764706%; > 5 alerts)",
        "integration-0001 › expects the wrong things: api-errors expected warning at 90m, observed OK (the query over last_15m is 0%; > 5 alerts)",
        "1 alert test and 0 drills passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("fails an expectation on a monitor the plan does not create or cannot simulate, saying which", () => {
    const test: AlertTest = { ...ERRORS, expect: [at(30, { quiet: ["volume-drop", "no-such-mode", "accepted/slow"] })] };
    const [r] = alertTestsOf([test]).scenarios;
    assert.deepEqual(
      r!.failures.map((f) => [f.monitor, f.observed]),
      [
        ["volume-drop", "not simulated: anomaly monitors are not evaluated: their bands come from Datadog's models over weeks of history"],
        ["no-such-mode", "the plan creates no such monitor"],
        // The fixture turns the accepted SLO's slow alert off.
        ["accepted/slow", "the plan creates no such monitor"],
      ],
    );
  });

  it("reports a scenario the simulator stops on as failed with the reason, and runs the others", () => {
    const monitors = new Map(plannedMonitors(resources, base));
    const planned = monitors.get("api-errors")!;
    assert.equal(planned.monitor.kind, "metric");
    if (planned.monitor.kind !== "metric") return;
    monitors.set("api-errors", { ...planned, monitor: { ...planned.monitor, options: { ...planned.monitor.options, monitorThresholds: { warning: "often" } } } });
    const broken = runScenario({ kind: "alert test", test: ERRORS }, monitors);
    assert.equal(broken.error, 'monitor threshold warning "often" is not a number');
    assert.deepEqual(failureLines("integration-0001", broken), [`integration-0001 › ${ERRORS.name}: could not be simulated: monitor threshold warning "often" is not a number`]);
    const sims = [{ integration: base, monitors, scenarios: [broken, runScenario({ kind: "drill", test: { ...ERRORS, name: "drill: other" } }, plannedMonitors(resources, base))], notSimulated: [] }];
    assert.match(renderSummary(sims), /\n0 alert tests and 1 drill passed, 1 failed\n$/);
  });

  it("runs an integration's alert tests, then its generated drills", () => {
    const sim = simulateIntegration(withTests(ERRORS), resources, context);
    assert.deepEqual(sim.scenarios[0]!.test, ERRORS);
    const drills = sim.scenarios.slice(1);
    assert.ok(drills.length > 0 && drills.every((d) => d.kind === "drill" && d.test.name.startsWith("drill: ")));
    const lines = renderSummary([sim]).split("\n");
    assert.equal(lines[0], `integration-0001: 1 alert test and ${drills.length} drills, all passed`);
    assert.equal(lines.at(-2), `1 alert test and ${drills.length} drills passed, 0 failed; messages of ${sim.monitors.size} monitors checked, 0 problems; 1 monitor not simulated (listed above)`);
    // Timelines are let go once a scenario has run, unless asked for.
    assert.ok(sim.scenarios.every((r) => r.timelines.size === 0));
  });

  it("says so for an integration without alert tests or drills", () => {
    assert.equal(renderSummary([alertTestsOf([])]), "integration-0001: no alert tests or drills\n0 alert tests and 0 drills passed, 0 failed\n");
  });

  it("writes simulated times as an alert test's `at:` is written", () => {
    assert.deepEqual([0, 45, 60, 90, 5400, 5430, 7200, 43200, 86400, 90000].map(simulatedTime), ["0m", "45s", "1m", "90s", "90m", "5430s", "2h", "12h", "1d", "25h"]);
  });
});

describe("simulate: timelines", () => {
  it("shows each named monitor's state changes with their values, its notifications and each expectation", () => {
    const test: AlertTest = { ...ERRORS, expect: [...ERRORS.expect, at(150, { firing: ["field-deprecated"] })] };
    const sim = alertTestsOf([test]);
    assert.equal(
      renderTimelines(sim),
      [
        `integration-0001 › ${ERRORS.name} (alert test): passed (5 expectations held)`,
        "  input: 3 series, one sample every 1m",
        '  api-errors  "[integration-0001] CRM API errors"',
        "         0m  OK              the query over last_15m is 0%; > 5 alerts",
        "        34m  OK -> ALERT     the query over last_15m is 5.063291%; > 5 alerts  [notifies: alert]",
        "        73m  ALERT -> OK     the query over last_15m is 3.846154%; > 5 alerts  [notifies: recovery]",
        "       150m  OK              the query over last_15m is 0%; > 5 alerts  (last evaluation)",
        '  silent  "[integration-0001] No submissions arriving"',
        "         0m  OK              sum over last_30m is 12; < 1 alerts",
        "       150m  OK              sum over last_30m is 360; < 1 alerts  (last evaluation)",
        // 12 received, 10 forwarded: a sixth dropped all along, so it alerts at once and renotifies hourly (renotify_interval 60).
        '  field-deprecated  "[integration-0001] CRM field deprecated"',
        "         0m  OK -> ALERT     the query over last_1h is 16.666667%; > 5 alerts  [notifies: alert]",
        "         1h  ALERT           the query over last_1h is 16.666667%; > 5 alerts  [notifies: renotify]",
        "         2h  ALERT           the query over last_1h is 16.666667%; > 5 alerts  [notifies: renotify]",
        "       150m  ALERT           the query over last_1h is 16.666667%; > 5 alerts  (last evaluation)",
        "  expectations:",
        "        30m  quiet   api-errors: held",
        "        40m  firing  api-errors: held",
        "        90m  quiet   api-errors: held",
        "        90m  quiet   silent: held",
        "       150m  firing  field-deprecated: held",
        "",
      ].join("\n"),
    );
  });

  it("with every planned monitor, marks those the test does not name and still judges only the named ones", () => {
    const sim = alertTestsOf([ERRORS], { allMonitors: true });
    const [r] = sim.scenarios;
    assert.deepEqual([...r!.timelines.keys()].sort(), [...plannedMonitors(resources, base).keys()].sort());
    assert.deepEqual(r!.failures, []);
    const text = renderTimelines(sim, { allMonitors: true });
    assert.match(text, /^ {2}delivered-within-60s\/fast {2}"\[integration-0001\] SLO delivered-within-60s burning 14.4x over 1h" \(not named by the test\)$/m);
    assert.match(text, /^ {2}api-errors {2}"\[integration-0001\] CRM API errors"$/m);
    assert.match(text, /^ {4}not simulated: anomaly monitors are not evaluated/m);
  });

  it("lists a failed expectation with what was observed", () => {
    const test: AlertTest = { ...ERRORS, expect: [at(40, { quiet: ["api-errors"] })] };
    const text = renderTimelines(alertTestsOf([test]));
    assert.match(text, /\(alert test\): failed \(1 of 1 expectation\)\n/);
    assert.match(text, /\n {8}40m {2}quiet {3}api-errors: FAILED, observed ALERT \(the query over last_15m is 11\.764706%; > 5 alerts\)\n/);
  });
});

describe("simulate: text from a pull request", () => {
  const hostile = "lead\u001b[2J\u009b31m flood\u202e\nintegration-0001 › forged: all passed";
  const test: AlertTest = {
    ...ERRORS,
    name: hostile,
    expect: [at(40, { quiet: ["api-errors"] })],
  };
  const sim = alertTestsOf([test]);

  it("shows controls, escapes and bidi overrides as \\u escapes in every output", () => {
    const outputs = [renderSummary([sim]), renderTimelines(sim), renderTimelines(alertTestsOf([test], { allMonitors: true }), { allMonitors: true }), simulationJson([sim], { notifications: true })];
    for (const text of outputs) assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    for (const text of outputs.slice(0, 3)) assert.match(text, /lead\\u001b\[2J\\u009b31m flood\\u202e\\u000aintegration-0001/);
    // JSON's own escape for a line feed.
    assert.match(outputs[3]!, /"lead\\u001b\[2J\\u009b31m flood\\u202e\\nintegration-0001/);
    // The name cannot start a line of its own: the only line about this test is the failure.
    assert.equal(renderSummary([sim]).split("\n").filter((l) => l.startsWith("integration-0001 ›")).length, 1);
  });

  it("escapes a group's tags, which come from the test's series", () => {
    const monitors = new Map([["by-outcome", { ref: { kind: "failure-mode" as const, id: "by-outcome" }, resource: "r", title: "By outcome", inputs: {}, monitor: { kind: "metric" as const, name: "By outcome", query: parseMetricMonitor("sum(last_5m):sum:errors{*} by {outcome}.as_count() > 0"), options: {} } }]]);
    const grouped: AlertTest = { name: "grouped", intervalSeconds: 60, input: [seriesFromNotation("errors", ["outcome:x\u001b]0;owned\u0007"], "0x5 1x5")], expect: [at(10, { firing: ["by-outcome"] })] };
    const text = renderScenario("integration-0001", runScenario({ kind: "alert test", test: grouped }, monitors, { timelines: true }), monitors);
    assert.match(text, /^ {9}6m {2}outcome:x\\u001b\]0;owned\\u0007: OK -> ALERT {5}sum over last_5m is 1; > 0 alerts {2}\[notifies: alert\]$/m);
  });

  it("keeps the JSON readable by a JSON parser, with the original text", () => {
    const doc = JSON.parse(simulationJson([sim], { notifications: true }));
    assert.equal(doc.integrations[0].scenarios[0].name, hostile);
    assert.equal(terminalText("\u2028"), "\\u2028");
  });

  it("writes the results as JSON with times in both forms", () => {
    const wrong: AlertTest = { ...ERRORS, name: "wrong", expect: [at(90, { warning: ["api-errors"] })] };
    const doc = JSON.parse(simulationJson([alertTestsOf([ERRORS, wrong])]));
    assert.deepEqual(doc, {
      integrations: [
        {
          id: "integration-0001",
          alertTests: 2,
          drills: 0,
          failed: 1,
          scenarios: [
            { name: ERRORS.name, kind: "alert test", passed: true, failures: [] },
            { name: "wrong", kind: "alert test", passed: false, failures: [{ monitor: "api-errors", expected: "warning", at: "90m", atSeconds: 5400, observed: "OK (the query over last_15m is 0%; > 5 alerts)" }] },
          ],
          notSimulated: [],
        },
      ],
      alertTestsPassed: 1,
      drillsPassed: 0,
      failed: 1,
      notSimulated: 0,
      messagesChecked: 0,
      messageProblems: 0,
    });
  });
});

/** The fixture's plan with one monitor's inputs changed. */
function withMonitorInputs(ref: string, change: (inputs: Readonly<Record<string, unknown>>) => Record<string, unknown>): PlannedResourceLike[] {
  const name = plannedMonitors(resources, base).get(ref)!.resource;
  return resources.map((r) => (r.name === name ? { ...r, inputs: change(r.inputs as Record<string, unknown>) } : r));
}

describe("simulate: monitors without a drill, and every monitor's message", () => {
  it("lists an anomaly monitor as not simulated, saying what is checked for it instead, and still passes", () => {
    const sim = simulateIntegration(withTests(), resources, context);
    assert.deepEqual(
      sim.notSimulated.map((n) => [n.monitor, n.failed]),
      [["volume-drop", false]],
    );
    assert.ok(simulationPassed([sim]));
    assert.match(
      renderSummary([sim]),
      /^integration-0001 › not simulated: volume-drop: an anomaly monitor: its band comes from Datadog's models over weeks of history, which the simulator does not reproduce, so no drill can say when it fires; checked instead: its query parses, and its message renders right for each notification its options allow$/m,
    );
  });

  it("fails a failure mode whose drill cannot be derived, naming the monitor and why", () => {
    // An error-rate failure mode whose monitor no longer divides errors by a total.
    const broken = withMonitorInputs("api-errors", (inputs) => ({ ...inputs, query: "sum(last_15m):count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded}.as_count() > 5" }));
    const sim = simulateIntegration(withTests(), broken, context);
    assert.deepEqual(sim.notSimulated.find((n) => n.monitor === "api-errors"), {
      monitor: "api-errors",
      reason: "no drill could be derived: its query is not errors / total of two metric queries, which the error-rate drill writes series for",
      failed: true,
    });
    assert.ok(sim.scenarios.every(scenarioPassed));
    assert.equal(simulationPassed([sim]), false);
    const text = renderSummary([sim]);
    assert.match(text, /^integration-0001: 0 alert tests and \d+ drills, 1 failed$/m);
    assert.match(text, /^integration-0001 › not simulated: api-errors: no drill could be derived: its query is not errors \/ total of two metric queries, which the error-rate drill writes series for \(a failure\)$/m);
    assert.match(text, /, 1 failed; messages of \d+ monitors checked, 0 problems; 1 monitor not simulated/);
    assert.equal(JSON.parse(simulationJson([sim])).failed, 1);
  });

  it("fails a message that renders an empty body for a state its monitor reaches, naming the monitor and the notification", () => {
    // The heartbeat's drill sends `no data` and its recovery; this message says something on ALERT only.
    const message = "{{#is_alert}}Synthetic integration 1: No submissions arriving.{{/is_alert}}\n@pagerduty-integration-0001\nRunbook: https://github.com/acme/martech-reliability/blob/main/runbooks/integration-0001.md#no-submissions-arriving";
    const sim = simulateIntegration(withTests(), withMonitorInputs("silent", (inputs) => ({ ...inputs, message })), context);
    assert.deepEqual(sim.messages?.problems, [
      { monitor: "silent", notification: "recovery", problem: "renders an empty body" },
      { monitor: "silent", notification: "no data", problem: "renders an empty body" },
      { monitor: "silent", notification: "no data recovery", problem: "renders an empty body" },
      // It pages, so it renotifies every 60 minutes (renotify_interval) in NO DATA too.
      { monitor: "silent", notification: "no data renotify", problem: "renders an empty body" },
    ]);
    assert.ok(sim.scenarios.every(scenarioPassed));
    assert.equal(simulationPassed([sim]), false);
    const text = renderSummary([sim]);
    assert.match(text, /^integration-0001: 0 alert tests and \d+ drills, all passed, 4 message problems$/m);
    assert.match(text, /^integration-0001 › message of silent for no data: renders an empty body$/m);
    assert.match(text, /; messages of \d+ monitors checked, 4 problems;/);
  });

  it("checks the notifications the scenarios sent, with the value read, besides those the options allow", () => {
    const sim = simulateIntegration(withTests(ERRORS), resources, context, { timelines: true });
    const sent = new Map<string, Set<string>>();
    for (const r of sim.scenarios) for (const [ref, t] of r.timelines) for (const n of t.notifications) sent.set(ref, (sent.get(ref) ?? new Set()).add(n.kind));
    // The heartbeat's drill goes silent and comes back; the error rate's fires and recovers.
    assert.deepEqual([...(sent.get("silent") ?? [])].sort(), ["no data", "no data recovery"]);
    assert.deepEqual([...(sent.get("api-errors") ?? [])].sort(), ["alert", "recovery"]);
    assert.deepEqual(sim.messages, { checked: sim.monitors.size, problems: [] });
  });
});

describe("simulate: a burn drill at twice its tier's rate is named by what it injects", () => {
  it("names the error share and the burn rate, and says so when twice the rate would need more than every event failing", () => {
    // 99.5%: a fast tier's 14.4x twice over is 28.8x, 14.4% of events failing.
    assert.equal(twiceItsRate(14.4, 0.005), "fails 14.4% of events, a burn rate of 28.8x (twice its 14.4x)");
    // 95%: 28.8x would need 144% of events failing; every event failing is a burn of 20x.
    assert.equal(twiceItsRate(14.4, 0.05), "fails 100% of events, a burn rate of 20x, the highest its 5% budget allows (capped: twice its 14.4x would need 144% of events failing)");
  });

  it("uses that name for the fixture's tiers", () => {
    const names = simulateIntegration(withTests(), resources, context).scenarios.map((r) => r.test.name);
    assert.ok(names.includes("drill: delivered-within-60s/fast fails 14.4% of events, a burn rate of 28.8x (twice its 14.4x), fires within 31 min"), names.join("\n"));
  });
});

/** countResults on results built by hand: drills and alert tests are counted apart. */
describe("simulate: counts", () => {
  const result = (kind: ScenarioResult["kind"], failed: boolean): ScenarioResult => ({ kind, test: ERRORS, timelines: new Map(), failures: failed ? [{ monitor: "x", atSeconds: 0, expected: "quiet", observed: "ALERT" }] : [] });
  it("counts passed alert tests, passed drills and every failure", () => {
    assert.deepEqual(countResults([result("alert test", false), result("drill", false), result("drill", false), result("drill", true), result("alert test", true)]), { alertTestsPassed: 1, drillsPassed: 2, failed: 2 });
  });
});
