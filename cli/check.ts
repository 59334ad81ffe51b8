/**
 * `npm run check -- [--inventory DIR] [--runbooks DIR] [--format text|json] [--cache [--cache-location FILE|DIR/]]`
 * Reports every problem in the inventory and runbooks at once; exits 1 on any error. With
 * --cache, unchanged files' results come from the cache file (compiler/cache/checkCache.ts).
 */
import { checkInventoryAndTransforms, DEFAULT_LOCATION } from "../compiler/checkInventory";
import { formatDiagnostic, hasErrors, summarize } from "../compiler/diagnostics";
import { CACHE_FLAGS, CACHE_USAGE, cacheFileFrom } from "./cacheFlags";
import { parseCliArgs, runCli, UsageError } from "./run";

const USAGE = `usage: npm run check -- [--inventory DIR] [--runbooks DIR] [--format text|json] ${CACHE_USAGE}`;

runCli("check", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    inventory: { type: "string", default: DEFAULT_LOCATION.inventoryDir },
    runbooks: { type: "string", default: DEFAULT_LOCATION.runbooksDir },
    format: { type: "string", default: "text" },
    ...CACHE_FLAGS,
  });
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`unknown format "${values.format}"\n${USAGE}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const location = { inventoryDir: values.inventory, runbooksDir: values.runbooks };
  const cacheFile = cacheFileFrom(values, USAGE);
  const result = await checkInventoryAndTransforms(location, cacheFile === undefined ? {} : { cacheFile });
  const { errors, warnings } = summarize(result.diagnostics);
  if (values.format === "json") {
    process.stdout.write(`${JSON.stringify({ diagnostics: result.diagnostics, errors, warnings }, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    const integrations = result.inventory ? `, ${result.inventory.integrations.length} integrations` : "";
    process.stdout.write(`${errors} error(s), ${warnings} warning(s)${integrations}\n`);
  }
  return hasErrors(result.diagnostics) ? 1 : 0;
});
