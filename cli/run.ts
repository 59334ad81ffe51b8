/** Shared CLI plumbing: argument errors and unexpected failures print one sentence, never a stack trace. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export function parseCliArgs<T extends ParseArgsConfig["options"]>(usage: string, options: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`);
  }
}

/** Runs a command's main, mapping its result to an exit code. */
export function runCli(name: string, main: () => number | Promise<number>): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        process.stderr.write(`${name}: ${message}\n`);
        process.exitCode = e instanceof UsageError ? 2 : 1;
      },
    );
}
