/**
 * `plan --base REF`: the plan now against the plan of the inventory and runbooks at a git
 * ref. The git half: the two folders at REF are read from git's objects into memory (never a
 * checkout or a copy on disk, see gitRevision.ts), validated and lowered with the current
 * settings, then diffed and described by compiler/plan.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import type { InventoryLocation } from "../compiler/checkInventory";
import { formatDiagnostic } from "../compiler/diagnostics";
import { isUnreadable } from "../compiler/load/fileProblem";
import { runbookFromText } from "../compiler/load/runbookFromText";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import { describeChanges, type ChangeReport } from "../compiler/plan/describeChanges";
import { diffPlans, resourceKey, type ResourceChange } from "../compiler/plan/diffPlans";
import { plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import type { RunbookReader } from "../compiler/validate/ruleContext";
import { PROSE_RULES, validateInventory, type InventorySource } from "../compiler/validate/validateInventory";
import { filesAtCommit, git, isUnder, type RevisionFile } from "./gitRevision";

export interface BaseComparison extends ChangeReport {
  /** The resource changes the report describes, for the PR comment to fold under their causes. */
  readonly changes: readonly ResourceChange[];
  readonly baseInventory?: Inventory;
  /** Why the base could not be compared (everything is then added), as InventoryAtRef says. */
  readonly baseNote?: string;
  readonly baseError?: string;
}

export function planAgainstBase(ref: string, location: InventoryLocation, settings: LowerSettings, resources: readonly PlannedResource[], inventory: Inventory): BaseComparison {
  return compareWithBase(ref, inventoryAtRef(ref, location), settings, resources, inventory);
}

/** The base as read: its inventory, or why there is none (InventoryAtRef without its files). */
export interface BaseInventory {
  readonly inventory?: Inventory;
  readonly note?: string;
  readonly error?: string;
}

/** The comparison once the base is read (from git, or in memory for tests). */
export function compareWithBase(ref: string, read: BaseInventory, settings: LowerSettings, resources: readonly PlannedResource[], inventory: Inventory): BaseComparison {
  const base = planBase(read, settings);
  // Aliases come from the specs, not the plan (which may come from the mock engine): re-lowering is cheap.
  const aliases = new Map(lowerInventory(inventory, settings).resources.filter((s) => s.aliases?.length).map((s) => [resourceKey(s.type, s.name), s.aliases!]));
  const changes = diffPlans(base.resources, resources, { aliases, protectedAtBase: base.protected });
  const report = describeChanges(changes, { ref, inventory, baseInventory: base.inventory, baseNote: base.note });
  return { ...report, changes, baseInventory: base.inventory, baseNote: base.note, baseError: base.error };
}

interface BasePlan {
  readonly resources: readonly PlannedResource[];
  /** Keys of resources Pulumi protects at the base: SLOs not retired there (lower/slos.ts). */
  readonly protected: ReadonlySet<string>;
  readonly inventory?: Inventory;
  readonly note?: string;
  readonly error?: string;
}

function planBase(base: BaseInventory, settings: LowerSettings): BasePlan {
  if (!base.inventory) return { resources: [], protected: new Set(), note: base.note ?? "there is no inventory at the base, so everything is added.", error: base.error };
  const state = lowerInventory(base.inventory, settings);
  return {
    resources: plannedResources(state),
    protected: new Set(state.resources.filter((s) => s.protect).map((s) => resourceKey(s.type, s.name))),
    inventory: base.inventory,
  };
}

/**
 * The validated inventory at a git ref, or why there is none (no folder there, or invalid
 * there: `error` is then the diagnostic that stops it), with the files it was read from.
 */
export type InventoryAtRef = (
  | { readonly inventory: Inventory; readonly note?: undefined; readonly error?: undefined }
  | { readonly inventory?: undefined; readonly note: string; readonly error?: string }
) & { readonly sources: RevisionSources };

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
    // Named: an error that stops the comparison, not a tolerated gap in runbook prose sorted before it.
    const stopping = result.diagnostics.filter((d) => d.severity === "error" && !PROSE_RULES.has(d.rule));
    const error = formatDiagnostic(stopping[0]!);
    const more = stopping.length > 1 ? ` (and ${stopping.length - 1} more error(s))` : "";
    return { note: `the inventory at ${ref} is invalid: ${error}${more}; compared against nothing, so everything is added.`, error, sources: revision };
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
