/**
 * The instant a plan or deployment is computed for. Lowering reads the clock in one place only
 * (maintenance windows whose written start has passed move to their next occurrence), so `plan
 * --now` and the mock engine can fix it and two runs of the same commit plan the same thing.
 * The Pulumi program runs in-process under the mock engine, which sets it before loading index.ts.
 */
let fixed: number | undefined;

export function setPlanClock(instant: number | undefined): void {
  fixed = instant;
}

export function planNow(): number {
  return fixed ?? Date.now();
}
