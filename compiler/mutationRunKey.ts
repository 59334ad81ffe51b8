/**
 * Which StrykerJS run this code is in (README, "Mutation testing"): the active mutant and the test
 * being recorded, read from Stryker's instrumenter context (`globalThis.__stryker__`). A value
 * computed once and reused (a cache, a test's shared sample) must be made again when this changes,
 * or a mutant is judged by a value made under another mutant, or a test's coverage by another's.
 * Outside Stryker it is always "".
 */
interface StrykerContext {
  readonly activeMutant?: string;
  readonly currentTestId?: string;
}

export function mutationRunKey(): string {
  const stryker = (globalThis as { __stryker__?: StrykerContext }).__stryker__;
  return stryker ? `${stryker.activeMutant ?? ""}\n${stryker.currentTestId ?? ""}` : "";
}
