/**
 * A stack's plain config offline: Pulumi.yaml's declared defaults overlaid with
 * Pulumi.<stack>.yaml, without the project prefix. Secrets (`secure:` values) are never
 * read; the program needs none to plan. `loadStackInventory` adds the inventory and settings
 * every CLI that reads the inventory starts from.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { checkInventory, DEFAULT_LOCATION, type InventoryLocation } from "../compiler/checkInventory";
import { formatDiagnostic, type Diagnostic } from "../compiler/diagnostics";
import { CONFIG_KEYS, settingsFromConfig, type LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import type { ValidationResult } from "../compiler/validate/validateInventory";

export function readStackConfig(stack: string, dir = "."): Record<string, string> {
  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, { default?: unknown }> };
  const values: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) if (decl.default !== undefined) values[key] = String(decl.default);
  const stackFile = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) throw new Error(`no ${stackFile}: name an existing stack with --stack`);
  const stackConfig = (parse(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
  for (const [fullKey, value] of Object.entries(stackConfig)) {
    const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [project.name, fullKey];
    if (namespace === project.name && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) values[key] = String(value);
  }
  return values;
}

export interface StackInventory {
  /** The stack's config, with --inventory / --runbooks applied (the mock engine runs the program with it). */
  readonly config: Record<string, string>;
  readonly location: InventoryLocation;
  /** The validation result, valid. */
  readonly checked: ValidationResult & { readonly inventory: Inventory };
  /** From the same config, with the defaults `plan` and the program use. */
  readonly settings: LowerSettings;
}

export interface StackArgs {
  readonly stack: string;
  /** --inventory, over the stack's inventoryDir. */
  readonly inventory?: string;
  /** --runbooks, over the stack's runbooksDir. */
  readonly runbooks?: string;
  /** --cache: the cache file (cli/cacheFlags.ts); none when absent. */
  readonly cacheFile?: string;
}

/**
 * What every inventory-reading CLI starts with: the stack config, the inventory location,
 * the validated inventory and the lower settings. On an invalid inventory it prints each
 * diagnostic as `check` does, then `<cli>: the inventory is invalid; <consequence>`, gives the
 * diagnostics to `onInvalid` (plan writes them for the PR comment), and returns undefined (the
 * CLI exits 1).
 */
export function loadStackInventory(cli: string, args: StackArgs, consequence: string, dir = ".", onInvalid?: (diagnostics: readonly Diagnostic[]) => void): StackInventory | undefined {
  const config = readStackConfig(args.stack, dir);
  if (args.inventory) config[CONFIG_KEYS.inventoryDir] = args.inventory;
  if (args.runbooks) config[CONFIG_KEYS.runbooksDir] = args.runbooks;
  const location: InventoryLocation = {
    inventoryDir: config[CONFIG_KEYS.inventoryDir] ?? DEFAULT_LOCATION.inventoryDir,
    runbooksDir: config[CONFIG_KEYS.runbooksDir] ?? DEFAULT_LOCATION.runbooksDir,
  };
  const checked = checkInventory(location, args.cacheFile === undefined ? {} : { cacheFile: args.cacheFile });
  if (!checked.inventory) {
    for (const d of checked.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    process.stdout.write(`${cli}: the inventory is invalid; ${consequence}\n`);
    onInvalid?.(checked.diagnostics);
    return undefined;
  }
  // After the check, so an invalid inventory is reported even when the stack's settings are wrong too.
  const settings = settingsFromConfig((k) => config[k] || undefined);
  return { config, location, checked: { ...checked, inventory: checked.inventory }, settings };
}
