/** Load + validate from disk: what `check`, `plan` and the Pulumi program all start with. */
import { resolve } from "node:path";
import { readInventory, runbookReader } from "./load/readInventory";
import { validateInventory, type ValidateOptions, type ValidationResult } from "./validate/validateInventory";
import { sortDiagnostics } from "./diagnostics";
import { transformTestDiagnostics } from "./validate/rules/transforms";

export interface InventoryLocation {
  /** Folder of the inventory's YAML files. */
  readonly inventoryDir: string;
  /** Folder that runbook paths are relative to. */
  readonly runbooksDir: string;
}

export const DEFAULT_LOCATION: InventoryLocation = { inventoryDir: "inventory", runbooksDir: "runbooks" };

let handedOver: { readonly key: string; readonly result: ValidationResult } | undefined;
const keyOf = (l: InventoryLocation) => `${resolve(l.inventoryDir)}\0${resolve(l.runbooksDir)}`;

export function checkInventory(location: InventoryLocation = DEFAULT_LOCATION, options: ValidateOptions = {}): ValidationResult {
  if (handedOver?.key === keyOf(location)) {
    const { result } = handedOver;
    handedOver = undefined;
    return result;
  }
  return validateInventory(readInventory(location.inventoryDir), runbookReader(location.runbooksDir), options);
}

/**
 * `plan --engine mock` validates before it runs the program, and the program validates
 * first thing: the next checkInventory() of this location, and only that one, returns this
 * result instead of reading and validating every file again (a tenth of a mock plan).
 */
export function handOverCheck(location: InventoryLocation, result: ValidationResult): void {
  handedOver = { key: keyOf(location), result };
}

/**
 * What `check` reports: validation, then every `transformTests` entry run against its target's
 * JSONata transform (jsonata evaluates asynchronously; rules/transforms.ts), over one read of the
 * files. Only the files with tests are parsed again.
 */
export async function checkInventoryAndTransforms(location: InventoryLocation = DEFAULT_LOCATION): Promise<ValidationResult> {
  const sources = readInventory(location.inventoryDir);
  const checked = validateInventory(sources, runbookReader(location.runbooksDir));
  const texts = sources.flatMap((s) => ("text" in s && typeof s.text === "string" ? [{ file: s.file, text: s.text }] : []));
  return { ...checked, diagnostics: sortDiagnostics([...checked.diagnostics, ...(await transformTestDiagnostics(texts))]) };
}
