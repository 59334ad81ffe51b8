/**
 * `plan --base REF`: the plan now against the plan of the inventory and runbooks at a git
 * ref. The git half: the two folders at REF are read from git's objects into memory (never a
 * checkout or a copy on disk, see gitRevision.ts), validated and lowered with the current
 * settings, then diffed and described by compiler/plan.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import type { InventoryLocation } from "../compiler/checkInventory";
import { formatDiagnostic, summarize } from "../compiler/diagnostics";
import { isUnreadable } from "../compiler/load/fileProblem";
import { runbookFromText } from "../compiler/load/runbookFromText";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import { describeChanges } from "../compiler/plan/describeChanges";
import { diffPlans, resourceKey } from "../compiler/plan/diffPlans";
import { plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import type { RunbookReader } from "../compiler/validate/ruleContext";
import { PROSE_RULES, validateInventory, type InventorySource } from "../compiler/validate/validateInventory";
import { filesAtCommit, git, isUnder, type RevisionFile } from "./gitRevision";

export interface BaseComparison {
  readonly text: string;
  readonly markdown: string;
  /** True when the change must not land as is (an SLO removed without retirement). */
  readonly blocking: boolean;
}

export function planAgainstBase(ref: string, location: InventoryLocation, settings: LowerSettings, resources: readonly PlannedResource[], inventory: Inventory): BaseComparison {
  const base = planBase(ref, location, settings);
  // Aliases come from the specs, not the plan (which may come from the mock engine): re-lowering is cheap.
  const aliases = new Map(lowerInventory(inventory, settings).resources.filter((s) => s.aliases?.length).map((s) => [resourceKey(s.type, s.name), s.aliases!]));
  const changes = diffPlans(base.resources, resources, { aliases, protectedAtBase: base.protected });
  return describeChanges(changes, { ref, inventory, baseInventory: base.inventory, baseNote: base.note });
}

interface BasePlan {
  readonly resources: readonly PlannedResource[];
  /** Keys of resources Pulumi protects at the base: SLOs not retired there (lower/slos.ts). */
  readonly protected: ReadonlySet<string>;
  readonly inventory?: Inventory;
  readonly note?: string;
}

function planBase(ref: string, location: InventoryLocation, settings: LowerSettings): BasePlan {
  const base = inventoryAtRef(ref, location);
  if (!base.inventory) return nothing(base.note);
  const state = lowerInventory(base.inventory, settings);
  return {
    resources: plannedResources(state),
    protected: new Set(state.resources.filter((s) => s.protect).map((s) => resourceKey(s.type, s.name))),
    inventory: base.inventory,
  };
}

/** The validated inventory at a git ref, or why there is none (no folder there, or invalid there), with the files it was read from. */
export type InventoryAtRef = ({ readonly inventory: Inventory; readonly note?: undefined } | { readonly inventory?: undefined; readonly note: string }) & { readonly sources: RevisionSources };

/** A revision's inventory files and runbooks, as budget-gate compares them file by file. */
export interface RevisionSources {
  /** Each inventory YAML file (its text, or why it is not read) by its "/"-separated path inside the inventory folder. */
  readonly inventoryFiles: ReadonlyMap<string, InventorySource>;
  readonly readRunbook: RunbookReader;
}

/**
 * Reads and validates the inventory and runbooks as they were at `ref`, from git's objects
 * into memory (gitRevision.ts); also used by `budget-gate`.
 */
export function inventoryAtRef(ref: string, location: InventoryLocation): InventoryAtRef {
  const top = repoRoot(location.inventoryDir);
  const commit = resolveCommit(ref, top);
  const folders = { inventoryDir: inRepo(location.inventoryDir, top), runbooksDir: inRepo(location.runbooksDir, top) };
  const inventoryFile = (path: string) => isUnder(path, folders.inventoryDir) && /\.ya?ml$/.test(path);
  const files = filesAtCommit(top, commit, [folders.inventoryDir, folders.runbooksDir], (path) => inventoryFile(path) || isUnder(path, folders.runbooksDir));
  const sources = [...files.values()].filter((f) => inventoryFile(f.file));
  const readRunbook = revisionRunbooks(files, folders.runbooksDir);
  const inside = (path: string) => (folders.inventoryDir === "." ? path : path.slice(folders.inventoryDir.length + 1));
  const revision: RevisionSources = { inventoryFiles: new Map(sources.map((f) => [inside(f.file), f])), readRunbook };
  if (!sources.length) return { note: `there is no ${folders.inventoryDir} folder at ${ref}, so everything is added.`, sources: revision };
  // Today's rules may be stricter about runbook prose than the base's were: compare it all the same.
  const result = validateInventory(sources, readRunbook, { tolerate: PROSE_RULES });
  if (!result.inventory) {
    const first = result.diagnostics.find((d) => d.severity === "error")!;
    return { note: `the inventory at ${ref} is invalid (${summarize(result.diagnostics).errors} error(s), first: ${formatDiagnostic(first)}); compared against nothing, so everything is added.`, sources: revision };
  }
  return { inventory: result.inventory, sources: revision };
}

/** The revision's runbooks by their path inside the runbooks folder, as runbookReader reads them on disk. */
function revisionRunbooks(files: ReadonlyMap<string, RevisionFile>, runbooksDir: string): RunbookReader {
  return (path) => {
    const file = files.get(posix.join(runbooksDir, path));
    if (!file) return undefined;
    return isUnreadable(file) ? file : runbookFromText(file.file, file.text);
  };
}

const nothing = (note: string): BasePlan => ({ resources: [], protected: new Set(), note });

/** The repository holding the inventory (checked to exist before --base runs). */
function repoRoot(inventoryDir: string): string {
  try {
    return realpathSync(git(["rev-parse", "--show-toplevel"], resolve(inventoryDir)).toString().trim());
  } catch {
    throw new Error(`--base needs a git repository, and ${inventoryDir} is not inside one`);
  }
}

function resolveCommit(ref: string, top: string): string {
  // A ref starting with "-" would be read as an option.
  if (ref && !ref.startsWith("-")) {
    try {
      return git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], top).toString().trim();
    } catch {
      // Reported below.
    }
  }
  throw new Error(`git ref "${ref}" not found`);
}

/** A folder's path inside the repository, as git names it ("/"-separated; "." for the top). */
function inRepo(dir: string, top: string): string {
  const abs = resolve(dir);
  const rel = relative(top, existsSync(abs) ? realpathSync(abs) : abs);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`${dir} is outside the git repository ${top}, so --base cannot compare it`);
  return rel ? rel.split(sep).join("/") : ".";
}
