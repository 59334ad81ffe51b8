/** Shared CLI plumbing: help, argument errors and unexpected failures print one sentence, never a stack trace. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { redactEnvSecrets } from "../compiler/redact";

export class UsageError extends Error {}

/** `--help` or `-h` was asked for: runCli prints the usage on stdout and exits 0. */
export class HelpRequested extends Error {}

/** Whether argv asks for help: `--help` or `-h` anywhere before a `--` terminator. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

/**
 * Parses argv strictly. Help is answered first, before any other check, so `--help` works even
 * next to a wrong flag and no command does any work when asked for its usage.
 */
export function parseCliArgs<T extends ParseArgsConfig["options"]>(usage: string, options: T, argv = process.argv.slice(2)) {
  if (wantsHelp(argv)) throw new HelpRequested(usage);
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
        if (e instanceof HelpRequested) {
          process.stdout.write(`${e.message}\n`);
          process.exitCode = 0;
          return;
        }
        // Whatever failed, an API key from the environment is never printed (compiler/redact.ts).
        const message = redactEnvSecrets(e instanceof Error ? e.message : String(e));
        process.stderr.write(`${name}: ${message}\n`);
        process.exitCode = e instanceof UsageError ? 2 : 1;
      },
    );
}
