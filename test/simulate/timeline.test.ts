/** Timelines: states minute by minute, transitions, recovery and renotification, and the one model of what a notification is. */
import { strict as assert } from "node:assert";
import { parseMetricMonitor } from "../../compiler/simulate/evaluate";
import { recordSent, type SentNotifications } from "../../compiler/simulate/messageChecks";
import { notificationKind, notificationLabel, TRANSITIONS, type NotificationKind, type Transition } from "../../compiler/simulate/notifications";
import { firstTimeIn, monitorTimeline, stateAt, type SimulatedMonitor } from "../../compiler/simulate/timeline";
import { type InputSeries, type SeriesSet, seriesFromNotation } from "../../compiler/simulate/input";

const series = (metric: string, tags: string, notation: string) => seriesFromNotation(metric, tags ? tags.split(",") : [], notation);
const perMinute = (...s: InputSeries[]): SeriesSet => ({ intervalSeconds: 60, series: s });
const minutes = (m: number) => m * 60;

describe("simulate: timelines", () => {
  it("a heartbeat goes to NO DATA after its silence, and recovers when data returns", () => {
    // The lowering's heartbeat: sum over half the silence < 1, notify_no_data after the silence (30m).
    const m: SimulatedMonitor = {
      kind: "metric",
      name: "heartbeat",
      query: parseMetricMonitor("sum(last_15m):sum:m{a:b}.as_count() < 1"),
      options: { notifyNoData: true, noDataTimeframe: 30, requireFullWindow: false, monitorThresholds: { critical: "1" } },
    };
    // Data until minute 30, silent for 60 minutes, back at minute 91.
    const input = perMinute(series("m", "a:b", "1x30 _x60 1x29"));
    const t = monitorTimeline(m, input, { from: minutes(1), to: minutes(119) });
    assert.equal(firstTimeIn(t, ["NO DATA"]), minutes(60));
    assert.equal(stateAt(t, minutes(59)), "OK");
    assert.deepEqual(
      t.notifications.map((n) => [n.at / 60, n.kind, n.from, n.state]),
      [
        [60, "no data", "OK", "NO DATA"],
        [91, "no data recovery", "NO DATA", "OK"],
      ],
    );
  });

  it("healthy data never leaves OK", () => {
    const m: SimulatedMonitor = { kind: "metric", name: "hb", query: parseMetricMonitor("sum(last_15m):sum:m{a:b}.as_count() < 1"), options: { notifyNoData: true, noDataTimeframe: 30 } };
    const t = monitorTimeline(m, perMinute(series("m", "a:b", "1x120")), { from: minutes(1), to: minutes(120) });
    assert.deepEqual(new Set(t.steps.map((s) => s.state)), new Set(["OK"]));
    assert.deepEqual(t.notifications, []);
  });

  it("renotifies every renotify_interval minutes while alerting, and a warning is its own transition", () => {
    const m: SimulatedMonitor = {
      kind: "metric",
      name: "threshold",
      query: parseMetricMonitor("max(last_5m):max:m{*} > 10"),
      options: { renotifyInterval: 60, monitorThresholds: { critical: "10", warning: "5" } },
    };
    // 0 to minute 9, 20 from minute 10 to 160, 7 from 161 to 181 (warning), then 0.
    const input = perMinute(series("m", "", "0x9 20x150 7x20 0x30"));
    const t = monitorTimeline(m, input, { from: minutes(5), to: minutes(200) });
    assert.deepEqual(
      t.notifications.map((n) => [n.at / 60, notificationLabel(n)]),
      [
        [10, "alert"],
        [70, "renotify"],
        [130, "renotify"],
        [165, "warning from ALERT"], // the 5m max drops below 10 once minute 160 leaves the window
        [186, "warning recovery"], // minute 181 leaves the window
      ],
    );
    // What the message checks get: each distinct notification once, with the value read as it was sent.
    const sent: SentNotifications = new Map();
    recordSent(sent, new Map([["threshold", t]]));
    assert.deepEqual(
      [...sent.get("threshold")!.values()],
      [
        { from: "OK", state: "ALERT", value: 20 },
        { from: "ALERT", state: "ALERT", renotify: true, value: 20 },
        { from: "ALERT", state: "WARN", value: 7 },
        { from: "WARN", state: "OK", value: 0 },
      ],
    );
  });

  it("names each notification by the state entered, left or resent, as Datadog's conditional variables tell them apart", () => {
    const rows: [Transition, NotificationKind, string][] = [
      [{ from: "OK", state: "ALERT" }, "alert", "alert"],
      [{ from: "WARN", state: "ALERT" }, "alert", "alert from WARN"],
      [{ from: "NO DATA", state: "ALERT" }, "alert", "alert from NO DATA"],
      [{ from: "ALERT", state: "WARN" }, "warning", "warning from ALERT"],
      [{ from: "OK", state: "NO DATA" }, "no data", "no data"],
      [{ from: "ALERT", state: "OK" }, "recovery", "recovery"],
      [{ from: "WARN", state: "OK" }, "warning recovery", "warning recovery"],
      [{ from: "NO DATA", state: "OK" }, "no data recovery", "no data recovery"],
      [{ from: "ALERT", state: "ALERT", renotify: true }, "renotify", "renotify"],
      [{ from: "WARN", state: "WARN", renotify: true }, "warning renotify", "warning renotify"],
      [{ from: "NO DATA", state: "NO DATA", renotify: true }, "no data renotify", "no data renotify"],
    ];
    assert.deepEqual(
      rows.map(([t]) => [notificationKind(t), notificationLabel(t)]),
      rows.map(([, kind, label]) => [kind, label]),
    );
    // Each kind's own transition is named by the kind alone.
    for (const [kind, t] of Object.entries(TRANSITIONS)) assert.equal(notificationLabel(t), kind);
  });

  it("an anomaly monitor's timeline says it was not evaluated", () => {
    const m: SimulatedMonitor = {
      kind: "metric",
      name: "anomaly",
      query: parseMetricMonitor("avg(last_5h):anomalies(sum:m{a:b}.as_count(), 'basic', 3, direction='above', alert_window='last_1h', interval=60, count_default_zero='true') >= 0.8"),
      options: {},
    };
    const t = monitorTimeline(m, perMinute(series("m", "a:b", "1x10")), { from: 0, to: minutes(10) });
    assert.equal(t.notEvaluated?.reason, "anomaly");
    assert.deepEqual(t.steps, []);
  });
});
