/**
 * monitor-window, anomaly-window, anomaly-seasonality and burn-tier-dropped beyond
 * test/rules.test.ts: the bounds themselves (a window of exactly 730h or exactly five rollups
 * passes), the window anomaly-window suggests in days, hours or minutes, the day an anomaly
 * monitor's metric is old enough for each seasonality, and retired SLOs. Each test kills mutants
 * that survived a mutation run of the vendor-contract rules (README, "Mutation testing").
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { MIN_WINDOW_SECONDS, windowSeconds } from "../compiler/monitorLimits";
import { seasonalityProblem } from "../compiler/validate/rules/anomalySeasonality";
import { DURATION_PATTERN, type DetectionDoc } from "../compiler/validate/schema";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";

/** The rule's diagnostics (every diagnostic for "any"), formatted, after each [from, to] replacement in integration-0001's file. */
const diagnosticsOf = (rule: string, ...edits: [string, string][]) => {
  const f = loadFixture();
  for (const [from, to] of edits) f.files.set(INT1, replaceOnce(f.files.get(INT1)!, from, to));
  return validateFixture(f).diagnostics.filter((d) => rule === "any" || d.rule === rule).map(formatDiagnostic);
};

/** Sets the reconciliation window of failure mode field-deprecated (line 41). */
const reconciliationWindow = (window: string): [string, string] => ["      window: 1h\n      maxDropPercent: 5", `      window: ${window}\n      maxDropPercent: 5`];
/** Replaces the anomaly detection's window line (line 68) and what follows it up to direction. */
const anomalyWindow = (lines: string): [string, string] => ["      window: 1h\n      direction: below", `${lines}      direction: below`];
/** Makes failure mode volume-drop (an anomaly monitor) page instead of opening tickets. */
const paging: [string, string] = ["    response: ticket\n    detection:\n      kind: anomaly", "    response: page\n    detection:\n      kind: anomaly"];
/** Adds lines to the anomaly detection after `direction: below` (line 70 on). */
const anomalyWith = (lines: string): [string, string] => ["      direction: below\n", `      direction: below\n${lines}`];

describe("monitor-window: the bounds Datadog accepts", () => {
  it("leaves the lower bound to the schema: its shortest window is 1m, Datadog's shortest", () => {
    assert.equal(DURATION_PATTERN.test("0m"), false);
    assert.equal(windowSeconds("1m"), MIN_WINDOW_SECONDS);
  });

  it("accepts 1m, Datadog's shortest window, and 730h, its longest", () => {
    assert.deepStrictEqual(diagnosticsOf("any", reconciliationWindow("1m")), []);
    assert.deepStrictEqual(diagnosticsOf("any", reconciliationWindow("730h")), []);
  });

  it("reports 731h, an hour over, at the window", () => {
    assert.deepStrictEqual(diagnosticsOf("monitor-window", reconciliationWindow("731h")), [
      `${INT1}:41:15: error: failure mode field-deprecated: detection.window: 731h is longer than 730h (about a month), outside the evaluation windows Datadog monitors accept (1m to 730h); use 30d or less [monitor-window]`,
    ]);
  });
});

describe("anomaly-window: five rollups and the window it suggests", () => {
  it("accepts a window of exactly five rollups", () => {
    assert.deepStrictEqual(diagnosticsOf("any", anomalyWindow("      window: 5m\n")), []);
    assert.deepStrictEqual(diagnosticsOf("any", anomalyWindow("      window: 1h\n      rollupSeconds: 720\n")), []);
  });

  const suggestion = (rollup: number, window: string, suggests: string) =>
    `${INT1}:68:15: error: failure mode volume-drop: detection.window: ${window} holds fewer than 5 points at its rollup of ${rollup} seconds (rollupSeconds); Datadog needs the anomaly alert window to be at least 5 rollups long, so use a window of ${suggests} or more, or a shorter rollup [anomaly-window]`;

  it("suggests whole days, whole hours, else minutes rounded up", () => {
    assert.deepStrictEqual(diagnosticsOf("anomaly-window", anomalyWindow("      window: 1h\n      rollupSeconds: 17280\n")), [suggestion(17280, "1h", "1d")]);
    assert.deepStrictEqual(diagnosticsOf("anomaly-window", anomalyWindow("      window: 1h\n      rollupSeconds: 34560\n")), [suggestion(34560, "1h", "2d")]);
    assert.deepStrictEqual(diagnosticsOf("anomaly-window", anomalyWindow("      window: 1h\n      rollupSeconds: 1440\n")), [suggestion(1440, "1h", "2h")]);
    assert.deepStrictEqual(diagnosticsOf("anomaly-window", anomalyWindow("      window: 1h\n      rollupSeconds: 721\n")), [suggestion(721, "1h", "61m")]);
  });
});

describe("anomaly-seasonality: the day the metric is old enough", () => {
  type AnomalyDoc = Extract<DetectionDoc, { kind: "anomaly" }>;
  const anomaly = (extra: Partial<AnomalyDoc>): AnomalyDoc => ({ kind: "anomaly", query: "sum:x{a:b}.as_count()", window: "1h", direction: "below", algorithm: "agile", deviations: 2, ...extra });

  it("is old enough on the day three seasons have passed, not the day before", () => {
    assert.equal(seasonalityProblem(anomaly({ metricSince: "2026-03-02" }), "2026-03-23"), undefined);
    assert.equal(
      seasonalityProblem(anomaly({ metricSince: "2026-03-02" }), "2026-03-22"),
      "Datadog's agile algorithm with weekly seasonality needs 3 weeks of the metric's history before its band means anything; the metric reports since 2026-03-02, so until 2026-03-23 this monitor may page on normal traffic or miss a real drop; let it open tickets until then",
    );
  });

  const young = (algorithm: string, seasonality: string, history: string, since: string, until: string) =>
    `${INT1}:70:20: warning: failure mode volume-drop: detection: Datadog's ${algorithm} algorithm with ${seasonality} seasonality needs ${history} of the metric's history before its band means anything; the metric reports since ${since}, so until ${until} this monitor may page on normal traffic or miss a real drop; let it open tickets until then [anomaly-seasonality]`;

  it("warns at metricSince of a paging monitor whose metric is too young, with the day it will be old enough", () => {
    assert.deepStrictEqual(diagnosticsOf("anomaly-seasonality", paging, anomalyWith("      metricSince: 2099-03-02\n")), [young("agile", "weekly", "3 weeks", "2099-03-02", "2099-03-23")]);
    assert.deepStrictEqual(diagnosticsOf("anomaly-seasonality", paging, anomalyWith("      metricSince: 2099-02-27\n      seasonality: daily\n")), [young("agile", "daily", "3 days", "2099-02-27", "2099-03-02")]);
    assert.deepStrictEqual(diagnosticsOf("anomaly-seasonality", paging, anomalyWith("      metricSince: 2099-12-31\n      algorithm: robust\n      seasonality: hourly\n")), [young("robust", "hourly", "3 hours", "2099-12-31", "2100-01-01")]);
  });

  it("says nothing of a metric old enough, of the basic algorithm, or of a ticket", () => {
    assert.deepStrictEqual(diagnosticsOf("any", paging, anomalyWith("      metricSince: 2020-01-01\n")), []);
    assert.deepStrictEqual(diagnosticsOf("any", paging, anomalyWith("      algorithm: basic\n")), []);
    assert.deepStrictEqual(diagnosticsOf("any", anomalyWith("      metricSince: 2099-03-02\n")), []);
  });
});

describe("burn-tier-dropped: retired SLOs", () => {
  it("says nothing of a retired SLO's tiers, which are not created at all", () => {
    const objective93: [string, string] = ["    objective: 99.5\n", "    objective: 93\n"];
    assert.deepStrictEqual(diagnosticsOf("burn-tier-dropped", objective93), [
      `${INT1}:18:16: warning: slo delivered-within-60s: at 93% the burn rate can never exceed 14.286x, so the fast burn-rate alert (2% of the budget within 1h, 14.4x) is not created; fast outages reach you through the slower tiers only [burn-tier-dropped]`,
    ]);
    assert.deepStrictEqual(diagnosticsOf("any", ["    objective: 99.5\n", "    objective: 93\n    retired: { reason: Replaced by accepted. }\n"]), []);
  });
});
