/**
 * The scenario timeline picture (compiler/simulate/timelineChart.ts): every notification a
 * named monitor sends is written out with its time and change, states are named, a monitor that
 * cannot be drawn says why; and no text meets another, with a warning threshold beside the
 * critical one, two groups, a monitor flapping every minute and names longer than the canvas.
 */
import { strict as assert } from "node:assert";
import type { AlertTest } from "../../compiler/simulate/alertTest";
import { parseMetricMonitor } from "../../compiler/simulate/evaluate";
import { seriesFromNotation } from "../../compiler/simulate/input";
import type { PlannedMonitor } from "../../compiler/simulate/plannedMonitors";
import type { ScenarioResult } from "../../compiler/simulate/simulateInventory";
import { monitorTimeline, type SimulatedMonitor, type Timeline } from "../../compiler/simulate/timeline";
import { notificationText, scenarioTimelineChart } from "../../compiler/simulate/timelineChart";
import { renderScenario } from "../../compiler/simulate/renderTimeline";
import { layoutProblems, svgLayout } from "../support/svgTextBoxes";

const LONG_TITLE = `[web-lead-form-to-crm] ${"Salesforce rejects lead upserts because a validation rule changed ".repeat(3)}`;

function planned(id: string, monitor: SimulatedMonitor): PlannedMonitor {
  return { ref: { kind: "failure-mode", id }, resource: id, title: monitor.name, monitor, inputs: {} };
}

function scenario(): { result: ScenarioResult; monitors: Map<string, PlannedMonitor> } {
  const input = {
    intervalSeconds: 60,
    series: [
      seriesFromNotation("app.errors", ["region:eu"], "0x10 6x30 4.7x20 0x30"),
      seriesFromNotation("app.errors", ["region:us"], "0x20 _x40 1x30"),
      seriesFromNotation("app.flaps", [], "0 9 0 9 0 9 0 9 0 9 0 9 0 9 0 9 0 9 0 9 0x70"),
    ],
  };
  const grouped: SimulatedMonitor = {
    kind: "metric",
    name: LONG_TITLE,
    query: parseMetricMonitor("avg(last_5m):avg:app.errors{*} by {region} > 5"),
    options: { monitorThresholds: { critical: "5", warning: "4.5" }, renotifyInterval: 10, notifyNoData: true, noDataTimeframe: 10 },
  };
  const flapping: SimulatedMonitor = { kind: "metric", name: "Flaps every minute", query: parseMetricMonitor("max(last_1m):max:app.flaps{*} > 5"), options: {} };
  const range = { from: 0, to: 5400 };
  const anomaly: Timeline = { monitor: "volume-drop", notEvaluated: { reason: "anomaly", message: "an anomaly monitor: its band comes from Datadog's models" }, steps: [], notifications: [] };
  const test: AlertTest = {
    name: `A test whose name is long enough to wrap: ${"errors rise in one region while the other falls silent, ".repeat(2)}`,
    intervalSeconds: 60,
    input: input.series,
    expect: [{ atSeconds: 5400, firing: [], warning: [], quiet: ["errors-high", "flapping", "volume-drop", "not-in-the-plan"] }],
  };
  const monitors = new Map([
    ["errors-high", planned("errors-high", grouped)],
    ["flapping", planned("flapping", flapping)],
    ["volume-drop", planned("volume-drop", flapping)],
  ]);
  const timelines = new Map([
    ["errors-high", monitorTimeline(grouped, input, range)],
    ["flapping", monitorTimeline(flapping, input, range)],
    ["volume-drop", anomaly],
  ]);
  return { result: { kind: "alert test", test, failures: [], timelines }, monitors };
}

describe("simulate: the timeline picture", () => {
  const { result, monitors } = scenario();
  const svg = scenarioTimelineChart("web-lead-form-to-crm", result, monitors);
  const texts = svgLayout(svg).texts.map((t) => t.text);

  it("no text meets another or leaves the canvas", () => {
    assert.deepEqual(layoutProblems(svg), []);
  });

  it("writes out every notification of every named monitor with its time and change", () => {
    const notifications = [...result.timelines.values()].flatMap((t) => t.notifications);
    assert.ok(notifications.length > 20, "the flapping monitor alone sends one a minute for 20 minutes");
    for (const n of notifications) assert.ok(texts.includes(notificationText(n)), notificationText(n));
    assert.equal(texts.filter((t) => /^\d+[smhd] (.+ \u2192 .+|.+, renotified)$/.test(t)).length, notifications.length, "each once");
    assert.ok(texts.includes("14m OK \u2192 WARN") && texts.includes("25m ALERT, renotified") && texts.includes("45m ALERT \u2192 WARN"));
  });

  it("draws a panel per group, names the states where they fit, and labels both thresholds", () => {
    assert.ok(texts.includes("errors-high (region:eu)") && texts.includes("errors-high (region:us)"));
    for (const word of ["OK", "ALERT", "NO DATA"]) assert.ok(texts.includes(word), word);
    assert.ok(texts.includes("> 5") && texts.includes("warn > 4.5"));
  });

  it("says why a monitor is not drawn, and cuts what is too long with an ellipsis", () => {
    assert.ok(texts.includes("not simulated: an anomaly monitor: its band comes from Datadog's models"));
    assert.ok(texts.includes("the plan creates no such monitor"));
    assert.ok(texts.some((t) => t.startsWith("\u201c[web-lead-form-to-crm] Salesforce") && t.endsWith("\u2026")));
    assert.ok(texts.some((t) => t.startsWith("web-lead-form-to-crm \u203a A test whose name")), "the title wraps");
    assert.ok(texts.includes("3 input series, one sample every 1m; passed: 4 expectations held"));
  });

  it("its text twin (npm run simulate -- <integration>) never runs a state into the reason after it", () => {
    const text = renderScenario("web-lead-form-to-crm", result, monitors);
    assert.match(text, /  30m  region:us: OK -> NO DATA   no data for 10 minutes/);
    assert.match(text, /  40m  region:us: NO DATA         no data for 20 minutes \(no_data_timeframe 10\)  \[notifies: no data renotify\]/, "a no-data renotification stays in its state");
    assert.doesNotMatch(text, /(OK|ALERT|WARN|NO DATA)[a-z]/);
  });
});
