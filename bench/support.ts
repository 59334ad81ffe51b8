/** Timing helpers for benchmarks: figures from one run, median of repeats after a warm-up. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { syntheticInventory } from "../test/support/syntheticInventory";

/** Median wall time of `repeats` runs after one warm-up run. */
export async function medianMs(repeats: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Writes a synthetic inventory of `count` integrations to a temporary folder. */
export function writeSynthetic(count: number): { inventoryDir: string; runbooksDir: string } {
  const root = mkdtempSync(join(tmpdir(), `bench-${count}-`));
  const inv = syntheticInventory(count, join(root, "inventory"));
  for (const s of inv.sources) {
    mkdirSync(dirname(s.file), { recursive: true });
    writeFileSync(s.file, s.text);
  }
  mkdirSync(join(root, "runbooks"));
  for (const [name, text] of inv.runbooks) writeFileSync(join(root, "runbooks", name), text);
  return { inventoryDir: join(root, "inventory"), runbooksDir: join(root, "runbooks") };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
export const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
