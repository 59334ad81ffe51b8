/**
 * The Pulumi program: read config, load and validate the inventory (failing the
 * deployment with the same messages as `npm run check`), lower it, emit resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInventory, DEFAULT_LOCATION } from "./compiler/checkInventory";
import { formatDiagnostic } from "./compiler/diagnostics";
import { lowerInventory } from "./compiler/lower/lowerInventory";
import { CONFIG_KEYS, settingsFromConfig } from "./compiler/lower/settings";
import { emit } from "./components";
import { assertBundlesBuilt } from "./components/bundles";

const config = new pulumi.Config();
const get = (key: string) => config.get(key) || undefined;
const result = checkInventory({
  inventoryDir: get(CONFIG_KEYS.inventoryDir) ?? DEFAULT_LOCATION.inventoryDir,
  runbooksDir: get(CONFIG_KEYS.runbooksDir) ?? DEFAULT_LOCATION.runbooksDir,
});
for (const d of result.diagnostics) if (d.severity === "warning") void pulumi.log.warn(formatDiagnostic(d));
if (!result.inventory) {
  throw new pulumi.RunError(`the inventory is invalid:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
}

const state = lowerInventory(result.inventory, settingsFromConfig(get));
// A real deployment ships the forwarder's bundles; the mock engine (no engine address) reads no file.
if (pulumi.runtime.hasEngine()) assertBundlesBuilt(state);
const outputs = emit(state);

export const integrations = result.inventory.integrations.map((i) => i.id);
/** The URL each vendor is configured with, by `<integration>/<source>`. */
export const webhookUrls = outputs.webhookUrls ?? {};
