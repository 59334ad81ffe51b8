/** Load + validate from disk: what `check`, `plan` and the Pulumi program all start with. */
import { resolve } from "node:path";
import { openCheckCache, type CheckCache } from "./cache/checkCache";
import { readInventory, runbookReader } from "./load/readInventory";
import { validateInventory, type ValidateOptions, type ValidationResult } from "./validate/validateInventory";
import { sortDiagnostics, type Diagnostic } from "./diagnostics";
import { transformTestDiagnostics } from "./validate/rules/transforms";

export interface InventoryLocation {
  /** Folder of the inventory's YAML files. */
  readonly inventoryDir: string;
  /** Folder that runbook paths are relative to. */
  readonly runbooksDir: string;
}

export const DEFAULT_LOCATION: InventoryLocation = { inventoryDir: "inventory", runbooksDir: "runbooks" };

export interface CheckOptions extends ValidateOptions {
  /** `--cache`: the cache file (cache/cacheLocation.ts resolves `--cache-location`); no cache when absent. */
  readonly cacheFile?: string;
}

let handedOver: { readonly key: string; readonly result: ValidationResult } | undefined;
const keyOf = (l: InventoryLocation) => `${resolve(l.inventoryDir)}\0${resolve(l.runbooksDir)}`;

export function checkInventory(location: InventoryLocation = DEFAULT_LOCATION, options: CheckOptions = {}): ValidationResult {
  if (handedOver?.key === keyOf(location)) {
    const { result } = handedOver;
    handedOver = undefined;
    return result;
  }
  const cache = openCache(options);
  const result = validate(location, options, cache);
  cache?.save();
  return result;
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
 * files. Only the files with tests are parsed again (or their results taken from the cache).
 */
export async function checkInventoryAndTransforms(location: InventoryLocation = DEFAULT_LOCATION, options: CheckOptions = {}): Promise<ValidationResult> {
  const cache = openCache(options);
  const sources = readInventory(location.inventoryDir);
  const checked = validate(location, options, cache, sources);
  const texts = sources.flatMap((s) => ("text" in s && typeof s.text === "string" ? [{ file: s.file, text: s.text }] : []));
  const tested = cache ? await cachedTransformTests(cache, texts) : await transformTestDiagnostics(texts);
  cache?.save();
  return { ...checked, diagnostics: sortDiagnostics([...checked.diagnostics, ...tested]) };
}

/** transformTestDiagnostics file by file, through the cache; only files with tests are looked at, as there. */
async function cachedTransformTests(cache: CheckCache, texts: readonly { readonly file: string; readonly text: string }[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const t of texts) if (t.text.includes("transformTests")) out.push(...(await cache.transformDiagnostics(t.file, t.text, () => transformTestDiagnostics([t]))));
  return out;
}

function openCache(options: CheckOptions): CheckCache | undefined {
  return options.cacheFile === undefined ? undefined : openCheckCache(options.cacheFile, { ...(options.parseFile && { parseFile: options.parseFile }) });
}

function validate(location: InventoryLocation, options: CheckOptions, cache: CheckCache | undefined, sources = readInventory(location.inventoryDir)): ValidationResult {
  const { cacheFile: _cacheFile, ...validateOptions } = options;
  const parseFile = cache?.parseFile ?? options.parseFile;
  return validateInventory(sources, runbookReader(location.runbooksDir, cache?.parseRunbook), { ...validateOptions, ...(parseFile && { parseFile }) });
}
