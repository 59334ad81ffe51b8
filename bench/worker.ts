/**
 * Measurements in fresh processes: a worker script run under tsx prints one line,
 * `BENCH {json}`, and the parent adds the wall time it saw from spawn to exit. A fresh process
 * per measurement keeps each one's peak RSS and module load its own.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const REPO = join(__dirname, "..");
/** tsx's loader by absolute URL, as test/support/runCli.ts runs the CLIs. */
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** A worker's report plus the wall time the parent saw, spawn to exit. */
export type Measured<R> = R & { readonly processMs: number };

export type Outcome<R> = { readonly ok: Measured<R> } | { readonly error: string };

export function runWorker<R>(worker: string, args: readonly string[], nodeOptions: readonly string[] = []): Outcome<R> {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeOptions, "--import", TSX, worker, ...args], {
    cwd: REPO, // cli/stackConfig.ts reads Pulumi.yaml and Pulumi.prod.yaml from here
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  const processMs = Number(process.hrtime.bigint() - start) / 1e6;
  const line = r.stdout?.split("\n").find((l) => l.startsWith("BENCH "));
  if (r.status !== 0 || !line) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
    const tail = (r.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
    return { error: `${why}${tail ? `: ${tail}` : ""}` };
  }
  return { ok: { ...(JSON.parse(line.slice("BENCH ".length)) as R), processMs } };
}

/** The run with the median process wall time of `repeats` runs; the first failure if any. */
export function medianRun<R>(worker: string, repeats: number, args: readonly string[], nodeOptions: readonly string[] = []): Outcome<R> {
  const runs: Measured<R>[] = [];
  for (let i = 0; i < repeats; i++) {
    const outcome = runWorker<R>(worker, args, nodeOptions);
    if (!("ok" in outcome)) return outcome;
    runs.push(outcome.ok);
  }
  return { ok: runs.sort((a, b) => a.processMs - b.processMs)[Math.floor(runs.length / 2)]! };
}
