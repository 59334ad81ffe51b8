/**
 * Folders of a git commit, read from git's object store into memory: never checked out or
 * written anywhere, so a crafted tree (an entry named `..`, an absolute path, a symbolic
 * link) cannot make a write land outside a temporary folder, and the working tree is
 * untouched. The same rules as on disk apply: regular files only (a symbolic link blob is
 * not followed, a submodule is skipped), FILE_SIZE_CAP per file, UTF-8 text.
 */
import { execFileSync } from "node:child_process";
import { decodeText } from "../compiler/load/decodeText";
import { FILE_SIZE_CAP, formatSize, START, tooLargeProblem, type UnreadableFile } from "../compiler/load/fileProblem";
import type { TextSource } from "../compiler/validate/validateInventory";

/** A file of the revision: its text, or why it is not read. Keyed by its path in the repository. */
export type RevisionFile = TextSource | UnreadableFile;

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  /** Blob size in bytes; NaN for a submodule. */
  readonly size: number;
  readonly path: string;
}

export function git(args: readonly string[], cwd: string, input?: Buffer): Buffer {
  // --literal-pathspecs: a folder name holding * or : is a name, not a pattern.
  return execFileSync("git", ["--literal-pathspecs", ...args], { cwd, input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });
}

/**
 * Every file under `folders` at `commit` for which `wanted(path)` holds, by path. One
 * `ls-tree` lists them with their sizes, one `cat-file --batch` reads those within the cap.
 */
export function filesAtCommit(top: string, commit: string, folders: readonly string[], wanted: (path: string) => boolean): Map<string, RevisionFile> {
  const files = new Map<string, RevisionFile>();
  const toRead: TreeEntry[] = [];
  for (const entry of listTree(top, commit, folders)) {
    if (!folders.some((f) => isUnder(entry.path, f)) || !wanted(entry.path)) continue;
    const refuse = (message: string, rule: UnreadableFile["problem"]["rule"] = "unreadable-file") => files.set(entry.path, { file: entry.path, problem: { rule, ...START, message } });
    if (entry.type === "commit") continue; // A submodule: not part of this repository's content.
    if (unsafePath(entry.path)) refuse("this path has an empty, `.` or `..` part, which git itself refuses to check out, so it is not read");
    else if (entry.mode === "120000") refuse("this is a symbolic link; links are not followed when reading a git revision, so it is not read");
    else if (entry.type !== "blob") refuse(`this is a git ${entry.type}, not a file, so it is not read`);
    else if (entry.size > FILE_SIZE_CAP) files.set(entry.path, { file: entry.path, problem: tooLargeProblem(formatSize(entry.size)) });
    else toRead.push(entry);
  }
  readBlobs(top, toRead, (entry, bytes) => {
    const decoded = decodeText(entry.path, bytes);
    files.set(entry.path, "problem" in decoded ? decoded : { file: entry.path, text: decoded.text });
  });
  return files;
}

/** A path inside `folder` (both as git names them; "." is the whole repository). */
export function isUnder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(`${folder}/`);
}

function unsafePath(path: string): boolean {
  return path.startsWith("/") || path.split("/").some((part) => part === "" || part === "." || part === "..");
}

function listTree(top: string, commit: string, folders: readonly string[]): TreeEntry[] {
  // -z: paths unquoted and NUL-terminated, so no name can forge another entry; -l: sizes, to skip large blobs unread.
  return git(["ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", ...folders], top)
    .toString()
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, oid, size] = line.slice(0, tab).split(/ +/);
      return { mode, type, oid, size: Number(size), path: line.slice(tab + 1) };
    });
}

/** Reads blobs with one `git cat-file --batch`: per blob, `<oid> blob <size>\n<bytes>\n`. */
function readBlobs(top: string, entries: readonly TreeEntry[], onBlob: (entry: TreeEntry, bytes: Buffer) => void): void {
  if (!entries.length) return;
  const out = git(["cat-file", "--batch"], top, Buffer.from(entries.map((e) => `${e.oid}\n`).join("")));
  let at = 0;
  for (const entry of entries) {
    const newline = out.indexOf(10, at);
    const [, type, size] = out.subarray(at, newline).toString().split(" ");
    if (type !== "blob") throw new Error(`git object ${entry.oid} of ${entry.path} is missing from the repository`);
    const start = newline + 1;
    onBlob(entry, out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
}
