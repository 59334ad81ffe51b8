/** Runs a CLI script the way npm does, capturing output and exit code. */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const REPO = join(__dirname, "..", "..");

/** tsx's loader by absolute URL, so scripts also run from a temporary working directory. */
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;

/**
 * A command under cli/ runs as its npm script does: tools/cli.js runs its bundle (dist/cli/, rebuilt
 * first when a source changed), so the tests exercise what users run, and start faster than under
 * tsx. Any other script runs under tsx.
 */
function nodeArgs(script: string, args: readonly string[]): string[] {
  const command = /^cli\/([A-Za-z][A-Za-z0-9]*)\.ts$/.exec(script);
  return command ? [join(REPO, "tools", "cli.js"), command[1]!, ...args] : ["--import", TSX, join(REPO, script), ...args];
}

export function runCli(script: string, args: readonly string[], cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, nodeArgs(script, args), { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Like runCli, but asynchronous: a replay server in this process keeps answering while the CLI runs. */
export function runCliAsync(script: string, args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  const child = spawn(process.execPath, nodeArgs(script, args), { cwd: options.cwd ?? REPO, env: options.env });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** This process's environment without any Datadog or PagerDuty setting, so a test passes exactly the ones it means. */
export function envWithoutApiKeys(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("DD_") && !k.startsWith("PAGERDUTY_")));
}
