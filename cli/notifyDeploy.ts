/**
 * `npm run notify-deploy -- --event started|succeeded|failed|rolled-back|rollback-failed --commit SHA [--stack prod]
 *     [--base GIT-REF] [--rolled-back-to SHA] [--reason TEXT] [--run-url URL] [--summary FILE] [--dry-run]
 *     [--inventory DIR] [--runbooks DIR]`
 * Tells the teams owning what a deploy touches (since --base, the last verified commit) that it
 * started, succeeded, failed, was rolled back or could not be rolled back: one Datadog event (POST /api/v1/events) whose
 * text ends with the teams' `@slack-<channel>` handles (ops/release/deployNotification.ts).
 * --summary appends the same words to a file (the workflow passes $GITHUB_STEP_SUMMARY).
 * Needs DD_API_KEY (DD_SITE or DD_API_URL as for every Datadog CLI here), except with --dry-run,
 * which prints the event instead of sending it.
 */
import { appendFileSync } from "node:fs";
import { checkInventory, DEFAULT_LOCATION } from "../compiler/checkInventory";
import { CONFIG_KEYS, settingsFromConfig } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";
import { redactEnvSecrets } from "../compiler/redact";
import { eventsClientFromEnv, postEvent } from "../ops/datadog/events";
import { deployAudience } from "../ops/release/deployAudience";
import { DEPLOY_EVENTS, deployEvent, type DeployEvent } from "../ops/release/deployNotification";
import { changeSince } from "../ops/change/changeSince";
import { inventoryAtRef } from "./planBase";
import { parseCliArgs, runCli, UsageError } from "./run";
import { readStackConfig } from "./stackConfig";

const USAGE = `usage: npm run notify-deploy -- --event ${DEPLOY_EVENTS.join("|")} --commit SHA [--stack NAME] [--base GIT-REF] [--rolled-back-to SHA] [--reason TEXT] [--run-url URL] [--summary FILE] [--dry-run] [--inventory DIR] [--runbooks DIR]  (env: DD_API_KEY, DD_SITE or DD_API_URL)`;
const SHA = /^[0-9a-f]{40}$/;

runCli("notify-deploy", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    event: { type: "string" },
    commit: { type: "string" },
    stack: { type: "string", default: "prod" },
    base: { type: "string" },
    "rolled-back-to": { type: "string" },
    reason: { type: "string" },
    "run-url": { type: "string" },
    summary: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const event = values.event as DeployEvent;
  if (!DEPLOY_EVENTS.includes(event)) throw new UsageError(`--event must be one of ${DEPLOY_EVENTS.join(", ")}\n${USAGE}`);
  const commit = sha("--commit", values.commit);
  const rolledBackTo = values["rolled-back-to"] ? sha("--rolled-back-to", values["rolled-back-to"]) : undefined;
  const rollingBack = event === "rolled-back" || event === "rollback-failed";
  if (rollingBack !== (rolledBackTo !== undefined)) throw new UsageError(`--rolled-back-to goes with --event rolled-back or rollback-failed, and only there\n${USAGE}`);
  const runUrl = values["run-url"]?.trim() || undefined;
  if (runUrl !== undefined && !/^https?:\/\/\S+$/.test(runUrl)) throw new UsageError(`--run-url must be an http(s) address\n${USAGE}`);
  // An empty --base (no last verified deploy yet) means there is nothing to compare with.
  const base = values.base?.trim() || undefined;

  const config = readStackConfig(values.stack);
  if (values.inventory) config[CONFIG_KEYS.inventoryDir] = values.inventory;
  if (values.runbooks) config[CONFIG_KEYS.runbooksDir] = values.runbooks;
  const location = { inventoryDir: config[CONFIG_KEYS.inventoryDir] ?? DEFAULT_LOCATION.inventoryDir, runbooksDir: config[CONFIG_KEYS.runbooksDir] ?? DEFAULT_LOCATION.runbooksDir };
  const settings = settingsFromConfig((k) => config[k] || undefined);
  // A deploy that failed because this commit's inventory is invalid still has owners to tell: the base's.
  const current = checkInventory(location).inventory;
  const inventory: Inventory | undefined = current ?? (base ? baseInventory(base, location) : undefined);
  if (!inventory) {
    process.stderr.write("notify-deploy: neither this commit's inventory nor the base's is valid, so there is nobody to tell; nothing was sent\n");
    return 1;
  }
  const change = base && current ? changeSince(base, location, settings, current) : undefined;
  const audience = deployAudience(inventory, change, event === "failed" || rollingBack);
  if (audience.teams.length === 0) {
    process.stdout.write(`notify-deploy: ${audience.why}\n`);
    return 0;
  }
  const body = deployEvent({ stack: values.stack, event, commit, audience, rolledBackTo, reason: values.reason, runUrl });
  const told = audience.handles.join(" ");
  if (values.summary) appendFileSync(values.summary, redactEnvSecrets(`### ${body.title}\n\n${body.text.slice(0, body.text.lastIndexOf("\n\n"))}\n\nTold: ${told.replace(/@/g, "")}\n\n`));
  if (values["dry-run"]) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const id = await postEvent(eventsClientFromEnv(process.env, settings.forwarder.datadogSite), body);
  process.stdout.write(redactEnvSecrets(`notify-deploy: told ${told}: "${body.title}" (Datadog event ${id})\n`));
  return 0;
});

function sha(flag: string, value: string | undefined): string {
  const v = value?.trim().toLowerCase() ?? "";
  if (!SHA.test(v)) throw new UsageError(`${flag} must be a full 40-character commit SHA\n${USAGE}`);
  return v;
}

function baseInventory(base: string, location: { inventoryDir: string; runbooksDir: string }): Inventory | undefined {
  try {
    return inventoryAtRef(base, location).inventory;
  } catch {
    return undefined;
  }
}
