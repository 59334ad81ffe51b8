/**
 * The drill's clock. The forwarder runs for real but in simulated time: every clock it reads
 * (ingress and consumer `now`, forward()'s `now` and `sleep`, the secret and token caches, the
 * local SQS server's visibility deadlines) is this one, so twenty minutes of outage take a few
 * milliseconds and the outcome never depends on how fast the machine is.
 */
export interface SimulatedClock {
  /** Epoch ms of simulated second 0. */
  readonly epochMs: number;
  /** Epoch ms now, for the forwarder. */
  now(): number;
  /** Simulated seconds since second 0, for the evaluator. */
  seconds(): number;
  /** Moves to `epochMs + ms` unless the clock is already past it: time never goes back. */
  advanceTo(ms: number): void;
  /** A wait (forward()'s backoff between attempts) passes at once, in simulated time. */
  sleep(ms: number): Promise<void>;
}

export function simulatedClock(epochMs: number): SimulatedClock {
  let now = epochMs;
  return {
    epochMs,
    now: () => now,
    seconds: () => (now - epochMs) / 1000,
    advanceTo(ms) {
      now = Math.max(now, epochMs + ms);
    },
    async sleep(ms) {
      now += Math.max(0, ms);
    },
  };
}
