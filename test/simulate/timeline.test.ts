/** Timelines: states minute by minute, transitions, recovery and renotification. */
import { strict as assert } from "node:assert";
import { parseMetricMonitor } from "../../compiler/simulate/evaluate";
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
        [91, "recovery", "NO DATA", "OK"],
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
      t.notifications.map((n) => [n.at / 60, n.kind]),
      [
        [10, "alert"],
        [70, "renotify"],
        [130, "renotify"],
        [165, "warning"], // the 5m max drops below 10 once minute 160 leaves the window
        [186, "recovery"], // minute 181 leaves the window
      ],
    );
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
