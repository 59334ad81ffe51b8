/**
 * Where `--cache` keeps its file, as ESLint's `--cache-location` does
 * (https://eslint.org/docs/latest/use/command-line-interface#--cache-location): by default
 * `.checkcache` in the working folder; `--cache-location` names the file, or a folder (one that
 * exists, or a path ending in a slash) in which the file is `.checkcache_<hash of the working folder>`.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";

export const DEFAULT_CACHE_FILE = ".checkcache";

export function cacheFilePath(location: string | undefined, cwd = process.cwd()): string {
  if (location === undefined) return resolve(cwd, DEFAULT_CACHE_FILE);
  const path = resolve(cwd, location);
  if (!/[\\/]$/.test(location) && !isFolder(path)) return path;
  return join(path, `${DEFAULT_CACHE_FILE}_${createHash("sha256").update(resolve(cwd)).digest("hex").slice(0, 16)}`);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
