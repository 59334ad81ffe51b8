// The root package's `prepare` script, which `npm ci` and `npm install` run after installing
// (https://docs.npmjs.com/cli/v11/using-npm/scripts, "Life Cycle Operation Order"): builds the
// bundle of every command a package.json script runs through tools/cli.js, in one esbuild run.
// Never fails the install: without esbuild (`--omit=dev`) or with sources that do not build,
// it says so, and tools/cli.js builds (or reports) at the command's first use.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..", "..");

/** The commands package.json runs as `node tools/cli.js NAME`. */
function scriptCommands(scripts) {
  const names = new Set();
  for (const command of Object.values(scripts)) {
    const m = /^node tools\/cli\.js ([A-Za-z][A-Za-z0-9]*)(?:\s|$)/.exec(command);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

async function main() {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const names = scriptCommands(scripts);
  try {
    const { writeBundles } = require("./build");
    await writeBundles(ROOT, names);
    console.log(`tools/cliBundle: built ${names.length} command bundles into dist/cli/`);
  } catch (e) {
    console.warn(`tools/cliBundle: command bundles not built (${e.message}); each command builds its own at first use`);
  }
}

if (require.main === module) void main();

module.exports = { scriptCommands };
