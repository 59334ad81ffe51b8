/** The valid on-disk fixture, loaded into memory so tests can edit it without touching disk. */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { FORWARDER_RUNBOOK } from "../../compiler/forwarderRunbook";
import { listInventoryFiles } from "../../compiler/load/readInventory";
import { parseRunbook } from "../../compiler/load/runbook";
import type { RunbookReader } from "../../compiler/validate/ruleContext";
import { validateInventory, type InventorySource, type ValidateOptions, type ValidationResult } from "../../compiler/validate/validateInventory";

const ROOT = join(__dirname, "..", "fixtures", "valid");

export interface Fixture {
  /** Inventory text by path relative to the fixture (e.g. `inventory/teams.yaml`). */
  readonly files: Map<string, string>;
  /** Runbook text by path inside the runbooks folder. */
  readonly runbooks: Map<string, string>;
}

export function loadFixture(): Fixture {
  const files = new Map<string, string>();
  for (const abs of listInventoryFiles(join(ROOT, "inventory"))) files.set(relative(ROOT, abs), readFileSync(abs, "utf8"));
  const runbooks = new Map<string, string>();
  for (let i = 1; i <= 6; i++) {
    const name = `integration-000${i}.md`;
    runbooks.set(name, readFileSync(join(ROOT, "runbooks", name), "utf8"));
  }
  runbooks.set(FORWARDER_RUNBOOK, readFileSync(join(ROOT, "runbooks", FORWARDER_RUNBOOK), "utf8"));
  return { files, runbooks };
}

export function memoryReader(runbooks: ReadonlyMap<string, string>): RunbookReader {
  return (path) => {
    const text = runbooks.get(path);
    return text === undefined ? undefined : parseRunbook(`runbooks/${path}`, text);
  };
}

export function validateFixture(f: Fixture, options: ValidateOptions = {}): ValidationResult {
  const sources: InventorySource[] = [...f.files].map(([file, text]) => ({ file, text }));
  return validateInventory(sources, memoryReader(f.runbooks), options);
}

/** Replaces exactly one occurrence of `from`, so an edit that no longer applies fails loudly. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one "${from}" in fixture`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** An edit of one inventory file of the fixture: `from` replaced by `to`, exactly once. */
export function editFile(file: string, from: string, to: string): (f: Fixture) => void {
  return (f) => f.files.set(file, replaceOnce(f.files.get(file)!, from, to));
}

/** Every diagnostic of the valid fixture after `edit`, as check prints them. */
export function fixtureDiagnostics(edit: (f: Fixture) => void): string[] {
  const f = loadFixture();
  edit(f);
  return validateFixture(f).diagnostics.map(formatDiagnostic);
}
