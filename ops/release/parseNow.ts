/** `--now`: the instant a time-dependent command acts at, for tests and replays; the clock when absent. */
import { UsageError } from "../../cli/run";

/** An ISO 8601 instant with its offset: `2026-11-27T04:59:59Z`, `2026-11-26T23:59:59-05:00`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseNow(value: string | undefined, usage: string, clock: () => number = Date.now): number {
  if (value === undefined) return clock();
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--now must be an instant with its offset, such as 2026-11-27T04:59:59Z, not "${value}"\n${usage}`);
  return ms;
}
