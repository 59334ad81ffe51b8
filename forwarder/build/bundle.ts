/**
 * Bundles the forwarder's two Lambdas with esbuild, one folder each so that a Pulumi
 * FileArchive can take a folder (forwarder/build/layout.ts lists what each holds):
 *
 *   <outDir>/ingress/index.js (+ index.js.map)      handler: index.handler
 *   <outDir>/consumer/index.js (+ index.js.map)
 *   <outDir>/consumer/transform.js (+ .map)          the JSONata runner and `jsonata`, required by
 *                                                     index.js at the first transform it compiles
 *   <outDir>/metafile.json                           esbuild's metafile for all of them (size analysis)
 *
 * The deployment adds `forwarder-config.json` (StaticForwarderConfig) next to each index.js: the
 * functions read it from there at cold start (forwarder/configSource.ts). Rebuilding a folder
 * removes it with everything else, so a stale config is never shipped.
 *
 * Node 20, CommonJS, minified, source map in a linked file (set NODE_OPTIONS=--enable-source-maps
 * on the function to use it). Everything a function runs is inside its folder (Node's built-in
 * modules aside): its AWS calls are SigV4-signed HTTPS requests of its own (forwarder/aws, signed by
 * `aws4`), so no AWS SDK is bundled, loaded or taken from the runtime. A bundle that the SDK
 * reaches anyway (@aws-sdk/*, @smithy/*) fails the build, naming the input that brought it.
 *
 * A lazily loaded file (LAZY_FILES) is a bundle of its own: the main bundle's `require` of its
 * module is rewritten to `require("./<file>")`, which Node resolves next to index.js. The build
 * fails if a bundle requires anything else outside Node's built-ins (a lazy file of another
 * folder, a package left external) or if code of a lazy file is also in its main bundle (an
 * import outside the lazy path would bring it back to every cold start).
 *
 *   npx tsx forwarder/build/bundle.ts [outDir]     default dist/forwarder
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, join, relative, resolve } from "node:path";
import { build, type BuildFailure, type Metafile, type Plugin } from "esbuild";
import { LAMBDA_ENTRIES, LAZY_FILES, type LambdaName } from "./layout";

export type { LambdaName } from "./layout";

/** Repository root: every path in the build is resolved from it, whatever the caller's cwd. */
const ROOT = resolve(__dirname, "../..");

export const LAMBDAS = LAMBDA_ENTRIES;

/** Inputs no Lambda bundle may contain: the AWS SDK v3 and its runtime (a development dependency only). */
const SDK_INPUT = /(^|\/)node_modules\/@(aws-sdk|smithy)\//;

export interface BundleFile {
  /** Absolute path of the file (`<outDir>/<lambda>/<file>`). */
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Inputs by bytes they contribute to the minified output, largest first (paths relative to the repo). */
  readonly inputs: readonly { readonly path: string; readonly bytesInOutput: number }[];
}

export interface BundleOutput extends BundleFile {
  /** The files index.js requires only when needed (forwarder/build/layout.ts LAZY_FILES), in that order. */
  readonly lazy: readonly BundleFile[];
}

export interface BundleResult {
  readonly outDir: string;
  readonly lambdas: Record<LambdaName, BundleOutput>;
  readonly metafile: Metafile;
}

const NAMES = Object.keys(LAMBDA_ENTRIES) as LambdaName[];
const stem = (file: string) => file.replace(/\.js$/, "");
const BUILTINS = new Set(builtinModules);

export async function bundleForwarder(outDir: string): Promise<BundleResult> {
  const out = resolve(outDir);
  // Stale files in a Lambda folder would be shipped with it.
  for (const name of NAMES) rmSync(join(out, name), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const entryPoints: Record<string, string> = {};
  for (const name of NAMES) {
    entryPoints[`${name}/index`] = LAMBDA_ENTRIES[name];
    for (const lazy of LAZY_FILES[name]) entryPoints[`${name}/${stem(lazy.file)}`] = lazy.entry;
  }
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    plugins: [lazyFilesPlugin()],
  });
  writeFileSync(join(out, "metafile.json"), JSON.stringify(result.metafile));

  const fileOf = (name: LambdaName, file: string, mayRequire: readonly string[]): BundleFile => {
    const path = join(out, name, file);
    const key = relative(ROOT, path).split("\\").join("/");
    const meta = result.metafile.outputs[key];
    if (!meta) throw new Error(`esbuild reported no output ${key}`);
    const sdk = Object.keys(meta.inputs).find((input) => SDK_INPUT.test(input));
    if (sdk) throw new Error(`the AWS SDK reached the ${name} bundle ${file} (${sdk}): the Lambdas call AWS through forwarder/aws, never @aws-sdk/*`);
    const outside = meta.imports.filter((i) => i.external && !BUILTINS.has(i.path.replace(/^node:/, "")) && !mayRequire.includes(i.path));
    if (outside.length) {
      throw new Error(`the ${name} bundle ${file} requires ${outside.map((i) => i.path).join(", ")}, which its folder does not hold (forwarder/build/layout.ts lists what each Lambda ships)`);
    }
    const inputs = Object.entries(meta.inputs)
      .map(([input, v]) => ({ path: input, bytesInOutput: v.bytesInOutput }))
      .sort((a, b) => b.bytesInOutput - a.bytesInOutput);
    return { file: path, bytes: statSync(path).size, mapBytes: statSync(`${path}.map`).size, inputs };
  };

  const lambdas = {} as Record<LambdaName, BundleOutput>;
  for (const name of NAMES) {
    const main = fileOf(name, "index.js", LAZY_FILES[name].map((l) => `./${l.file}`));
    const lazy = LAZY_FILES[name].map((l) => fileOf(name, l.file, []));
    const mainInputs = new Set(main.inputs.map((i) => i.path));
    for (const [i, l] of lazy.entries()) {
      const both = l.inputs.find((input) => mainInputs.has(input.path));
      if (both) {
        throw new Error(`the ${name} bundle index.js also holds ${both.path}, which its ${LAZY_FILES[name][i]!.file} holds: import it only through ${LAZY_FILES[name][i]!.entry}, so a cold start does not load it`);
      }
    }
    lambdas[name] = { ...main, lazy };
  }
  return { outDir: out, lambdas, metafile: result.metafile };
}

/**
 * A `require` of a lazy file's module, from another module, becomes an external `require("./<file>")`;
 * the lazy file's own entry point is bundled as usual. Node resolves a relative `require` from the
 * requiring file's folder, which is the Lambda's folder for every bundle here.
 */
function lazyFilesPlugin(): Plugin {
  const lazyFiles = Object.values(LAZY_FILES).flat();
  const fileByModule = new Map(lazyFiles.map((l) => [resolve(ROOT, l.entry).replace(/\.ts$/, ""), l.file]));
  const names = lazyFiles.map((l) => basename(l.entry).replace(/\.ts$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    name: "lazy-files",
    setup(b) {
      if (names.length === 0) return;
      b.onResolve({ filter: new RegExp(`(^|/)(${names.join("|")})(\\.ts)?$`) }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const file = fileByModule.get(resolve(args.resolveDir, args.path).replace(/\.ts$/, ""));
        return file === undefined ? undefined : { path: `./${file}`, external: true };
      });
    },
  };
}

/** One line for a failed build: esbuild's first error with its location, and how many more there are. */
export function describeBuildError(err: unknown): string {
  const failure = err as Partial<BuildFailure>;
  const first = failure?.errors?.[0];
  if (!first) return err instanceof Error ? err.message : String(err);
  const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : "";
  const more = failure.errors!.length > 1 ? ` (+${failure.errors!.length - 1} more errors)` : "";
  return `${at}${first.text}${more}`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const USAGE = "usage: npm run build:forwarder -- [OUT-DIR]   (default dist/forwarder; OUT-DIR/ingress and OUT-DIR/consumer are replaced)";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // Help before anything is removed or built; a flag is never taken for a folder to empty.
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const [outDir = "dist/forwarder", ...extra] = argv;
  if (outDir.startsWith("-") || extra.length) {
    console.error(`unexpected argument ${extra[0] ?? outDir}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  try {
    const result = await bundleForwarder(outDir);
    for (const [name, o] of Object.entries(result.lambdas)) {
      for (const f of [o, ...o.lazy]) console.log(`${name}: ${relative(process.cwd(), f.file)} ${kb(f.bytes)} (map ${kb(f.mapBytes)})`);
    }
  } catch (err) {
    console.error(`build:forwarder failed: ${describeBuildError(err).split("\n")[0]}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
