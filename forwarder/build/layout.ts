/**
 * What each Lambda's folder (and so its deployment archive) holds: read by the bundler
 * (forwarder/build/bundle.ts), which writes these files and nothing else, and by the lowering
 * (compiler/lower/forwarder.ts), which ships them. No esbuild here: the compiler imports this.
 *
 * The consumer's JSONata runner (forwarder/destinations/transformRunner.ts with `jsonata`, about
 * 85 KB minified) is a second file, `transform.js`, that its index.js `require`s at the first
 * transform it compiles: a cold start whose deliveries have no transform never reads or compiles it.
 */

export type LambdaName = "ingress" | "consumer";

/** A file of a Lambda's folder that its index.js requires only when needed, and the module it is built from. */
export interface LazyFile {
  /** File name in the Lambda's folder; index.js requires it as `./<file>`. */
  readonly file: string;
  /** The module it is bundled from (repo-relative); the main bundle's `require` of it is rewritten to `./<file>`. */
  readonly entry: string;
}

export const LAMBDA_ENTRIES: Readonly<Record<LambdaName, string>> = {
  ingress: "forwarder/ingress/index.ts",
  consumer: "forwarder/consumer/index.ts",
};

export const LAZY_FILES: Readonly<Record<LambdaName, readonly LazyFile[]>> = {
  ingress: [],
  consumer: [{ file: "transform.js", entry: "forwarder/destinations/transformRunner.ts" }],
};

/** Every file the bundler writes into a Lambda's folder: each bundle with its linked source map. */
export function lambdaFiles(name: LambdaName): string[] {
  return ["index.js", ...LAZY_FILES[name].map((l) => l.file)].flatMap((f) => [f, `${f}.map`]);
}
