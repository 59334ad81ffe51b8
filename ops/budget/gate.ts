/**
 * The gate end to end, given both inventories: find the relevant changes, read Datadog only
 * when there are some, decide. An ApiError (or a client that cannot be built, e.g. missing
 * keys) becomes the "error" decision with its one sentence; anything else is a bug and throws.
 */
import type { Inventory } from "../../compiler/model";
import { ApiError } from "../http/jsonApi";
import { relevantChanges } from "./changes";
import { apiFailure, decide, noRelevantChange, type GateInput, type GateResult } from "./decide";
import { readSloStatuses, slosToCheck, type SloReader } from "./sloStatus";

export interface GateOptions {
  /** The git ref, for messages. */
  readonly base: string;
  /** Undefined when there is no valid inventory at the base; `baseNote` says why. */
  readonly baseInventory?: Inventory;
  readonly baseNote?: string;
  readonly inventory: Inventory;
  readonly override: boolean;
  /** Matched against the SLOs' env:<environment> tag. */
  readonly environment: string;
  readonly nowS: number;
  /** Called only when Datadog is needed; may throw (e.g. keys not set). */
  readonly datadog: () => SloReader;
}

export async function runGate(o: GateOptions): Promise<GateResult> {
  const changes = relevantChanges(o.baseInventory, o.inventory);
  const input: GateInput = { base: o.base, override: o.override, changes, ...(o.baseNote ? { baseNote: o.baseNote } : {}) };
  if (changes.length === 0) return noRelevantChange(input);
  let client: SloReader;
  try {
    client = o.datadog();
  } catch (e) {
    return apiFailure(input, (e as Error).message);
  }
  try {
    return decide(input, await readSloStatuses(client, slosToCheck(o.baseInventory, o.inventory), o.environment, o.nowS));
  } catch (e) {
    if (e instanceof ApiError) return apiFailure(input, e.message);
    throw e;
  }
}
