/**
 * The metric-monitor evaluator against hand-computed cases, one per query form the lowering
 * emits (compiler/lower/monitorQuery.ts, test/golden/plan.json), plus Datadog's own as_count
 * example. One point per minute; sample i is at minute i, so `last_5m` at minute 5 holds
 * samples 1..5.
 */
import { strict as assert } from "node:assert";
import { evaluateMetricMonitor, type MonitorEvaluation, parseMetricMonitor, type SimulatedMonitorOptions } from "../../compiler/simulate/evaluate";
import type { MonitorState } from "../../compiler/simulate/states";
import { type InputSeries, type SeriesSet, seriesFromNotation } from "../../compiler/simulate/input";

const series = (metric: string, tags: string, notation: string) => seriesFromNotation(metric, tags ? tags.split(",") : [], notation);
const perMinute = (...s: InputSeries[]): SeriesSet => ({ intervalSeconds: 60, series: s });
const minutes = (m: number) => m * 60;

function evaluate(query: string, input: SeriesSet, at: number, options: SimulatedMonitorOptions = {}, previous?: Map<string, MonitorState>): MonitorEvaluation {
  return evaluateMetricMonitor(parseMetricMonitor(query), options, input, at, previous);
}

function only(result: MonitorEvaluation): { value?: number; outcome: string } {
  assert.equal(result.kind, "evaluated", JSON.stringify(result));
  if (result.kind !== "evaluated") throw new Error("unreachable");
  assert.equal(result.groups.length, 1, JSON.stringify(result.groups));
  const g = result.groups[0]!;
  return { ...(g.value !== undefined && { value: g.value }), outcome: g.outcome };
}

describe("simulate: metric monitor evaluation", () => {
  describe("threshold monitors: time and space aggregation", () => {
    // Window at minute 5: samples 1..5 -> sum 15, avg 3, min 1, max 5.
    const ramp = perMinute(series("m", "env:prod", "0+1x5"));
    // Two hosts: 1 and 3 at every point -> sum 4, avg 2, min 1, max 3 per point.
    const hosts = perMinute(series("m", "env:prod,host:a", "1x5"), series("m", "env:prod,host:b", "3x5"));
    const rows: [string, SeriesSet, number, string][] = [
      ["sum(last_5m):sum:m{env:prod} > 14", ramp, 15, "ALERT"],
      ["sum(last_5m):sum:m{env:prod} > 15", ramp, 15, "OK"],
      ["sum(last_5m):sum:m{env:prod} >= 15", ramp, 15, "ALERT"],
      ["avg(last_5m):avg:m{env:prod} > 2.9", ramp, 3, "ALERT"],
      ["min(last_5m):min:m{env:prod} < 2", ramp, 1, "ALERT"],
      ["min(last_5m):min:m{env:prod} < 1", ramp, 1, "OK"],
      ["min(last_5m):min:m{env:prod} <= 1", ramp, 1, "ALERT"],
      ["max(last_5m):max:m{env:prod} > 5", ramp, 5, "OK"],
      ["max(last_2m):max:m{env:prod} > 3", ramp, 5, "ALERT"],
      ["avg(last_5m):sum:m{env:prod} > 3", hosts, 4, "ALERT"],
      ["avg(last_5m):avg:m{env:prod} > 3", hosts, 2, "OK"],
      ["max(last_5m):min:m{env:prod} < 2", hosts, 1, "ALERT"],
      ["min(last_5m):max:m{env:prod} > 2", hosts, 3, "ALERT"],
      ["sum(last_5m):sum:m{env:prod} > 19", hosts, 20, "ALERT"],
      // Scopes: negation, wildcard, boolean filters.
      ["avg(last_5m):avg:m{env:prod,!host:a} > 2", hosts, 3, "ALERT"],
      ["avg(last_5m):avg:m{host:a*} > 2", hosts, 1, "OK"],
      ["avg(last_5m):sum:m{host IN (a, b)} > 3", hosts, 4, "ALERT"],
      ["avg(last_5m):sum:m{env:prod AND NOT host:b} > 3", hosts, 1, "OK"],
      ["avg(last_5m):sum:m{host:b OR host:c} > 2", hosts, 3, "ALERT"],
      ["avg(last_5m):sum:m{*} > 3", hosts, 4, "ALERT"],
      // A rollup in buckets of two minutes: buckets [0,120) [120,240) [240,360) hold 1, 2+3, 4+5;
      // the window (0, 300] keeps the buckets stamped 120 and 240.
      ["max(last_5m):sum:m{env:prod}.rollup(sum, 120) > 8", ramp, 9, "ALERT"],
    ];
    for (const [query, input, value, outcome] of rows) {
      it(`${query} -> ${value}, ${outcome}`, () => {
        assert.deepEqual(only(evaluate(query, input, minutes(5))), { value, outcome });
      });
    }

    it("by {host} evaluates each group on its own", () => {
      const r = evaluate("avg(last_5m):avg:m{env:prod} by {host} > 2", hosts, minutes(5));
      assert.equal(r.kind, "evaluated");
      if (r.kind !== "evaluated") return;
      assert.deepEqual(
        r.groups.map((g) => [g.group, g.value, g.outcome]),
        [
          ["host:a", 1, "OK"],
          ["host:b", 3, "ALERT"],
        ],
      );
    });
  });

  describe("error rates: the as_count path against the classic path", () => {
    // Datadog's example (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/):
    // errors 1..5 and total 10 at each of five points.
    const input = perMinute(series("requests.error", "", "0+1x5"), series("requests.total", "", "0 10x4"));
    it("sum(errors.as_count()) / sum(total.as_count()) is 0.3", () => {
      const r = evaluate("sum(last_5m):sum:requests.error{*}.as_count() / sum:requests.total{*}.as_count() > 1", input, minutes(5));
      assert.equal(r.kind === "evaluated" && r.path, "as_count");
      assert.deepEqual(only(r), { value: 0.3, outcome: "OK" });
    });
    it("the same ratio read .as_rate() is summed point by point: 1.5", () => {
      const r = evaluate("sum(last_5m):sum:requests.error{*}.as_rate() / sum:requests.total{*}.as_rate() > 1", input, minutes(5));
      assert.equal(r.kind === "evaluated" && r.path, "classic");
      assert.deepEqual(only(r), { value: 1.5, outcome: "ALERT" });
    });
    it("the lowering's error-rate form: (errors) / (total) * 100 in percent", () => {
      const q = "sum(last_5m):(sum:requests.error{*}.as_count()) / (sum:requests.total{*}.as_count()) * 100 > 25";
      assert.deepEqual(only(evaluate(q, input, minutes(5))), { value: 30, outcome: "ALERT" });
    });
    it("no errors and no requests is no value, not an alert (0/0)", () => {
      const empty = perMinute(series("requests.error", "", "0x5"), series("requests.total", "", "0x5"));
      const q = "sum(last_5m):(sum:requests.error{*}.as_count()) / (sum:requests.total{*}.as_count()) * 100 > 25";
      assert.deepEqual(only(evaluate(q, empty, minutes(5))), { outcome: "SKIPPED" });
    });
    it("an error count that stops reporting gives no value, so the state stays (no implicit zero)", () => {
      // Errors only during minutes 1..5; total throughout. At minute 15 the window has totals only.
      const sparse = perMinute(series("requests.error", "", "0 5x4"), series("requests.total", "", "0 10x20"));
      const q = "sum(last_5m):(sum:requests.error{*}.as_count()) / (sum:requests.total{*}.as_count()) * 100 > 25";
      assert.deepEqual(only(evaluate(q, sparse, minutes(5))), { value: 50, outcome: "ALERT" });
      assert.deepEqual(only(evaluate(q, sparse, minutes(15))), { outcome: "SKIPPED" });
      assert.deepEqual(only(evaluate(q, sparse, minutes(15), { onMissingData: "default" })), { value: 0, outcome: "OK" });
    });
    it("a count: query on a distribution counts values across series", () => {
      const forwarder = perMinute(
        series("martech.forwarder.settled", "destination:klaviyo,outcome:forwarded", "0 95x4"),
        series("martech.forwarder.settled", "destination:klaviyo,outcome:failed", "0 5x4"),
      );
      const q =
        "sum(last_5m):(count:martech.forwarder.settled{destination:klaviyo,!outcome:forwarded}.as_count()) / (count:martech.forwarder.settled{destination:klaviyo}.as_count()) * 100 > 4";
      assert.deepEqual(only(evaluate(q, forwarder, minutes(5))), { value: 5, outcome: "ALERT" });
    });
  });

  describe("reconciliation: upstream minus downstream over upstream", () => {
    const q = "sum(last_1h):(sum:up{a:b}.as_count() - sum:down{a:b}.as_count()) / sum:up{a:b}.as_count() * 100 > 2";
    const rows: [string, number, string][] = [
      ["97x60", 3, "ALERT"],
      ["99x60", 1, "OK"],
      ["100x60", 0, "OK"],
    ];
    for (const [down, value, outcome] of rows) {
      it(`downstream ${down} against upstream 100 a minute -> ${value}% short, ${outcome}`, () => {
        const input = perMinute(series("up", "a:b", "100x60"), series("down", "a:b", down));
        const r = only(evaluate(q, input, minutes(60)));
        assert.equal(r.outcome, outcome);
        assert.ok(Math.abs(r.value! - value) < 1e-9, `${r.value} is not ${value}`);
      });
    }
  });

  describe("evaluation_delay moves the window back", () => {
    // One spike of 50 at minute 10.
    const spike = perMinute(series("m", "", "0x9 50 0x20"));
    const q = "max(last_5m):max:m{*} > 10";
    const rows: [number, number, string][] = [
      [10, 0, "ALERT"],
      [10, 300, "OK"], // the window (0m, 5m] no longer holds minute 10
      [15, 0, "OK"], // (10m, 15m] excludes minute 10
      [15, 300, "ALERT"], // (5m, 10m] holds it again
    ];
    for (const [at, delay, outcome] of rows) {
      it(`at minute ${at} with a delay of ${delay}s -> ${outcome}`, () => {
        assert.equal(only(evaluate(q, spike, minutes(at), { evaluationDelay: delay })).outcome, outcome);
      });
    }
  });

  describe("require_full_window", () => {
    const gappy = perMinute(series("m", "", "10 10 _ 10 10 10 10 10 10 10"));
    const q = "avg(last_5m):avg:m{*} > 5";
    const rows: [number, boolean, string][] = [
      [5, false, "ALERT"],
      [5, true, "SKIPPED"], // minute 2 is missing
      [9, true, "ALERT"], // (4m, 9m] is full
      [3, true, "SKIPPED"], // the window reaches before the input
      [3, false, "ALERT"],
    ];
    for (const [at, full, outcome] of rows) {
      it(`at minute ${at}, require_full_window ${full} -> ${outcome}`, () => {
        assert.equal(only(evaluate(q, gappy, minutes(at), { requireFullWindow: full })).outcome, outcome);
      });
    }
  });

  describe("warning and recovery thresholds", () => {
    const at = (v: number) => perMinute(series("m", "", `${v}x5`));
    const rows: [string, Record<string, string>, number, MonitorState | undefined, string][] = [
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", warning: "5" }, 12, undefined, "ALERT"],
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", warning: "5" }, 7, undefined, "WARN"],
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", warning: "5" }, 3, undefined, "OK"],
      ["avg(last_5m):avg:m{*} < 10", { critical: "10", warning: "20" }, 15, undefined, "WARN"],
      ["avg(last_5m):avg:m{*} < 10", { critical: "10", warning: "20" }, 5, undefined, "ALERT"],
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", criticalRecovery: "8" }, 9, "ALERT", "ALERT"],
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", criticalRecovery: "8" }, 9, "OK", "OK"],
      ["avg(last_5m):avg:m{*} > 10", { critical: "10", criticalRecovery: "8" }, 8, "ALERT", "OK"],
    ];
    for (const [query, thresholds, value, previous, outcome] of rows) {
      it(`${query} ${JSON.stringify(thresholds)} at ${value}${previous ? ` after ${previous}` : ""} -> ${outcome}`, () => {
        const prev = previous ? new Map([["*", previous]]) : undefined;
        assert.equal(only(evaluate(query, at(value), minutes(5), { monitorThresholds: thresholds }, prev)).outcome, outcome);
      });
    }
  });

  describe("missing data", () => {
    // Data until minute 10, then nothing.
    const stops = perMinute(series("m", "a:b", "1x10"));
    const heartbeat = "sum(last_15m):sum:m{a:b}.as_count() < 1";
    const rows: [number, SimulatedMonitorOptions, string][] = [
      [20, { notifyNoData: true, noDataTimeframe: 30 }, "OK"], // minute 10 still in the window
      [30, { notifyNoData: true, noDataTimeframe: 30 }, "SKIPPED"], // 20 minutes silent
      [40, { notifyNoData: true, noDataTimeframe: 30 }, "NO DATA"], // 30 minutes silent
      [39, { notifyNoData: true }, "SKIPPED"], // default timeframe: twice the window, 30 minutes
      [40, { notifyNoData: true }, "NO DATA"],
      [90, {}, "SKIPPED"], // without notify_no_data the state stays
      [30, { onMissingData: "resolve" }, "OK"],
      [30, { onMissingData: "showNoData" }, "NO DATA"],
      [30, { onMissingData: "default" }, "ALERT"], // a count query: empty is 0, and 0 < 1
    ];
    for (const [at, options, outcome] of rows) {
      it(`heartbeat at minute ${at} with ${JSON.stringify(options)} -> ${outcome}`, () => {
        assert.equal(only(evaluate(heartbeat, stops, minutes(at), options)).outcome, outcome);
      });
    }
    it("a metric that never reported goes to NO DATA once the timeframe has passed since the start", () => {
      const nothing = perMinute(series("other", "", "1x60"));
      assert.equal(only(evaluate(heartbeat, nothing, minutes(29), { notifyNoData: true, noDataTimeframe: 30 })).outcome, "SKIPPED");
      assert.equal(only(evaluate(heartbeat, nothing, minutes(30), { notifyNoData: true, noDataTimeframe: 30 })).outcome, "NO DATA");
    });
  });

  it("anomaly monitors are reported as not evaluated, never guessed", () => {
    const q = "avg(last_5h):anomalies(sum:m{a:b}.as_count(), 'basic', 3, direction='above', alert_window='last_1h', interval=60, count_default_zero='true') >= 0.8";
    const r = evaluate(q, perMinute(series("m", "a:b", "1x300")), minutes(300));
    assert.equal(r.kind, "not-evaluated");
    assert.equal(r.kind === "not-evaluated" && r.reason, "anomaly");
  });

  it("percentile aggregators are reported as unsupported", () => {
    const r = evaluate("avg(last_5m):p99:latency{*} > 1", perMinute(series("latency", "", "1x5")), minutes(5));
    assert.equal(r.kind === "not-evaluated" && r.reason, "unsupported");
  });

  it("an SLO alert is refused by the metric-monitor entry point", () => {
    assert.throws(() => parseMetricMonitor('burn_rate("abc").over("30d").long_window("1h").short_window("5m") > 14.4'), /SLO burn-rate alert/);
  });
});
