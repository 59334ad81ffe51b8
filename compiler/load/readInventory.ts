/**
 * File-system edge of the load stage: the inventory's YAML files and a runbook reader. Every
 * file goes through folderReader (regular files inside the folder, size-capped) and
 * decodeText (UTF-8 text); one that fails is an UnreadableFile, reported on its own path
 * while every other file is still checked.
 */
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import type { RunbookReader } from "../validate/ruleContext";
import type { InventorySource } from "../validate/validateInventory";
import { decodeText } from "./decodeText";
import { isUnreadable, nameProblem, START, type UnreadableFile } from "./fileProblem";
import { folderReader, type FolderReader } from "./readWithin";
import type { Runbook } from "./runbook";
import { runbookFromText } from "./runbookFromText";

const INVENTORY_FILE = /\.ya?ml$/;

/**
 * Every .yaml/.yml entry under `dir`, recursively, sorted, named as `dir/<relative path>`:
 * files, and also whatever else bears such a name (a folder, a link, a FIFO), which
 * readInventory reports rather than skips. Symbolic links to folders are not descended.
 */
export function listInventoryFiles(dir: string): string[] {
  return listInventory(dir).files;
}

function listInventory(dir: string): { files: string[]; unlisted: UnreadableFile[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`inventory folder ${dir} does not exist`);
  const files: string[] = [];
  const unlisted: UnreadableFile[] = [];
  const walk = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "unknown error";
      unlisted.push({ file: folder, problem: { rule: "unreadable-file", ...START, message: `this folder cannot be listed (${code === "EACCES" ? "permission denied" : code}), so the files in it are not checked` } });
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (INVENTORY_FILE.test(entry.name)) files.push(path);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return { files: files.sort(), unlisted };
}

/** Every inventory file's text, or why it was not read. */
export function readInventory(dir: string): InventorySource[] {
  const { files, unlisted } = listInventory(dir);
  const reader = folderReader(dir, "inventory folder");
  return [...files.map((file) => readText(reader, file) ?? missing(file)), ...unlisted];
}

/** Runbooks by their path inside `dir`; a path leaving it is never read (runbook-missing). `parse` is runbookFromText, or a cache's. */
export function runbookReader(dir: string, parse: (file: string, text: string) => Runbook | UnreadableFile = runbookFromText): RunbookReader {
  const reader = folderReader(dir, "runbooks folder");
  return (path) => {
    const file = join(dir, path);
    const rel = relative(dir, file);
    if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`)) return undefined;
    const read = readText(reader, file);
    return read && !isUnreadable(read) ? parse(file, read.text) : read;
  };
}

function readText(reader: FolderReader, file: string): { readonly file: string; readonly text: string } | UnreadableFile | undefined {
  const badName = nameProblem(file);
  if (badName) return badName;
  const bytes = reader.read(file);
  if (bytes === undefined) return undefined;
  if (!Buffer.isBuffer(bytes)) return { file, problem: bytes };
  const decoded = decodeText(file, bytes);
  return isUnreadable(decoded) ? decoded : { file, text: decoded.text };
}

/** Listed a moment ago, gone now: a race with another process, reported rather than skipped. */
const missing = (file: string): UnreadableFile => ({ file, problem: { rule: "unreadable-file", ...START, message: "this file disappeared while the inventory was being read" } });
