/**
 * `npm run budget-gate -- --base GIT-REF [--scope integration|team|organisation] [--on pull-request|main]
 *                         [--override] [--deployed GIT-REF] [--json FILE] [--markdown FILE] [--stack prod] [--inventory DIR] [--runbooks DIR]`
 * The error-budget freeze: a change that adds an integration or weakens a detection fails
 * (exit 1) while an SLO in scope has exhausted its error budget, unless overridden by the
 * `error-budget-override` PR label (--override). The scope (default team) is the SLOs of the
 * teams owning the integrations the change touches (ops/change/touched.ts, scope.ts). Without
 * Datadog keys, `--on pull-request` prints a ::notice:: and exits 0; `--on main` (the default)
 * exits 1. Rules: ops/budget/changes.ts, weakening.ts.
 * --deployed (on main: the stack's last-good commit, empty before the first verified deploy):
 * an SLO Datadog lacks that is not in that commit's inventory was merged but not deployed, so
 * it is unknown rather than missing (ops/budget/sloStatus.ts).
 */
import { writeFileSync } from "node:fs";
import { redactEnvSecrets } from "../compiler/redact";
import { exitCode, GATE_EVENTS } from "../ops/budget/decide";
import { runGate } from "../ops/budget/gate";
import { renderJson, renderMarkdown, renderText } from "../ops/budget/render";
import { DEFAULT_SCOPE, SCOPES } from "../ops/budget/scope";
import { sloKey, type DeployedSlos } from "../ops/budget/sloStatus";
import type { InventoryLocation } from "../compiler/checkInventory";
import { touchedIntegrations } from "../ops/change/touched";
import { workingTreeView } from "../ops/change/workingTree";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { inventoryAtRef } from "./planBase";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = `usage: npm run budget-gate -- --base GIT-REF [--scope ${SCOPES.join("|")}] [--on ${GATE_EVENTS.join("|")}] [--override] [--deployed GIT-REF] [--json FILE] [--markdown FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]`;

runCli("budget-gate", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    base: { type: "string" },
    scope: { type: "string", default: DEFAULT_SCOPE },
    on: { type: "string", default: "main" },
    override: { type: "boolean", default: false },
    deployed: { type: "string" },
    json: { type: "string" },
    markdown: { type: "string" },
    stack: { type: "string", default: "prod" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (!values.base?.trim()) throw new UsageError(`--base is required and must not be empty: the git ref the change is compared with (e.g. origin/main)\n${USAGE}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const scope = oneOf("--scope", values.scope, SCOPES);
  const on = oneOf("--on", values.on, GATE_EVENTS);
  const loaded = loadStackInventory("budget-gate", values, "fix it first (npm run check)");
  if (!loaded) return 1;
  const { location, checked: current, settings } = loaded;
  const base = inventoryAtRef(values.base, location);
  const now = workingTreeView(location, current.inventory);
  const result = await runGate({
    base: values.base,
    baseInventory: base.inventory,
    baseNote: base.note,
    inventory: current.inventory,
    touched: touchedIntegrations({ inventory: base.inventory, ...base.sources }, now, settings),
    scope,
    on,
    override: values.override,
    environment: settings.environment,
    nowS: Math.floor(Date.now() / 1000),
    ...(values.deployed !== undefined && { deployed: deployedSlos(values.deployed, location) }),
    // DD_SITE or DD_API_URL win; else the site the stack's forwarder sends to.
    datadog: () => datadogClientFromEnv(process.env, {}, settings.forwarder.datadogSite),
  });
  // An unreadable budget is an error: its one sentence goes to stderr; the files still record it.
  // Nothing printed or written carries an API key from the environment (compiler/redact.ts).
  if (result.error) process.stderr.write(redactEnvSecrets(`budget-gate: ${result.error}\n`));
  else process.stdout.write(redactEnvSecrets(renderText(result)));
  if (values.json) writeFileSync(values.json, redactEnvSecrets(renderJson(result)));
  if (values.markdown) writeFileSync(values.markdown, redactEnvSecrets(renderMarkdown(result)));
  return exitCode(result.decision);
});

/** The SLOs at the last verified deploy; undefined (every SLO taken as deployed: fail closed) when that commit cannot be read. */
function deployedSlos(ref: string, location: InventoryLocation): DeployedSlos | undefined {
  const commit = ref.trim();
  if (!commit) return { has: () => false, describe: "no deploy of this stack has been verified yet" };
  let inventory;
  try {
    inventory = inventoryAtRef(commit, location).inventory;
  } catch {
    return undefined;
  }
  if (!inventory) return undefined;
  const keys = new Set(inventory.integrations.flatMap((i) => i.slos.map((s) => sloKey({ integration: i.id, slo: s.id }))));
  return { has: (key) => keys.has(key), describe: `absent at the last verified deploy, ${commit.slice(0, 12)}` };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not "${value}"\n${USAGE}`);
}
