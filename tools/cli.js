#!/usr/bin/env node
// `node tools/cli.js NAME [ARGS...]`: runs the command cli/NAME.ts (what `npm run check`, `npm run plan`
// and the other commands' package.json scripts call) from its esbuild bundle dist/cli/NAME.js, not
// through tsx: one file to load, no TypeScript to compile at each start (README, "Performance").
//
// The bundle is built by `npm ci` (the `prepare` script, tools/cliBundle/prepare.js) and rebuilt
// here, before it runs, whenever it is missing or any of its inputs changed (tools/cliBundle/inputs.js),
// so it never runs stale sources. test/cliBundle.test.ts holds the bundle equal to a fresh build.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const USAGE = "usage: node tools/cli.js NAME [ARGS...]   (runs cli/NAME.ts from dist/cli/NAME.js; npm run <command> calls it)";

function fail(message, code) {
  process.stderr.write(`cli: ${message}\n`);
  process.exitCode = code;
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !existsSync(join(ROOT, "cli", `${name}.ts`))) return fail(`no command cli/${name ?? ""}.ts\n${USAGE}`, 2);
  const { bundlePath, bundleState, refreshMtimes } = require("./cliBundle/inputs");
  const file = bundlePath(ROOT, name);
  const state = bundleState(ROOT, file, `cli/${name}.ts`);
  if (state.fresh) refreshMtimes(file, state.touched);
  else {
    // Said only to a person at a terminal: a command's output in CI and tests stays its own.
    if (process.stderr.isTTY) process.stderr.write(`cli: building dist/cli/${name}.js (${state.reason})\n`);
    try {
      await require("./cliBundle/build").writeBundles(ROOT, [name]);
    } catch (e) {
      const missing = e && e.code === "MODULE_NOT_FOUND" && /esbuild/.test(e.message);
      return fail(missing ? `dist/cli/${name}.js needs building and esbuild (a development dependency) is not installed: run npm ci` : e.message, 1);
    }
  }
  // The command reads its arguments from process.argv.slice(2), as when run directly.
  process.argv.splice(1, 2, file);
  require("./cliBundle/codeCache").runWithCodeCache(file);
}

void main();
