/** `--cache [--cache-location PATH]`, shared by check and plan (compiler/cache/checkCache.ts, cacheLocation.ts). */
import { cacheFilePath } from "../compiler/cache/cacheLocation";
import { UsageError } from "./run";

export const CACHE_FLAGS = {
  cache: { type: "boolean" },
  "cache-location": { type: "string" },
} as const;

export const CACHE_USAGE = "[--cache [--cache-location FILE|DIR/]]";

/** The cache file to use, or undefined without --cache. A --cache-location alone is refused rather than silently ignored. */
export function cacheFileFrom(values: { readonly cache?: boolean; readonly "cache-location"?: string }, usage: string): string | undefined {
  const location = values["cache-location"];
  if (location !== undefined && !values.cache) throw new UsageError(`--cache-location needs --cache\n${usage}`);
  if (location !== undefined && !location.trim()) throw new UsageError(`--cache-location needs a file or folder; it was empty\n${usage}`);
  return values.cache ? cacheFilePath(location) : undefined;
}
