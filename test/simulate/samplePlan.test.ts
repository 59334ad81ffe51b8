/**
 * Every monitor the sample plan creates is within the simulator's reach: each metric monitor
 * evaluates (or, for anomaly monitors, says plainly that it is not evaluated), and each SLO
 * alert parses as a burn-rate alert over an SLO the plan defines. Drills come in a later step.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseBurnRateAlert } from "../../compiler/simulate/burnRate";
import { evaluateMetricMonitor, parseMetricMonitor } from "../../compiler/simulate/evaluate";
import { REPO } from "../support/runCli";

interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const plan = JSON.parse(readFileSync(join(REPO, "test/golden/plan.json"), "utf8")) as { resources: PlannedResource[] };
const monitors = plan.resources.filter((r) => r.type === "datadog:index/monitor:Monitor");

describe("simulate: the sample plan's monitors", () => {
  it("has metric monitors and SLO alerts to simulate", () => {
    assert.ok(monitors.some((m) => m.inputs.type === "query alert"));
    assert.ok(monitors.some((m) => m.inputs.type === "slo alert"));
  });

  for (const m of monitors.filter((r) => r.inputs.type === "query alert")) {
    it(`evaluates ${m.name}`, () => {
      const query = parseMetricMonitor(m.inputs.query as string);
      const r = evaluateMetricMonitor(query, m.inputs, { intervalSeconds: 60, series: [] }, 86400);
      if (r.kind === "not-evaluated") assert.equal(r.reason, "anomaly", r.message);
      else assert.deepEqual(r.groups.map((g) => g.group), ["*"]);
    });
  }

  it("parses every SLO alert as a burn-rate alert", () => {
    for (const m of monitors.filter((r) => r.inputs.type === "slo alert")) {
      const q = parseBurnRateAlert(m.inputs.query as string);
      assert.ok(q.shortWindow, `${m.name} has no short window`);
    }
  });
});
