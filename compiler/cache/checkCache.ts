/**
 * `check --cache` (and `plan --cache`), as ESLint's `--cache` with `--cache-strategy content`: each
 * inventory file's parsed, schema-checked result and diagnostics, each runbook's parse and each
 * file's transformTests diagnostics, keyed by the file's path, a SHA-256 of its text and the
 * tool's version (toolVersion.ts). Only per-file work is cached: the rules across files always
 * run, on the cached results. An entry for a file that changed, or from other code, is never
 * used; a file the cache cannot trust is ignored (cacheFile.ts); nothing secret is stored (storedResult.ts).
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics";
import { stripBom } from "../load/decodeText";
import type { UnreadableFile } from "../load/fileProblem";
import { lazySourceMap } from "../load/lazySourceMap";
import type { Runbook } from "../load/runbook";
import { runbookFromText } from "../load/runbookFromText";
import { parseInventoryFile, type FileResult } from "../validate/parseFile";
import { readCacheFile, writeCacheFile } from "./cacheFile";
import { diagnosticsStorable, restoreFileResult, restoreRunbook, storeFileResult, storeRunbook, type StoredFileResult, type StoredRunbook } from "./storedResult";
import { toolVersion } from "./toolVersion";

export interface CheckCache {
  /** parseInventoryFile, answered from the cache when the file is unchanged. */
  readonly parseFile: (file: string, text: string) => FileResult;
  /** runbookFromText, likewise. */
  readonly parseRunbook: (file: string, text: string) => Runbook | UnreadableFile;
  /** A file's transformTests diagnostics (`compute` runs them), likewise. */
  transformDiagnostics(file: string, text: string, compute: () => Promise<Diagnostic[]>): Promise<Diagnostic[]>;
  /** Writes this run's entries (entries of files no longer read are dropped) when anything changed. */
  save(): void;
}

interface Entry<T> {
  readonly hash: string;
  readonly value: T;
}

export interface CacheOptions {
  /** Defaults to toolVersion(); tests pass another to stand for other code. */
  readonly version?: string;
  /** How a file is parsed on a miss (default parseInventoryFile). */
  readonly parseFile?: (file: string, text: string) => FileResult;
}

export function openCheckCache(path: string, options: CacheOptions = {}): CheckCache {
  const version = options.version ?? toolVersion();
  const parse = options.parseFile ?? parseInventoryFile;
  const previous = readCacheFile(path, version);
  const next = new Map<string, Entry<unknown>>();
  let changed = false;

  /** The entry's value when `key` was stored for this exact text; undefined otherwise. */
  const lookup = <T>(key: string, hash: string): T | undefined => {
    const entry = next.get(key) ?? previous.get(key);
    if (!isEntry(entry) || entry.hash !== hash) return undefined;
    next.set(key, entry);
    return entry.value as T;
  };
  const remember = (key: string, hash: string, value: unknown) => {
    changed = true;
    if (value !== undefined) next.set(key, { hash, value });
  };

  return {
    parseFile(file, text) {
      const key = `inventory\0${file}`;
      const hash = hashOf(text);
      const stored = lookup<StoredFileResult>(key, hash);
      if (stored && Array.isArray(stored.diagnostics)) return restoreFileResult(stored, lazySourceMap(file, stripBom(text)));
      const result = parse(file, text);
      remember(key, hash, storeFileResult(result));
      return result;
    },
    parseRunbook(file, text) {
      const key = `runbook\0${file}`;
      const hash = hashOf(text);
      const stored = lookup<StoredRunbook>(key, hash);
      if (stored && typeof stored === "object") return restoreRunbook(stored, text);
      const read = runbookFromText(file, text);
      remember(key, hash, storeRunbook(read, text));
      return read;
    },
    async transformDiagnostics(file, text, compute) {
      const key = `transforms\0${file}`;
      const hash = hashOf(text);
      const stored = lookup<Diagnostic[]>(key, hash);
      if (Array.isArray(stored)) return stored;
      const diagnostics = await compute();
      remember(key, hash, diagnosticsStorable(diagnostics) ? diagnostics : undefined);
      return diagnostics;
    },
    save() {
      // Entries of files not read this run (deleted, renamed) go too.
      if (changed || next.size !== previous.size) writeCacheFile(path, version, next);
    },
  };
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

function isEntry(x: unknown): x is Entry<unknown> {
  return x !== null && typeof x === "object" && typeof (x as { hash?: unknown }).hash === "string" && "value" in x;
}
