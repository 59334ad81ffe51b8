/**
 * The gate end to end, given both inventories and what the change touches: find the relevant
 * changes, narrow the deployed SLOs to the scope, read Datadog only when both are non-empty,
 * decide. Missing keys are a notice on a pull request and an error on main; an ApiError (or a
 * client that cannot be built for another reason) becomes the "error" decision with its one
 * sentence; anything else is a bug and throws.
 */
import type { Inventory } from "../../compiler/model";
import { MissingKeysError } from "../datadog/client";
import { ApiError } from "../http/jsonApi";
import { relevantChanges } from "./changes";
import { apiFailure, decide, keysUnavailable, noRelevantChange, noSloInScope, type GateEvent, type GateInput, type GateResult } from "./decide";
import { DEFAULT_SCOPE, scopeSlos, type ScopeMode } from "./scope";
import { readSloStatuses, type DeployedSlos, type SloReader } from "./sloStatus";
import type { TouchedIntegration } from "../change/touched";

export interface GateOptions {
  /** The git ref, for messages. */
  readonly base: string;
  /** Undefined when there is no valid inventory at the base; `baseNote` says why. */
  readonly baseInventory?: Inventory;
  readonly baseNote?: string;
  readonly inventory: Inventory;
  /** What the change touches (./touched.ts). */
  readonly touched: readonly TouchedIntegration[];
  /** Default `team`. */
  readonly scope?: ScopeMode;
  /** Default `main`: without keys the gate blocks unless told it runs on a pull request. */
  readonly on?: GateEvent;
  readonly override: boolean;
  /** Matched against the SLOs' env:<environment> tag. */
  readonly environment: string;
  readonly nowS: number;
  /** The SLOs of the last verified deploy, when known: one Datadog lacks outside them is unknown, not missing (sloStatus.ts). */
  readonly deployed?: DeployedSlos;
  /** Called only when Datadog is needed; may throw (MissingKeysError when the keys are not set). */
  readonly datadog: () => SloReader;
}

export async function runGate(o: GateOptions): Promise<GateResult> {
  const changes = relevantChanges(o.baseInventory, o.inventory);
  const on = o.on ?? "main";
  const plain: GateInput = { base: o.base, override: o.override, changes, on, ...(o.baseNote ? { baseNote: o.baseNote } : {}) };
  if (changes.length === 0) return noRelevantChange(plain);
  const { slos, summary } = scopeSlos(o.scope ?? DEFAULT_SCOPE, o.touched, o.baseInventory, o.inventory);
  const input: GateInput = { ...plain, scope: summary };
  if (slos.length === 0) return noSloInScope(input);
  let client: SloReader;
  try {
    client = o.datadog();
  } catch (e) {
    if (e instanceof MissingKeysError) return keysUnavailable(input, e.message, slos.length);
    return apiFailure(input, (e as Error).message);
  }
  try {
    return decide(input, await readSloStatuses(client, slos, o.environment, o.nowS, o.deployed));
  } catch (e) {
    if (e instanceof ApiError) return apiFailure(input, e.message);
    throw e;
  }
}
