/**
 * A value several tests share (the sample inventory, lowered or validated), computed on first use
 * inside a test rather than while the test file loads.
 *
 * Why: StrykerJS (README, "Mutation testing") learns which tests reach each mutant by recording
 * the code run during each test. Code run while a file loads, in a `describe` body or a `before`
 * hook, belongs to no test: its mutants become "static" and each is run against every test of the
 * scope, in a fresh process (https://stryker-mutator.io/docs/mutation-testing-elements/static-mutants).
 *
 * Under plain mocha the value is made once per process, as a describe-level constant was. Under
 * Stryker it is made again whenever the test being recorded (dry run: each test that uses it
 * reaches the code itself) or the active mutant changes (mutant runs: the value is always made
 * under the mutant being tested, never reused from another mutant's run). The keys are
 * Stryker's instrumenter context, `globalThis.__stryker__` (`currentTestId`, `activeMutant`).
 * Callers must not modify the value, as with the constants this replaces.
 */
import { mutationRunKey } from "../../compiler/mutationRunKey";

export function memo<T>(make: () => T): () => T {
  let made: { key: string; value: T } | undefined;
  return () => {
    const key = mutationRunKey();
    if (made?.key !== key) made = { key, value: make() };
    return made.value;
  };
}
