/**
 * Burn-rate alerts against hand-computed cases. A 99% SLO over 30 days has a budget of 1% bad
 * events; the fast tier alerts at 14.4x over 1h and 5m. At 100 events a minute:
 * - a total outage burns at 100x, so the 1h window passes 14.4x once 9 of its 60 minutes are
 *   bad (100 x 9/60 = 15; 8/60 gives 13.3): the workbook's 8.64 minutes, rounded up to the minute;
 * - a burn at twice the tier's rate (28.8x, 28.8% bad) passes 14.4x over 1h after 30 minutes
 *   (28.8 x 30/60 = 14.4 is not above it, 31 minutes is);
 * - 0.9x the budget rate (0.9% bad) never does.
 */
import { strict as assert } from "node:assert";
import { burnRate, evaluateBurnRateAlert, parseBurnRateAlert, type SimulatedSlo } from "../../compiler/simulate/burnRate";
import { firstTimeIn, monitorTimeline, type SimulatedMonitor } from "../../compiler/simulate/timeline";
import { evaluationWindow, type InputSeries, type SeriesSet, seriesFromNotation } from "../../compiler/simulate/input";

const series = (metric: string, tags: string, notation: string) => seriesFromNotation(metric, tags ? tags.split(",") : [], notation);
const perMinute = (...s: InputSeries[]): SeriesSet => ({ intervalSeconds: 60, series: s });
const minutes = (m: number) => m * 60;

const slo: SimulatedSlo = { numerator: "sum:req{outcome:ok}.as_count()", denominator: "sum:req{*}.as_count()", target: 99 };
const fast = parseBurnRateAlert('burn_rate("slo-id").over("30d").long_window("1h").short_window("5m") > 14.4');

/** 100 events a minute for three hours: good for the first hour, then `badPerMinute` bad from minute 61. */
function traffic(badPerMinute: number) {
  const good = 100 - badPerMinute;
  return perMinute(series("req", "outcome:ok", `100x60 ${good}x119`), series("req", "outcome:error", `0x60 ${badPerMinute}x119`));
}

function monitor(): SimulatedMonitor {
  return { kind: "burn_rate", name: "fast", query: fast, slo, options: {} };
}

describe("simulate: SLO burn-rate alerts", () => {
  it("computes (1 - good/total) / (1 - target) over a window", () => {
    const input = traffic(10);
    // (61m, 66m]: five minutes at 10% bad -> 10x.
    assert.ok(Math.abs(burnRate(slo, input, evaluationWindow(minutes(65), 300))! - 10) < 1e-9);
    // (5m, 65m]: 55 good minutes and 5 at 10% -> 50 bad of 6000 -> 0.8333%, 0.8333x.
    assert.ok(Math.abs(burnRate(slo, input, evaluationWindow(minutes(65), 3600))! - 50 / 6000 / 0.01) < 1e-9);
  });

  it("a window without total events gives no burn rate", () => {
    assert.equal(burnRate(slo, perMinute(series("other", "", "1x60")), evaluationWindow(minutes(60), 3600)), undefined);
  });

  const rows: [string, number, number | undefined][] = [
    ["a total outage", 100, minutes(61 + 8)],
    ["a burn at twice the tier's rate", 28.8, minutes(61 + 30)],
    ["0.9x the budget rate", 0.9, undefined],
  ];
  for (const [name, bad, firesAt] of rows) {
    it(`${name} ${firesAt === undefined ? "stays quiet" : `fires at minute ${firesAt / 60}`}`, () => {
      const timeline = monitorTimeline(monitor(), traffic(bad), { from: minutes(60), to: minutes(179) });
      assert.equal(firstTimeIn(timeline, ["ALERT"]), firesAt);
    });
  }

  it("needs both windows: a long-window burn alone does not alert, and the short window recovers it", () => {
    // Outage from minute 61 to 80, then healthy: the 1h window still burns above 14.4x at
    // minute 90 (20 bad minutes of 60 -> 33x), but the 5m window is clean from minute 85.
    const input = perMinute(series("req", "outcome:ok", "100x60 0x19 100x99"), series("req", "outcome:error", "0x60 100x19 0x99"));
    const at = (m: number) => evaluateBurnRateAlert(fast, slo, {}, input, minutes(m)).outcome;
    assert.equal(at(75), "ALERT");
    assert.equal(at(84), "ALERT"); // minute 80 still in the 5m window
    assert.equal(at(85), "OK");
    const timeline = monitorTimeline(monitor(), input, { from: minutes(60), to: minutes(120) });
    assert.deepEqual(
      timeline.notifications.map((n) => [n.at / 60, n.kind]),
      [
        [69, "alert"],
        [85, "recovery"],
      ],
    );
  });

  it("a warning threshold warns when both windows pass it but not the critical one", () => {
    const r = evaluateBurnRateAlert(fast, slo, { monitorThresholds: { critical: "14.4", warning: "7.2" } }, traffic(10), minutes(61 + 59));
    assert.equal(r.outcome, "WARN");
  });
});
