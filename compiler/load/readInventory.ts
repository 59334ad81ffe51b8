/** File-system edge of the load stage: the inventory's YAML files and a runbook reader. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { RunbookReader } from "../validate/ruleContext";
import { parseRunbook } from "./runbook";
import type { InventorySource } from "../validate/validateInventory";

/** Every .yaml/.yml file under `dir`, recursively, sorted, named as `dir/<relative path>`. */
export function listInventoryFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`inventory folder ${dir} does not exist`);
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

export function readInventory(dir: string): InventorySource[] {
  return listInventoryFiles(dir).map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

export function runbookReader(dir: string): RunbookReader {
  return (path) => {
    const file = join(dir, path);
    const rel = relative(dir, file);
    if (rel === ".." || rel.startsWith(`..${sep}`)) return undefined;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    return parseRunbook(file, text);
  };
}

