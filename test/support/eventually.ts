/**
 * The one way tests wait for something asynchronous to have happened (house rule: the suite must
 * pass on a busy machine, so no wall-clock deadlines and no sleeps as synchronisation).
 *
 * `eventually(probe)` resolves with the probe's first result that is neither `undefined` nor
 * `false` (a predicate's `true`, a `find()`'s element). It has NO deadline: a slow run still
 * passes, and a real hang is ended by the CI job's own time limit (mocha runs with timeout 0).
 *
 * - With `changes`, the probe is re-checked each time that event fires: the wait ends on the
 *   event itself, nothing polls. Only for probes that read state changed by that event alone
 *   (e.g. the datagrams a UDP socket collects in an earlier 'message' listener).
 * - Without, it re-checks after a short timer: a poll interval, not a timeout (setImmediate would
 *   spin a CPU the other tests need).
 */
import type { EventEmitter } from "node:events";

/** What `eventually` resolves with: the probe's result once it is there. */
export type Found<T> = Exclude<T, undefined | false>;

/** An event after which the probe's answer may have changed. */
export interface Changes {
  readonly emitter: EventEmitter;
  readonly event: string;
}

const POLL_MS = 5;

const found = <T>(value: T): value is Found<T> => value !== undefined && value !== false;

export async function eventually<T>(probe: () => T, changes?: Changes): Promise<Found<T>> {
  const now = probe();
  if (found(now)) return now;
  if (changes) return onEvery(changes, probe);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const later = probe();
    if (found(later)) return later;
  }
}

function onEvery<T>({ emitter, event }: Changes, probe: () => T): Promise<Found<T>> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      try {
        const value = probe();
        if (!found(value)) return;
        emitter.off(event, check);
        resolve(value);
      } catch (err) {
        emitter.off(event, check);
        reject(err);
      }
    };
    emitter.on(event, check);
  });
}
