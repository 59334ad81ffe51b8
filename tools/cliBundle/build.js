// Builds a command's bundle: cli/<name>.ts and everything it imports in one CommonJS file,
// dist/cli/<name>.js, so `npm run <command>` starts without compiling TypeScript (README, "Performance").
//
// The bundle's first line records every input esbuild read (path, size, mtime, SHA-256), so
// tools/cliBundle/inputs.js can tell cheaply at each start whether it is still what the sources
// build; the build's own settings are inputs too (this file, esbuild's version, tsconfig.json).
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join, relative, sep } = require("node:path");
const { FORMAT, OUT_DIR, bundlePath, headerLine } = require("./inputs");

/**
 * Left to node_modules at run time, never inlined: Pulumi (loaded only by `plan --engine mock`,
 * and its plugins find their files from their own paths), the AWS SDK and the local servers'
 * packages (development only), and the build tools. Every other package is inlined: one file
 * to read and compile beats resolving hundreds of small ones at each start.
 */
const EXTERNAL = ["@pulumi/*", "@aws-sdk/*", "@smithy/*", "dynalite", "esbuild", "tsx", "typescript"];

/** Files that shape every bundle without being imported by it. */
const BUILD_INPUTS = ["tools/cliBundle/build.js", "tools/cliBundle/inputs.js", "node_modules/esbuild/package.json", "tsconfig.json"];

const toPosix = (p) => p.split(sep).join("/");

/** What a file is as read: its stat taken before the read, so a later edit always shows as a newer mtime. */
function fingerprint(root, rel) {
  const abs = join(root, rel);
  const { size, mtimeMs } = statSync(abs);
  const bytes = readFileSync(abs);
  return { entry: [rel, size, mtimeMs, createHash("sha256").update(bytes).digest("hex")], bytes };
}

/**
 * Under tsx each source file sees its own `__dirname`; in a bundle every module would see
 * dist/cli. Each use in our sources becomes that source's folder, found from the bundle's
 * own place at run time (so a clone anywhere works).
 */
const FREE_DIRNAME = /(?<![.\w$])__(dirname|filename)(?![\w$])/g;
const USES_DIRNAME = new RegExp(FREE_DIRNAME.source);
function ownDirname(source, rel) {
  const dir = toPosix(relative(OUT_DIR, dirname(rel))) || ".";
  return source.replace(FREE_DIRNAME, (_, which) =>
    which === "dirname" ? `require("node:path").join(__dirname, ${JSON.stringify(dir)})` : `require("node:path").join(__dirname, ${JSON.stringify(`${dir}/${rel.split("/").pop()}`)})`,
  );
}

const LOADERS = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".js": "js", ".mjs": "js", ".cjs": "js", ".json": "json" };

/** An esbuild plugin that fingerprints every file it loads, and gives our sources their own __dirname. */
function recordInputs(root, inputs) {
  return {
    name: "record-inputs",
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: "file" }, (args) => {
        const rel = toPosix(relative(root, args.path));
        const { entry, bytes } = fingerprint(root, rel);
        inputs.set(rel, entry);
        const inPackage = rel.split("/").includes("node_modules");
        const text = bytes.toString("utf8");
        if (inPackage) {
          // Inlined, a package would look for its own files beside the bundle.
          if (USES_DIRNAME.test(text)) return { errors: [{ text: `${rel} uses __dirname or __filename, so it cannot be inlined: add its package to EXTERNAL in tools/cliBundle/build.js` }] };
          return undefined; // esbuild reads it itself, with its own idea of the module format
        }
        const loader = LOADERS[rel.slice(rel.lastIndexOf("."))];
        if (!loader) return { errors: [{ text: `no loader for ${rel}` }] };
        return { contents: ownDirname(text, rel), loader };
      });
    },
  };
}

/** The package.json of each inlined package: its version and module fields decide what is read. */
function packageManifests(rels) {
  const manifests = new Set();
  for (const rel of rels) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(rel);
    if (m) manifests.add(`${m[1]}/package.json`);
  }
  return [...manifests];
}

/**
 * Builds cli/<name>.ts for each name in one esbuild run, in memory: `[{ name, file, text }]`,
 * `text` being the bundle with its inputs line (each bundle lists only its own inputs, as if
 * built alone). Throws with esbuild's messages if the sources do not build.
 */
async function buildBundles(root, names) {
  const { build } = require("esbuild");
  const fingerprints = new Map();
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((name) => [name, `cli/${name}.ts`])),
    outdir: OUT_DIR,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: EXTERNAL,
    // Readable output (each module under a `// path` comment): the V8 code cache saves what minifying would (codeCache.js).
    minify: false,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [recordInputs(root, fingerprints)],
  }).catch((e) => {
    const messages = (e.errors ?? []).map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text));
    throw new Error(`${names.map((n) => `cli/${n}.ts`).join(", ")} did not build: ${messages.join("; ") || e.message}`);
  });
  const entryOf = (rel) => fingerprints.get(rel) ?? fingerprint(root, rel).entry;
  return names.map((name) => {
    const out = `${OUT_DIR}/${name}.js`;
    const output = result.outputFiles.find((f) => toPosix(relative(root, f.path)) === out);
    const read = Object.keys(result.metafile.outputs[out].inputs);
    const missed = read.filter((rel) => !fingerprints.has(rel));
    if (missed.length) throw new Error(`inputs not fingerprinted: ${missed.join(", ")}`);
    const inputs = [...new Set([...read, ...BUILD_INPUTS, ...packageManifests(read)])].sort().map(entryOf);
    const header = { format: FORMAT, entry: `cli/${name}.ts`, inputs };
    return { name, file: bundlePath(root, name), text: `${headerLine(header)}\n${output.text}` };
  });
}

/** Builds and writes dist/cli/<name>.js for each name; renames, so a process starting meanwhile sees an old file or a new one. */
async function writeBundles(root, names) {
  const built = await buildBundles(root, names);
  for (const { file, text } of built) {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, text);
      renameSync(temporary, file);
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  return built.map((b) => b.file);
}

module.exports = { OUT_DIR, EXTERNAL, bundlePath, buildBundles, writeBundles };
