/**
 * The cache file on disk: a magic line naming the format, a SHA-256 of the body, then the body,
 * `v8.serialize({ version, entries })`. Reading never trusts what it cannot verify: a missing,
 * truncated, corrupted or foreign file (another tool's, another format's), one written by another
 * version of this tool (toolVersion.ts), or one larger than any real cache, reads as empty, and
 * the next write replaces it. Writing is atomic (a temporary file in the same folder, then a
 * rename), so a run that is interrupted, or two runs at once, never leave half a file.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { deserialize, serialize } from "node:v8";

const MAGIC = Buffer.from("martech-reliability check cache, format 1\n");
const DIGEST_BYTES = 32;
/** Far above any real cache (1,000 integrations take a few MiB): a larger file is not read. */
const MAX_BYTES = 256 << 20;

/** The entries of a cache file written by this `version`, or an empty map when there is none to trust. */
export function readCacheFile(path: string, version: string): Map<string, unknown> {
  const empty = new Map<string, unknown>();
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_BYTES) return empty;
    bytes = readFileSync(path);
  } catch {
    return empty;
  }
  const bodyStart = MAGIC.length + DIGEST_BYTES;
  if (bytes.length < bodyStart || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return empty;
  const body = bytes.subarray(bodyStart);
  if (!createHash("sha256").update(body).digest().equals(bytes.subarray(MAGIC.length, bodyStart))) return empty;
  let contents: unknown;
  try {
    contents = deserialize(body);
  } catch {
    return empty;
  }
  if (!isContents(contents) || contents.version !== version) return empty;
  return new Map(Object.entries(contents.entries));
}

/** Writes the entries atomically; false when the file could not be written (the cache is only ever a speed-up). */
export function writeCacheFile(path: string, version: string, entries: ReadonlyMap<string, unknown>): boolean {
  const body = serialize({ version, entries: Object.fromEntries(entries) });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, Buffer.concat([MAGIC, createHash("sha256").update(body).digest(), body]), { mode: 0o600 });
    renameSync(temporary, path);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

function isContents(x: unknown): x is { version: string; entries: Record<string, unknown> } {
  if (x === null || typeof x !== "object") return false;
  const { version, entries } = x as { version?: unknown; entries?: unknown };
  return typeof version === "string" && entries !== null && typeof entries === "object" && !Array.isArray(entries);
}
