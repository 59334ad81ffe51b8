/**
 * A burn rate sums each side of its SLO over two windows every simulated minute. A side that is
 * one query is summed straight from its points (burnRate.ts, summedQuery); any other through the
 * monitor evaluation (expression.ts). The direct route must give exactly what the evaluation
 * gives, for every side the sample plan writes over every scenario's input, and for random
 * series, groups, gaps and windows.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { summedByEvaluation, summedSide } from "../../compiler/simulate/burnRate";
import type { InputSeries, SeriesSet } from "../../compiler/simulate/input";
import { plannedMonitors } from "../../compiler/simulate/plannedMonitors";
import { scenariosOf } from "../../compiler/simulate/simulateInventory";
import { sampleInventory, sampleSettings } from "../support/sampleState";

function assertSameSums(text: string, input: SeriesSet, from: number, to: number): void {
  for (const missingIsZero of [true, false]) {
    const window = { from, to };
    assert.equal(summedSide(text, input, window, missingIsZero), summedByEvaluation(text, input, window, missingIsZero), `${text} over (${from}, ${to}], missing is zero: ${missingIsZero}`);
  }
}

describe("simulate: SLO sides summed directly equal the monitor evaluation's sums", () => {
  it("for every SLO side of the sample plan, over every alert test's and drill's input", () => {
    const inventory = sampleInventory();
    const resources = lowerInventory(inventory, sampleSettings()).resources;
    let compared = 0;
    for (const integration of inventory.integrations) {
      const monitors = plannedMonitors(resources, integration);
      const sides = new Set<string>();
      for (const planned of monitors.values()) if (planned.monitor.kind === "burn_rate") sides.add(planned.monitor.slo.numerator).add(planned.monitor.slo.denominator);
      for (const { test } of scenariosOf(integration, monitors).scenarios) {
        const input: SeriesSet = { intervalSeconds: test.intervalSeconds, series: test.input };
        const last = Math.max(...test.input.map((s) => s.values.length)) * test.intervalSeconds;
        // Windows of 5 minutes and of 6 hours, ending every 23 minutes across the input and past it.
        for (const text of sides) {
          for (let to = 0; to <= last + 3600; to += 1380) {
            assertSameSums(text, input, to - 300, to);
            assertSameSums(text, input, to - 21600, to);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 1000, `only ${compared} windows compared`);
  });

  it("for random series: groups, excluded tags, gaps, fractions and windows", () => {
    const texts = ["sum:m{env:prod}.as_count()", "sum:m{env:prod,!outcome:failed} by {host}.as_count()", "count:m{*} by {host}", "sum:m{env:prod}.rollup(sum, 120)"];
    const sample = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true }));
    const series: fc.Arbitrary<InputSeries> = fc.record({
      metric: fc.constantFrom("m", "other"),
      tags: fc.subarray(["env:prod", "env:dev", "host:a", "host:b", "outcome:failed", "outcome:ok"]),
      values: fc.array(sample, { maxLength: 120 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(series, { maxLength: 6 }), fc.constantFrom(10, 60, 300), fc.integer({ min: -600, max: 40_000 }), fc.integer({ min: 60, max: 20_000 }), (text, list, intervalSeconds, to, span) => {
        assertSameSums(text, { intervalSeconds, series: list }, to - span, to);
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});
