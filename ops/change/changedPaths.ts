/**
 * Files of the repository that differ between a git ref and the working tree: tracked files
 * changed since the ref (`git diff --name-only`) and new files git does not ignore, as
 * "/"-separated paths from the repository's top; or, given `to`, between two commits. Used by the freeze gate to see changes to the
 * deployment's shared files (compiler/freeze/sharedPaths.ts). Read-only: no checkout, no index
 * change (`git diff` against a commit reads the working tree).
 */
import { existsSync, realpathSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { git } from "../../cli/gitRevision";

export interface ChangedPaths {
  /** The repository's top folder. */
  readonly top: string;
  readonly paths: readonly string[];
  /** Where a folder is inside the repository, as these paths name it ("." for the top). */
  inRepo(dir: string): string;
}

/** Throws when `dir` is not in a git repository or `ref` (or `to`) is not a commit there. */
export function changedPaths(ref: string, dir: string, to?: string): ChangedPaths {
  const top = realpathSync(git(["rev-parse", "--show-toplevel"], resolve(dir)).toString().trim());
  const commit = (r: string) => {
    // A ref starting with "-" would be read as an option.
    if (!r || r.startsWith("-")) throw new Error(`git ref "${r}" not found`);
    return git(["rev-parse", "--verify", "--quiet", `${r}^{commit}`], top).toString().trim();
  };
  // -z: names unquoted and NUL-terminated, so no file name can forge another.
  const names = (args: string[]) => git(args, top).toString().split("\0").filter(Boolean);
  const from = commit(ref);
  const changed = to === undefined ? [...names(["diff", "--name-only", "--no-renames", "-z", from, "--"]), ...names(["ls-files", "-z", "--others", "--exclude-standard"])] : names(["diff", "--name-only", "--no-renames", "-z", from, commit(to), "--"]);
  const paths = [...new Set(changed)].sort();
  const inRepo = (d: string) => {
    const abs = resolve(d);
    const rel = relative(top, existsSync(abs) ? realpathSync(abs) : abs);
    return rel ? rel.split(sep).join("/") : ".";
  };
  return { top, paths, inRepo };
}
