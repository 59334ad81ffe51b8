/**
 * `npm run budget-gate -- --base GIT-REF [--override] [--json FILE] [--markdown FILE]
 *                         [--stack prod] [--inventory DIR] [--runbooks DIR]`
 * The error-budget freeze: a change that adds an integration or weakens a detection fails
 * (exit 1) while any deployed SLO has exhausted its error budget, unless overridden by the
 * `error-budget-override` PR label (--override). Rules: ops/budget/changes.ts, weakening.ts.
 */
import { writeFileSync } from "node:fs";
import { redactEnvSecrets } from "../compiler/redact";
import { exitCode } from "../ops/budget/decide";
import { runGate } from "../ops/budget/gate";
import { renderJson, renderMarkdown, renderText } from "../ops/budget/render";
import { datadogClientFromEnv } from "../ops/datadog/client";
import { inventoryAtRef } from "./planBase";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run budget-gate -- --base GIT-REF [--override] [--json FILE] [--markdown FILE] [--stack NAME] [--inventory DIR] [--runbooks DIR]";

runCli("budget-gate", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    base: { type: "string" },
    override: { type: "boolean", default: false },
    json: { type: "string" },
    markdown: { type: "string" },
    stack: { type: "string", default: "prod" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (!values.base?.trim()) throw new UsageError(`--base is required and must not be empty: the git ref the change is compared with (e.g. origin/main)\n${USAGE}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const loaded = loadStackInventory("budget-gate", values, "fix it first (npm run check)");
  if (!loaded) return 1;
  const { location, checked: current, settings } = loaded;
  const base = inventoryAtRef(values.base, location);
  const result = await runGate({
    base: values.base,
    baseInventory: base.inventory,
    baseNote: base.note,
    inventory: current.inventory,
    override: values.override,
    environment: settings.environment,
    nowS: Math.floor(Date.now() / 1000),
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
