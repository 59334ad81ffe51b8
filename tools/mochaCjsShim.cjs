// Preload for StrykerJS (tools/mutate.ts, stryker.config.mjs). @stryker-mutator/mocha-runner 10.0.0
// requires Mocha's cli internals without an extension (`mocha/lib/cli/run-helpers`), but Mocha 12
// ships them as `.cjs`, so the plugin fails to load ("Cannot find module .../run-helpers").
// Known and unfixed upstream: https://github.com/stryker-mutator/stryker-js/pull/6205 (open).
// CommonJS resolution tries every key of Module._extensions, so registering `.cjs` (compiled
// exactly like `.js` is for a CommonJS file) lets those requires resolve. Remove once the runner
// release includes that fix.
const Module = require("node:module");
if (!Module._extensions[".cjs"]) Module._extensions[".cjs"] = Module._extensions[".js"];
