/**
 * Bundles the forwarder's two Lambdas with esbuild, one folder each so that a Pulumi
 * FileArchive can take a folder:
 *
 *   <outDir>/ingress/index.js (+ index.js.map)    handler: index.handler
 *   <outDir>/consumer/index.js (+ index.js.map)
 *   <outDir>/metafile.json                         esbuild's metafile for both (size analysis)
 *
 * The deployment adds `forwarder-config.json` (StaticForwarderConfig) next to each index.js: the
 * functions read it from there at cold start (forwarder/configSource.ts). Rebuilding a folder
 * removes it with everything else, so a stale config is never shipped.
 *
 * Node 20, CommonJS, minified, source map in a linked file (set NODE_OPTIONS=--enable-source-maps
 * on the function to use it). Everything a function runs is inside its index.js (Node's built-in
 * modules aside): its AWS calls are SigV4-signed HTTPS requests of its own (forwarder/aws, signed by
 * `aws4`), so no AWS SDK is bundled, loaded or taken from the runtime. A bundle that the SDK
 * reaches anyway (@aws-sdk/*, @smithy/*) fails the build, naming the input that brought it.
 *
 *   npx tsx forwarder/build/bundle.ts [outDir]     default dist/forwarder
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build, type BuildFailure, type Metafile } from "esbuild";

/** Repository root: every path in the build is resolved from it, whatever the caller's cwd. */
const ROOT = resolve(__dirname, "../..");

export const LAMBDAS = {
  ingress: "forwarder/ingress/index.ts",
  consumer: "forwarder/consumer/index.ts",
} as const;
export type LambdaName = keyof typeof LAMBDAS;

/** Inputs no Lambda bundle may contain: the AWS SDK v3 and its runtime (a development dependency only). */
const SDK_INPUT = /(^|\/)node_modules\/@(aws-sdk|smithy)\//;

export interface BundleOutput {
  /** Absolute path of the bundle (`<outDir>/<lambda>/index.js`). */
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Inputs by bytes they contribute to the minified output, largest first (paths relative to the repo). */
  readonly inputs: readonly { readonly path: string; readonly bytesInOutput: number }[];
}

export interface BundleResult {
  readonly outDir: string;
  readonly lambdas: Record<LambdaName, BundleOutput>;
  readonly metafile: Metafile;
}

export async function bundleForwarder(outDir: string): Promise<BundleResult> {
  const out = resolve(outDir);
  // Stale files in a Lambda folder would be shipped with it.
  for (const name of Object.keys(LAMBDAS)) rmSync(join(out, name), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(LAMBDAS).map(([name, entry]) => [`${name}/index`, entry])),
    outdir: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
  });
  writeFileSync(join(out, "metafile.json"), JSON.stringify(result.metafile));

  const lambdas = {} as Record<LambdaName, BundleOutput>;
  for (const name of Object.keys(LAMBDAS) as LambdaName[]) {
    const file = join(out, name, "index.js");
    const key = relative(ROOT, file).split("\\").join("/");
    const meta = result.metafile.outputs[key];
    if (!meta) throw new Error(`esbuild reported no output ${key}`);
    const sdk = Object.keys(meta.inputs).find((path) => SDK_INPUT.test(path));
    if (sdk) throw new Error(`the AWS SDK reached the ${name} bundle (${sdk}): the Lambdas call AWS through forwarder/aws, never @aws-sdk/*`);
    const inputs = Object.entries(meta.inputs)
      .map(([path, v]) => ({ path, bytesInOutput: v.bytesInOutput }))
      .sort((a, b) => b.bytesInOutput - a.bytesInOutput);
    lambdas[name] = { file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size, inputs };
  }
  return { outDir: out, lambdas, metafile: result.metafile };
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
      console.log(`${name}: ${relative(process.cwd(), o.file)} ${kb(o.bytes)} (map ${kb(o.mapBytes)})`);
    }
  } catch (err) {
    console.error(`build:forwarder failed: ${describeBuildError(err).split("\n")[0]}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
