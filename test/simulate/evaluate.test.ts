/**
 * The metric-monitor evaluator against hand-computed cases, one per query form the lowering
 * emits (compiler/lower/monitorQuery.ts, test/golden/plan.json), plus Datadog's own as_count
 * example. One point per minute; sample i is at minute i and holds what was recorded in the
 * minute ending there (input.ts), so `last_5m` at minute 5 holds samples 1..5.
 */
import { strict as assert } from "node:assert";
import { detectionQuery } from "../../compiler/lower/monitorQuery";
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
      // A rollup in buckets of two minutes, each stamped with its end like every sample: the
      // buckets stamped 120, 240 and 360 hold samples (0,120], (120,240], (240,360]: 1+2, 3+4, 5.
      // The window (0, 300] keeps 120 and 240; the bucket still filling at 300 is not read.
      ["max(last_5m):sum:m{env:prod}.rollup(sum, 120) > 6", ramp, 7, "ALERT"],
      ["max(last_5m):sum:m{env:prod}.rollup(sum, 120) > 7", ramp, 7, "OK"],
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

describe("simulate: on_missing_data default on a counted threshold", () => {
  // One event a minute for 20 minutes, then nothing: a window of last_10m is empty from minute 30.
  const sparse = perMinute(series("x", "a:b", "1x20 _x30"));
  const stateAt = (query: string, options: SimulatedMonitorOptions, at: number) => only(evaluate(query, sparse, minutes(at), options));

  it("an empty window of counted events reads 0 (a `below` fires on silence)", () => {
    assert.deepEqual(stateAt("sum(last_10m):count:x{a:b} < 1", { onMissingData: "default" }, 35), { value: 0, outcome: "ALERT" });
  });
  it("without the option the same evaluation is skipped and the state stays", () => {
    assert.deepEqual(stateAt("sum(last_10m):count:x{a:b} < 1", {}, 35), { outcome: "SKIPPED" });
  });
  it("a gauge is not a count: an empty window keeps the last status", () => {
    assert.deepEqual(stateAt("sum(last_10m):avg:x{a:b} < 1", { onMissingData: "default" }, 35), { outcome: "SKIPPED" });
  });
});

describe("simulate: the lowering and the simulator agree on which queries count events", () => {
  // Both read compiler/query/countQuery.ts: the lowering sets on_missing_data default on a
  // threshold over counted events, and the simulator then reads an empty window as 0
  // (https://docs.datadoghq.com/monitors/guide/on_missing_data/: "default" if using sum or count
  // aggregation, "Evaluate as 0"). Events until minute 20; the window of minute 35 is empty.
  const sparse = perMinute(series("x", "a:b", "1x20 _x30"));
  const rows: [string, boolean][] = [
    ["sum:x{a:b}", true],
    ["count:x{a:b}", true],
    ["sum:x{a:b}.as_count()", true],
    ["avg:x{a:b}", false],
    ["max:x{a:b}", false],
  ];
  for (const [query, counts] of rows) {
    it(`a threshold on ${query} ${counts ? "reads 0 on an empty window" : "keeps its last status"}`, () => {
      const lowered = detectionQuery({ kind: "threshold", query, aggregation: "sum", window: "10m", below: 1 });
      assert.equal(lowered.options.onMissingData, counts ? "default" : undefined);
      const r = only(evaluateMetricMonitor(parseMetricMonitor(lowered.query), lowered.options as SimulatedMonitorOptions, sparse, minutes(35)));
      assert.deepEqual(r, counts ? { value: 0, outcome: "ALERT" } : { outcome: "SKIPPED" });
    });
  }
});

describe("simulate: classic-path arithmetic needs both sides at the same times", () => {
  // Datadog fills a gap by the metric's type (gauges linearly for 5 minutes, counts not at all:
  // https://docs.datadoghq.com/monitors/guide/monitor-arithmetic-and-sparse-metrics/); series here
  // have no type, so a misaligned window is refused, never computed one way or the other.
  const q = "avg(last_5m):avg:a{*} - avg:b{*} > 1";
  it("aligned sides are subtracted point by point", () => {
    assert.deepEqual(only(evaluate(q, perMinute(series("a", "", "5x5"), series("b", "", "2x5")), minutes(5))), { value: 3, outcome: "ALERT" });
  });
  const misaligned: [string, string, string][] = [
    ["a gap on one side", "5 5 5 _ 5 5", "2x5"],
    ["one side silent for the whole window", "5x5", "2 _x5"],
  ];
  for (const [what, a, b] of misaligned) {
    it(`${what}: not evaluated, with the reason`, () => {
      const r = evaluate(q, perMinute(series("a", "", a), series("b", "", b)), minutes(5));
      assert.equal(r.kind, "not-evaluated");
      assert.equal(r.kind === "not-evaluated" && r.reason, "unsupported");
      assert.match(r.kind === "not-evaluated" ? r.message : "", /do not have points at the same times: Datadog would interpolate a gauge across the gap and leave a count empty/);
    });
  }
  it("the as_count path aggregates each side over the window first, so a gap on one side is not a misalignment", () => {
    const r = evaluate("sum(last_5m):sum:a{*}.as_count() / sum:b{*}.as_count() > 1", perMinute(series("a", "", "5 5 5 _ 5 5"), series("b", "", "2x5")), minutes(5));
    assert.deepEqual(only(r), { value: 2, outcome: "ALERT" });
  });
});

describe("simulate: what the threshold was compared with, in words", () => {
  const why = (query: string, input: SeriesSet) => {
    const r = evaluate(query, input, minutes(5));
    assert.equal(r.kind, "evaluated");
    return r.kind === "evaluated" ? r.groups[0]!.why : "";
  };
  const input = perMinute(series("e", "", "0 1x4"), series("t", "", "0 8x4"));
  const rows: [string, string][] = [
    ["sum(last_5m):sum:e{*}.as_count() > 3", "sum over last_5m is 5; > 3 alerts"],
    // An error rate: each count summed, then the arithmetic; neither a sum of ratios nor a sum.
    ["sum(last_5m):(sum:e{*}.as_count()) / (sum:t{*}.as_count()) * 100 > 10", "the query over last_5m is 12.5%; > 10 alerts"],
    ["sum(last_5m):sum:t{*}.as_count() - sum:e{*}.as_count() > 10", "the query over last_5m is 35; > 10 alerts"],
  ];
  for (const [query, expected] of rows) {
    it(`${query}: "${expected}"`, () => {
      assert.equal(why(query, input), expected);
    });
  }
});
