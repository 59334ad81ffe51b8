/**
 * `npm run simulate` on the sample inventory and on synthetic inventories of 100 and 1,000
 * integrations: every alert test and generated drill against the planned monitors. Each
 * measurement is a fresh process running bench/simulate.worker.ts, as `npm run simulate` would
 * be: wall time from spawn to exit, the in-process phases (check, lowering, simulation, summary),
 * the CPU time of lowering and simulating (on a busy machine, wall time also counts the waits for
 * a core), scenarios per second and peak RSS.
 *
 *   npm run bench -- simulate     this section alone (also part of `npm run bench`)
 *
 * The synthetic integrations (test/support/syntheticInventory.ts) write no alert tests, so they
 * run drills alone: 16 each, one per failure mode the simulator evaluates (error-rate,
 * reconciliation, heartbeat, threshold; the anomaly one is listed as not simulated) and 12 for
 * the burn-rate tiers of their two SLOs (two per tier: the 30-day SLO's three tiers, the 7-day
 * one's two with its slow tier off; and one near-miss per SLO). As `npm run simulate` does, the
 * simulation also checks every planned monitor's message against the notifications it sent.
 *
 * Target (issue 13): the sample's alert tests and drills, lowering included, in under 5 s.
 * Growth from 100 to 1,000 integrations is printed, as for check and plan (near-linear: <= 12).
 */
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { verdict, writeSynthetic } from "./support";
import { medianRun, REPO, type Measured, type Outcome } from "./worker";

const WORKER = join(__dirname, "simulate.worker.ts");
const SAMPLE_TARGET_MS = 5000;
const GROWTH_TARGET = 12;

/** What the worker reports; times in ms since its process started. */
interface SimulateReport {
  readonly integrations: number;
  readonly resources: number;
  readonly monitors: number;
  readonly alertTests: number;
  readonly drills: number;
  readonly alertTestsPassed: number;
  readonly drillsPassed: number;
  readonly failed: number;
  readonly loadMs: number;
  readonly checkMs: number;
  readonly lowerMs: number;
  readonly simulateMs: number;
  readonly summaryMs: number;
  /** CPU time (user + system) of lowering and simulating. */
  readonly lowerSimulateCpuMs: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  readonly heapUsedMiB: number;
}

interface Row {
  readonly label: string;
  readonly inventoryDir: string;
  readonly runbooksDir: string;
  readonly runs: number;
}

const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
const ms = (v: number) => `${v.toFixed(v < 100 ? 1 : 0)} ms`;
const mib = (v: number) => `${v.toFixed(0)} MiB`;
/** Lowering, the planned monitors and every scenario: the simulation's own work, without start-up, load and check. */
const simWorkMs = (m: SimulateReport) => m.lowerMs + m.simulateMs;
const scenariosOf = (m: SimulateReport) => m.alertTests + m.drills;

function rows(): Map<string, Outcome<SimulateReport>> {
  console.log(
    "inventory | integrations | runs | planned monitors | scenarios (alert tests + drills) | failed | wall (spawn to exit) | start-up + load | check | lower | simulate | summary | lower + simulate (CPU) | scenarios/s (simulate phase) | peak RSS | heap at end",
  );
  const synthetic = new Map([100, 1000].map((count) => [count, writeSynthetic(count)]));
  const table: Row[] = [
    { label: "sample", inventoryDir: join(REPO, "inventory"), runbooksDir: join(REPO, "runbooks"), runs: 3 },
    ...[...synthetic].map(([count, location]) => ({ label: `synthetic ${count}`, ...location, runs: 1 })),
  ];
  const results = new Map<string, Outcome<SimulateReport>>();
  for (const row of table) {
    const outcome = medianRun<SimulateReport>(WORKER, row.runs, [row.inventoryDir, row.runbooksDir]);
    results.set(row.label, outcome);
    if (!("ok" in outcome)) {
      console.log(`${row.label} | | ${row.runs} | FAILED: ${outcome.error}`);
      continue;
    }
    const m = outcome.ok;
    const scenarios = scenariosOf(m);
    console.log(
      [
        row.label,
        m.integrations,
        row.runs === 1 ? "1" : `median of ${row.runs}`,
        m.monitors,
        `${scenarios} (${m.alertTests} + ${m.drills})`,
        m.failed,
        s(m.processMs),
        ms(m.wallMs - m.checkMs - simWorkMs(m) - m.summaryMs),
        ms(m.checkMs),
        ms(m.lowerMs),
        ms(m.simulateMs),
        ms(m.summaryMs),
        `${s(simWorkMs(m))} (${s(m.lowerSimulateCpuMs)})`,
        Math.round(scenarios / (m.simulateMs / 1000)),
        mib(m.maxRssMiB),
        mib(m.heapUsedMiB),
      ].join(" | "),
    );
  }
  for (const location of synthetic.values()) rmSync(dirname(location.inventoryDir), { recursive: true, force: true });
  return results;
}

function verdicts(results: Map<string, Outcome<SimulateReport>>): void {
  const get = (label: string): Measured<SimulateReport> | undefined => {
    const o = results.get(label);
    return o && "ok" in o ? o.ok : undefined;
  };
  for (const [label, m] of results) {
    if ("ok" in m && m.ok.failed > 0) console.log(`${label}: ${m.ok.failed} scenarios FAILED (see npm run simulate); their figures still count`);
  }
  const sample = get("sample");
  if (sample) {
    const work = simWorkMs(sample);
    console.log(
      `sample: lower + simulate (${sample.monitors} planned monitors, ${sample.alertTests} alert tests, ${sample.drills} drills): ${s(work)} (target < ${s(SAMPLE_TARGET_MS)}): ${verdict(work < SAMPLE_TARGET_MS)}` +
        `; CPU ${s(sample.lowerSimulateCpuMs)}; the whole npm run simulate process ${s(sample.processMs)}`,
    );
  } else console.log("sample: FAILED (target missed)");
  const t100 = get("synthetic 100");
  const t1000 = get("synthetic 1000");
  if (t1000) {
    console.log(
      `1,000 synthetic integrations: ${scenariosOf(t1000)} scenarios (drills only: the synthetic integrations write no alert tests) in ${s(t1000.simulateMs)}, ` +
        `${Math.round(scenariosOf(t1000) / (t1000.simulateMs / 1000))} scenarios/s; lower + simulate ${s(simWorkMs(t1000))} (CPU ${s(t1000.lowerSimulateCpuMs)}); whole process ${s(t1000.processMs)}, peak RSS ${mib(t1000.maxRssMiB)}`,
    );
  } else console.log("1,000 synthetic integrations: FAILED");
  if (t100 && t1000) {
    const growth = simWorkMs(t1000) / simWorkMs(t100);
    console.log(`growth t(1000)/t(100) of lower + simulate: ${growth.toFixed(2)} (target <= ${GROWTH_TARGET}): ${verdict(growth <= GROWTH_TARGET)}`);
  }
}

export async function benchSimulate(): Promise<void> {
  // Every figure is one process's wall time: anything else running on the machine shows up in it.
  console.log(`## simulate (each run a fresh process; load average before: ${loadavg()[0].toFixed(2)})`);
  verdicts(rows());
}

if (require.main === module) void benchSimulate();
