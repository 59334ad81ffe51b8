// Runs a bundle as Node runs a CommonJS main module, with a V8 code cache beside it
// (dist/cli/<name>.js.v8-cache): compiling a bundle of a few hundred modules is the largest
// part of a command's start-up, and V8 can skip it when given the code it compiled last time
// (https://nodejs.org/api/vm.html#scriptcreatecacheddata). Node 22's module.enableCompileCache
// does the same, but the project supports Node 20.
//
// V8 checks a cache only against the source's length, its own version and flags, so the cache
// is keyed by the bundle's size and mtime too (a rebuild or an edit changes one of them); it is
// rewritten, through a rename, at exit whenever it was missing or V8 rejected it.
"use strict";
const Module = require("node:module");
const vm = require("node:vm");
const { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");

const cacheFileOf = (file) => `${file}.v8-cache`;

function readCache(cacheFile, key) {
  try {
    const data = readFileSync(cacheFile);
    return data.subarray(0, key.length).toString("latin1") === key ? data.subarray(key.length) : undefined;
  } catch {
    return undefined;
  }
}

function saveCache(cacheFile, key, script) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(key, "latin1"), script.createCachedData()]));
    renameSync(temporary, cacheFile);
  } catch {
    // Only a cache: the next start compiles again.
    rmSync(temporary, { force: true });
  }
}

/** Runs `file` (a CommonJS bundle) in this process as its main module; returns whether the code cache was used. */
function runWithCodeCache(file) {
  const fd = openSync(file, "r");
  let source;
  let key;
  try {
    const { size, mtimeMs } = fstatSync(fd);
    key = `${process.version} ${process.arch} ${size} ${mtimeMs}\n`;
    source = readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
  const cacheFile = cacheFileOf(file);
  const cachedData = readCache(cacheFile, key);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // An import() left in the bundle resolves as in any module (esbuild turns ours into requires).
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  // At exit the cache holds the functions compiled while the command ran, not only the top level.
  if (!used) process.once("exit", () => saveCache(cacheFile, key, script));
  const dir = dirname(file);
  const main = new Module(file, null);
  main.filename = file;
  main.paths = Module._nodeModulePaths(dir);
  script.runInThisContext().call(main.exports, main.exports, Module.createRequire(file), main, file, dir);
  main.loaded = true;
  return used;
}

module.exports = { runWithCodeCache, cacheFileOf };
