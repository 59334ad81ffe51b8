/** Runs a CLI script the way npm does, capturing output and exit code. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const REPO = join(__dirname, "..", "..");

/** tsx's loader by absolute URL, so scripts also run from a temporary working directory. */
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;

export function runCli(script: string, args: readonly string[], cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", TSX, join(REPO, script), ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
