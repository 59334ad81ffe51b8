/**
 * What a written local time the clocks skip means instead (RFC 5545 section 3.3.5 reading,
 * zonedTime.ts: 02:30 on the night Europe/Berlin springs forward is 03:30), as clauses for a
 * diagnostic; without them an end "not after" a start that looks later is invisible.
 */
import { formatLocal, instantToLocal } from "./zonedTime";

/** `; clocks in <zone> skip 02:30 that night, so it means 03:30` for each written time whose instant shows another wall-clock time; "" when none does. */
export function skippedTimeNotes(zone: string, times: readonly (readonly [written: string, instant: number])[]): string {
  return times
    .map(([written, instant]) => [written, formatLocal(instantToLocal(instant, zone))] as const)
    .filter(([written, actual]) => written !== actual)
    .map(([written, actual]) => `; clocks in ${zone} skip ${written.slice(11)} that night, so it means ${actual.slice(11)}`)
    .join("");
}
