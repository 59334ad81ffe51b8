/**
 * `plan --base REF`: the plan now against the plan of the inventory and runbooks at a git
 * ref. The git and file-system half: the two folders at REF are copied out of git into a
 * temporary folder (never a checkout, so the working tree is untouched), validated and
 * lowered with the current settings, then diffed and described by compiler/plan.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { checkInventory, type InventoryLocation } from "../compiler/checkInventory";
import { PROSE_RULES } from "../compiler/validate/validateInventory";
import { formatDiagnostic, summarize } from "../compiler/diagnostics";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import { describeChanges } from "../compiler/plan/describeChanges";
import { diffPlans, resourceKey } from "../compiler/plan/diffPlans";
import { plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";

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

/** The validated inventory at a git ref, or why there is none (no folder there, or invalid there). */
export type InventoryAtRef = { readonly inventory: Inventory; readonly note?: undefined } | { readonly inventory?: undefined; readonly note: string };

/** Reads and validates the inventory and runbooks as they were at `ref`; also used by `budget-gate`. */
export function inventoryAtRef(ref: string, location: InventoryLocation): InventoryAtRef {
  const top = repoRoot(location.inventoryDir);
  const commit = resolveCommit(ref, top);
  const folders = { inventoryDir: inRepo(location.inventoryDir, top), runbooksDir: inRepo(location.runbooksDir, top) };
  const tmp = mkdtempSync(join(tmpdir(), "plan-base-"));
  try {
    copyFolders(commit, [folders.inventoryDir, folders.runbooksDir], top, tmp);
    const baseLocation = { inventoryDir: join(tmp, folders.inventoryDir), runbooksDir: join(tmp, folders.runbooksDir) };
    if (!isDir(baseLocation.inventoryDir)) return { note: `there is no ${folders.inventoryDir} folder at ${ref}, so everything is added.` };
    // Today's rules may be stricter about runbook prose than the base's were: compare it all the same.
    const result = checkInventory(baseLocation, { tolerate: PROSE_RULES });
    if (!result.inventory) {
      const first = result.diagnostics.find((d) => d.severity === "error")!;
      const where = formatDiagnostic({ ...first, file: relative(tmp, first.file) });
      return { note: `the inventory at ${ref} is invalid (${summarize(result.diagnostics).errors} error(s), first: ${where}); compared against nothing, so everything is added.` };
    }
    return { inventory: result.inventory };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const nothing = (note: string): BasePlan => ({ resources: [], protected: new Set(), note });

function git(args: readonly string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync("git", args, { cwd, input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });
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

/** A folder's path inside the repository, as git names it. */
function inRepo(dir: string, top: string): string {
  const abs = resolve(dir);
  const rel = relative(top, existsSync(abs) ? realpathSync(abs) : abs);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${dir} is outside the git repository ${top}, so --base cannot compare it`);
  return rel || ".";
}

/**
 * Writes every file under `paths` at `commit` into `into`: one ls-tree to list them and one
 * `cat-file --batch` to read them all (no archive, so export-ignore attributes cannot drop any).
 */
function copyFolders(commit: string, paths: readonly string[], top: string, into: string): void {
  const blobs = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...paths], top)
    .toString()
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
      const [mode, type, oid] = meta.split(" ");
      return { mode, type, oid, path };
    })
    // Symlinks and submodules are not inventory files.
    .filter((e) => e.type === "blob" && e.mode !== "120000");
  if (!blobs.length) return;
  const out = git(["cat-file", "--batch"], top, Buffer.from(blobs.map((b) => `${b.oid}\n`).join("")));
  let at = 0;
  for (const b of blobs) {
    const header = out.subarray(at, out.indexOf(10, at)).toString();
    const size = Number(header.split(" ")[2]);
    const start = at + header.length + 1;
    const file = join(into, b.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out.subarray(start, start + size));
    at = start + size + 1;
  }
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
