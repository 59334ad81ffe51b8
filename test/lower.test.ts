/** The lower stage's generators, table-driven: input and expected output side by side. */
import { readsOnlyPerEnvironmentMetrics, scopeToEnvironment } from "../compiler/lower/environmentScope";
import { parseMetricExpression, parseMonitorQuery } from "../compiler/query/parse";
import { strict as assert } from "node:assert";
import { BURN_TIERS, burnAlerts, burnPolicy, describeBurnPolicy, errorBudgetMinutes, LONG_WINDOW_LIMITS, maxBurnRate, type BurnPolicy, type DroppedTier } from "../compiler/lower/burnRate";
import { durationSeconds } from "../compiler/lower/durations";
import { detectionQuery } from "../compiler/lower/monitorQuery";
import { integrationOfName, names, previousNames } from "../compiler/lower/names";
import { businessHoursRestrictions, layerStart } from "../compiler/lower/schedule";
import type { Integration, Rotation } from "../compiler/model";
import type { DetectionDoc, SloWindow } from "../compiler/validate/schema";

const Q = "sum:leads{integration:x}.as_count()";
const D = "sum:crm.leads{integration:x}.as_count()";
const C = "count:martech.forwarder.settled";

describe("detection queries", () => {
  const rows: [DetectionDoc, string, Record<string, unknown>][] = [
    [{ kind: "threshold", query: "avg:api.remaining{app:x}", aggregation: "min", window: "15m", below: 100 }, "min(last_15m):avg:api.remaining{app:x} < 100", { monitorThresholds: { critical: "100" } }],
    [{ kind: "threshold", query: Q, aggregation: "sum", window: "1h", above: 5, evaluationDelaySeconds: 900 }, `sum(last_1h):${Q} > 5`, { evaluationDelay: 900, monitorThresholds: { critical: "5" }, onMissingData: "default" }],
    // A threshold on counted events evaluates an empty window as zero; a gauge (above) keeps its last status.
    [{ kind: "threshold", query: "count:martech.forwarder.rejected{x:y}", aggregation: "sum", window: "10m", above: 5 }, "sum(last_10m):count:martech.forwarder.rejected{x:y} > 5", { monitorThresholds: { critical: "5" }, onMissingData: "default" }],
    [{ kind: "error-rate", errors: D, total: Q, window: "15m", maxPercent: 5 }, `sum(last_15m):(${D}) / (${Q}) * 100 > 5`, { monitorThresholds: { critical: "5" }, requireFullWindow: false, onMissingData: "default" }],
    [{ kind: "heartbeat", query: Q, silentMinutes: 60 }, `sum(last_30m):${Q} < 1`, { monitorThresholds: { critical: "1" }, notifyNoData: true, noDataTimeframe: 60, requireFullWindow: false }],
    [{ kind: "heartbeat", query: Q, silentMinutes: 5 }, `sum(last_2m):${Q} < 1`, { monitorThresholds: { critical: "1" }, notifyNoData: true, noDataTimeframe: 5, requireFullWindow: false }],
    [
      { kind: "anomaly", query: Q, window: "1h", direction: "below", algorithm: "agile", deviations: 2 },
      `avg(last_5h):anomalies(${Q}, 'agile', 2, direction='below', alert_window='last_1h', interval=60, count_default_zero='true', seasonality='weekly') >= 0.8`,
      { monitorThresholds: { critical: "0.8", criticalRecovery: "0.5" }, monitorThresholdWindows: { triggerWindow: "last_1h", recoveryWindow: "last_1h" } },
    ],
    [
      { kind: "anomaly", query: Q, window: "4h", direction: "both", algorithm: "robust", deviations: 3, seasonality: "daily", rollupSeconds: 300 },
      `avg(last_20h):anomalies(${Q}, 'robust', 3, direction='both', alert_window='last_4h', interval=300, count_default_zero='true', seasonality='daily') >= 0.8`,
      { monitorThresholds: { critical: "0.8", criticalRecovery: "0.5" }, monitorThresholdWindows: { triggerWindow: "last_4h", recoveryWindow: "last_4h" } },
    ],
    [
      // basic has no seasonality; the query window stops at the longest custom window, 730h.
      { kind: "anomaly", query: Q, window: "7d", direction: "above", algorithm: "basic", deviations: 2 },
      `avg(last_730h):anomalies(${Q}, 'basic', 2, direction='above', alert_window='last_7d', interval=60, count_default_zero='true') >= 0.8`,
      { monitorThresholds: { critical: "0.8", criticalRecovery: "0.5" }, monitorThresholdWindows: { triggerWindow: "last_7d", recoveryWindow: "last_7d" } },
    ],
    [
      { kind: "reconciliation", upstream: { system: "webflow", count: Q }, downstream: { system: "salesforce", count: D }, window: "4h", maxDropPercent: 5 },
      `sum(last_4h):(${Q} - ${D}) / ${Q} * 100 > 5`,
      { monitorThresholds: { critical: "5" }, requireFullWindow: false, onMissingData: "default" },
    ],
    // Ratios over distributions counted with count: get .as_count(), so Datadog takes the as_count
    // evaluation path (sum of errors / sum of total) rather than summing per-point ratios
    // (https://docs.datadoghq.com/monitors/guide/as-count-in-monitor-evaluations/).
    [
      { kind: "error-rate", errors: `${C}{x:y,!outcome:forwarded}`, total: `${C}{x:y} by {source}.rollup(sum, 60)`, window: "15m", maxPercent: 5 },
      `sum(last_15m):(${C}{x:y,!outcome:forwarded}.as_count()) / (${C}{x:y} by {source}.as_count().rollup(sum, 60)) * 100 > 5`,
      { monitorThresholds: { critical: "5" }, requireFullWindow: false, onMissingData: "default" },
    ],
    [
      { kind: "reconciliation", upstream: { system: "webflow", count: `${C}{x:y}` }, downstream: { system: "salesforce", count: D }, window: "4h", maxDropPercent: 5 },
      `sum(last_4h):(${C}{x:y}.as_count() - ${D}) / ${C}{x:y}.as_count() * 100 > 5`,
      { monitorThresholds: { critical: "5" }, requireFullWindow: false, onMissingData: "default" },
    ],
    // .as_rate() written by the inventory is left alone; a sum inside a function is counted too.
    [
      { kind: "error-rate", errors: "sum:e{a:b}.as_rate()", total: "abs(sum:t{a:b})", window: "15m", maxPercent: 5 },
      "sum(last_15m):(sum:e{a:b}.as_rate()) / (abs(sum:t{a:b}.as_count())) * 100 > 5",
      { monitorThresholds: { critical: "5" }, requireFullWindow: false, onMissingData: "default" },
    ],
  ];
  for (const [detection, query, options] of rows) {
    it(`${detection.kind}: ${query.slice(0, 60)}`, () => {
      const out = detectionQuery(detection);
      assert.equal(out.query, query);
      assert.deepEqual(out.options, options);
    });
  }
  it("heartbeat no-data timeframe is at least twice the evaluation window", () => {
    for (const silentMinutes of [5, 7, 10, 45, 60, 90, 240, 1440, 2880]) {
      const out = detectionQuery({ kind: "heartbeat", query: Q, silentMinutes });
      const [, n, unit] = /last_(\d+)([mhd])/.exec(out.query)!;
      const window = Number(n) * { m: 1, h: 60, d: 1440 }[unit as "m" | "h" | "d"];
      assert.ok(Number(out.options.noDataTimeframe) >= 2 * window, `${silentMinutes}: window ${window}m`);
    }
  });
});

describe("burn-rate tiers", () => {
  const all: BurnPolicy = { fast: "page", medium: "page", slow: "ticket" };
  // Datadog's recommended tiers (2% over 1h/5m, 5% over 6h/30m, 10% over 24h/2h), scaled per window;
  // dropped below 1x (fires while on track) and at or above 1/(1-target) (never fires, rejected).
  const rows: [objective: number, window: SloWindow, factors: number[], dropped: [number, DroppedTier["why"]][]][] = [
    [99.5, "30d", [14.4, 6, 3], []],
    [99.9, "7d", [3.36, 1.4], [[0.7, "below-one"]]],
    [99.9, "90d", [43.2, 18, 9], []],
    [95, "90d", [18, 9], [[43.2, "unreachable"]]],
    [93, "30d", [6, 3], [[14.4, "unreachable"]]],
    [90, "30d", [6, 3], [[14.4, "unreachable"]]],
    [80, "7d", [3.36, 1.4], [[0.7, "below-one"]]],
    [70, "7d", [1.4], [[3.36, "unreachable"], [0.7, "below-one"]]],
  ];
  for (const [objective, window, factors, dropped] of rows) {
    it(`${objective}% over ${window}: ${factors.join("x, ")}x`, () => {
      const out = burnAlerts(objective, window, all);
      assert.deepEqual(out.alerts.map((a) => a.factor), factors);
      assert.deepEqual(out.dropped.map((a) => [a.factor, a.why]), dropped);
      for (const a of out.alerts) assert.ok(a.factor >= 1 && a.factor < maxBurnRate(objective));
    });
  }
  it("uses only long windows Datadog accepts (1h to 48h) with short windows of 1/12", () => {
    for (const tier of BURN_TIERS) {
      const long = durationSeconds(tier.longWindow);
      assert.ok(long >= LONG_WINDOW_LIMITS.minSeconds && long <= LONG_WINDOW_LIMITS.maxSeconds, tier.longWindow);
      assert.equal(durationSeconds(tier.shortWindow) * 12, long);
    }
    assert.deepEqual(
      burnAlerts(99.5, "30d", all).alerts.map((a) => [a.longWindow, a.shortWindow, a.response]),
      [["1h", "5m", "page"], ["6h", "30m", "page"], ["24h", "2h", "ticket"]],
    );
  });
  it("defaults each tier's response from the integration tier; tier 3 and ticket-only integrations never page", () => {
    const rows: [tier: 1 | 2 | 3, ticketOnly: boolean, expected: BurnPolicy][] = [
      [1, false, { fast: "page", medium: "page", slow: "ticket" }],
      [2, false, { fast: "page", medium: "ticket", slow: "ticket" }],
      [3, false, { fast: "ticket", medium: "ticket", slow: "ticket" }],
      [1, true, { fast: "ticket", medium: "ticket", slow: "ticket" }],
    ];
    for (const [tier, ticketOnly, expected] of rows) assert.deepEqual(burnPolicy(tier, undefined, ticketOnly), expected, `tier ${tier}${ticketOnly ? " ticket-only" : ""}`);
  });
  it("lets an SLO set each tier to page, ticket or off, and creates no alert for off", () => {
    const policy = burnPolicy(3, { fast: "page", slow: "off" }, true);
    assert.deepEqual(policy, { fast: "page", medium: "ticket", slow: "off" });
    assert.deepEqual(burnAlerts(99.5, "30d", policy).alerts.map((a) => [a.id, a.response]), [["fast", "page"], ["medium", "ticket"]]);
    assert.equal(describeBurnPolicy(99.9, "7d", burnPolicy(1, undefined, false)), "fast page, medium page, slow not created (0.7x is below 1x)");
    assert.equal(describeBurnPolicy(99.5, "30d", policy), "fast page, medium ticket, slow off");
  });
  it("computes error budgets in minutes", () => {
    assert.equal(errorBudgetMinutes(99.5, "30d"), 216);
    assert.equal(errorBudgetMinutes(99.9, "30d"), 43.2);
    assert.equal(errorBudgetMinutes(99, "7d"), 100.8);
  });
});

describe("schedules", () => {
  const rotation = {
    id: "r",
    name: "R",
    team: "t",
    timeZone: "America/New_York",
    handoff: { day: "tuesday", time: "09:30" },
    businessHours: { days: ["monday", "tuesday", "wednesday", "thursday", "friday"], start: "09:00", end: "17:00" },
    members: ["a@example.com"],
    escalation: { afterMinutes: 15, owner: "a@example.com" },
  } as Rotation;
  it("starts at a fixed handoff in the rotation's time zone", () => {
    assert.equal(layerStart(rotation), "2024-01-02T09:30:00-05:00");
    assert.equal(layerStart({ ...rotation, timeZone: "Europe/Berlin" }), "2024-01-02T09:30:00+01:00");
    assert.equal(layerStart({ ...rotation, timeZone: "UTC" }), "2024-01-02T09:30:00+00:00");
  });
  it("restricts to business hours, one weekly window per working day", () => {
    assert.deepEqual(
      businessHoursRestrictions(rotation),
      [1, 2, 3, 4, 5].map((d) => ({ type: "weekly_restriction", startDayOfWeek: d, startTimeOfDay: "09:00:00", durationSeconds: 28800 })),
    );
  });
});

describe("names and aliases", () => {
  it("cannot collide, whatever the ids", () => {
    // Ids are kebab-case, so "a" + "b-c" and "a-b" + "c" must still give different names.
    assert.notEqual(names.monitor("a", "b-c"), names.monitor("a-b", "c"));
    assert.notEqual(names.monitor("a", "slo"), names.slo("a", "x"));
    assert.equal(integrationOfName(names.monitor("a-b", "c")), "a-b");
    assert.equal(integrationOfName(names.schedule("a-b")), undefined);
    assert.equal(integrationOfName(names.dashboard), undefined);
  });

  it("aliases every earlier combination of integration and failure-mode ids", () => {
    const integration = { id: "leads", previousIds: ["web-leads"] } as unknown as Integration;
    assert.deepEqual(previousNames(integration, ["dropped"], names.monitor, "field-deprecated"), ["leads--monitor--dropped", "web-leads--monitor--field-deprecated", "web-leads--monitor--dropped"]);
    assert.deepEqual(previousNames({ ...integration, previousIds: [] }, [], names.monitor, "field-deprecated"), []);
  });
});

describe("queries scoped to the stack's environment", () => {
  it("puts env:<environment> into the scope of every query over the forwarder's metrics, whatever the scope's form", () => {
    const cases: [string, string][] = [
      ["count:martech.forwarder.received{*}", "count:martech.forwarder.received{env:prod}"],
      ["count:martech.forwarder.received{integration:a,source:b}", "count:martech.forwarder.received{integration:a,source:b,env:prod}"],
      ["count:martech.forwarder.settled{integration:a AND outcome:forwarded}", "count:martech.forwarder.settled{integration:a AND outcome:forwarded AND env:prod}"],
      ["count:martech.forwarder.settled{integration:a OR integration:b}", "count:martech.forwarder.settled{(integration:a OR integration:b) AND env:prod}"],
      [
        "sum(last_15m):(count:martech.forwarder.settled{integration:a,!outcome:forwarded}.as_count()) / (count:martech.forwarder.settled{integration:a}.as_count()) * 100 > 5",
        "sum(last_15m):(count:martech.forwarder.settled{integration:a,!outcome:forwarded,env:prod}.as_count()) / (count:martech.forwarder.settled{integration:a,env:prod}.as_count()) * 100 > 5",
      ],
      // Vendor metrics carry no env: left as written. A scope naming env already: left as written.
      ["min:hubspot.api.rate_limit.remaining{integration:a}", "min:hubspot.api.rate_limit.remaining{integration:a}"],
      ["count:martech.forwarder.received{integration:a,env:qa}", "count:martech.forwarder.received{integration:a,env:qa}"],
    ];
    for (const [query, scoped] of cases) {
      assert.equal(scopeToEnvironment(query, "prod"), scoped, query);
      assert.ok(parseMetricExpression(scoped).ok || parseMonitorQuery(scoped).ok, `${scoped} parses`);
    }
    assert.equal(readsOnlyPerEnvironmentMetrics("count:martech.forwarder.received{*} / sum:hubspot.calls{*}"), false);
    assert.equal(readsOnlyPerEnvironmentMetrics("sum(last_5m):count:martech.forwarder.received{*} < 1"), true);
  });

  it("refuses a query it cannot parse instead of sending it unscoped", () => {
    assert.throws(() => scopeToEnvironment("count:martech.forwarder.received{integration:a", "prod"), /^Error: cannot scope the query "count:martech\.forwarder\.received\{integration:a" to an environment: /);
  });
});
