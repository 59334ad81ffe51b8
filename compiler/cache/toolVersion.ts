/**
 * The version a cache entry is keyed by (compiler/cache/checkCache.ts): results computed by other
 * code must never be trusted. It covers the code that computed them: every source file this
 * process loaded outside node_modules (the compiler's TypeScript under tsx, or the one bundle
 * file of `npm run check`, dist/cli/check.js), by content hash; the name and version of every package loaded
 * from node_modules (yaml, js-yaml, zod, marked, ...); and Node's version, whose v8.serialize
 * format the cache file uses. ESLint keys its cache by its own version, Node's and the
 * configuration's hash in the same spirit (lib/cli-engine/lint-result-cache.js).
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";

let memo: string | undefined;

/** Computed once per process: the modules that validate are all loaded before any cache is opened. */
export function toolVersion(): string {
  return (memo ??= computeToolVersion(loadedFiles()));
}

/** The version of code made of `files` (absolute paths); a file that cannot be read makes it unique, so nothing matches it. */
export function computeToolVersion(files: readonly string[]): string {
  const hash = createHash("sha256").update(`node ${process.version}\n`);
  const packages = new Set<string>();
  for (const file of [...files].sort()) {
    const inPackage = packageOf(file);
    if (inPackage) packages.add(inPackage);
    else {
      try {
        hash.update(`${file}\n`).update(readFileSync(file)).update("\n");
      } catch {
        return `unreadable-${randomUUID()}`;
      }
    }
  }
  for (const p of [...packages].sort()) hash.update(`${p}\n`);
  return hash.digest("base64url");
}

/**
 * Files loaded through CommonJS (tsx compiles TypeScript to it), and this module's own file: in an
 * esbuild bundle, which tools/cli.js runs through vm.Script without entering it in require.cache,
 * that is the bundle, so its hash covers all the code in it. The entry script when neither is known.
 */
function loadedFiles(): string[] {
  const files = new Set(typeof require === "undefined" ? [] : Object.keys(require.cache));
  if (typeof __filename === "string") files.add(__filename);
  if (files.size === 0 && process.argv[1]) files.add(process.argv[1]);
  return [...files];
}

const packageVersions = new Map<string, string | undefined>();

/** `name@version` of the node_modules package holding `file`; undefined outside node_modules or without a version. */
function packageOf(file: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at === -1) return undefined;
  const rest = file.slice(at + marker.length).split(sep);
  const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  const root = join(file.slice(0, at + marker.length), ...name.split("/"));
  if (!packageVersions.has(root)) {
    let version: string | undefined;
    try {
      version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string }).version;
    } catch {
      version = undefined;
    }
    packageVersions.set(root, version);
  }
  // A package without a readable version is hashed file by file, like the repository's own code.
  const version = packageVersions.get(root);
  return version === undefined ? undefined : `${name}@${version}`;
}
