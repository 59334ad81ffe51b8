/**
 * The Pulumi program: read config, load and validate the inventory (failing the
 * deployment with the same messages as `npm run check`), then instantiate components.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInventory } from "./compiler/checkInventory";
import { formatDiagnostic, hasErrors } from "./compiler/diagnostics";

const config = new pulumi.Config();
const result = checkInventory({
  inventoryDir: config.get("inventoryDir") ?? "inventory",
  runbooksDir: config.get("runbooksDir") ?? "runbooks",
});
for (const d of result.diagnostics) if (d.severity === "warning") void pulumi.log.warn(formatDiagnostic(d));
if (!result.inventory || hasErrors(result.diagnostics)) {
  throw new pulumi.RunError(`the inventory is invalid:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
}

export const integrations = result.inventory.integrations.map((i) => i.id);
