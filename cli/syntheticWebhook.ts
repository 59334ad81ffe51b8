/**
 * `npm run synthetic-webhook -- [--stack prod] [--source INTEGRATION/SOURCE] [--url URL] [--commit SHA]
 *     [--timeout-seconds 180] [--summary FILE] [--inventory DIR] [--runbooks DIR]`
 * After `pulumi up`: signs one event with the synthetic source's secret, sends it through the real
 * Function URL and waits until the consumer has recorded it delivered to every target of that
 * source (ops/release/syntheticProbe.ts). Exits 0 when it was, 1 when it was not (refused,
 * rejected by a target, or not delivered in time), 2 on a bad argument or setting.
 *
 * The source: --source, else the inventory's one webhook with the id `synthetic-probe`; its vendor
 * must be standard-webhooks. The URL: --url, else the source's entry in WEBHOOK_URLS, the stack
 * output `webhookUrls` as JSON (the workflow passes pulumi/actions' step output). The secret:
 * SYNTHETIC_WEBHOOK_SECRET. The records: the stack's deliveries table, read with the AWS
 * credentials and region of the environment (AWS_ENDPOINT_URL_DYNAMODB points tests at a local one).
 */
import { appendFileSync } from "node:fs";
import { physicalNames } from "../compiler/lower/forwarderNames";
import { envSecrets, redact } from "../compiler/redact";
import { createDynamoDbClient } from "../forwarder/aws/dynamodb";
import { deliveryReader } from "../ops/release/deliveryRecords";
import { DEFAULT_DEADLINE_MS, describeProbe, runSyntheticProbe, SYNTHETIC_SOURCE_ID } from "../ops/release/syntheticProbe";
import { parseCliArgs, runCli, UsageError } from "./run";
import { loadStackInventory } from "./stackConfig";

const USAGE = "usage: npm run synthetic-webhook -- [--stack NAME] [--source INTEGRATION/SOURCE] [--url URL] [--commit SHA] [--timeout-seconds N] [--summary FILE] [--inventory DIR] [--runbooks DIR]  (env: SYNTHETIC_WEBHOOK_SECRET, WEBHOOK_URLS, AWS credentials and region)";

runCli("synthetic-webhook", async () => {
  const { values, positionals } = parseCliArgs(USAGE, {
    stack: { type: "string", default: "prod" },
    source: { type: "string" },
    url: { type: "string" },
    commit: { type: "string" },
    "timeout-seconds": { type: "string", default: String(DEFAULT_DEADLINE_MS / 1000) },
    summary: { type: "string" },
    inventory: { type: "string" },
    runbooks: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const timeoutSeconds = Number(values["timeout-seconds"]);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) throw new UsageError(`--timeout-seconds must be a whole number from 1 to 900\n${USAGE}`);
  const secret = process.env.SYNTHETIC_WEBHOOK_SECRET?.trim();
  if (!secret) throw new UsageError("SYNTHETIC_WEBHOOK_SECRET is not set: export the synthetic source's signing secret (from a secret store, never on the command line).");
  // Whatever is printed, the secret and the environment's API keys are not.
  const clean = (text: string) => redact(text, [...envSecrets(), secret], { shapes: false });

  const loaded = loadStackInventory("synthetic-webhook", values, "no synthetic webhook was sent");
  if (!loaded) return 2;
  const { checked, settings } = loaded;
  const hooks = checked.inventory.integrations.flatMap((i) => i.webhooks.map((hook) => ({ key: `${i.id}/${hook.id}`, hook })));
  const chosen = values.source ? hooks.filter((h) => h.key === values.source) : hooks.filter((h) => h.hook.id === SYNTHETIC_SOURCE_ID);
  if (chosen.length !== 1) {
    const what = values.source ? `no webhook ${values.source} in the inventory` : `${chosen.length === 0 ? "no" : "more than one"} webhook with the id ${SYNTHETIC_SOURCE_ID} in the inventory; name one with --source`;
    throw new UsageError(`${what}\n${USAGE}`);
  }
  const { key: sourceKey, hook } = chosen[0]!;
  if (hook.vendor !== "standard-webhooks") throw new UsageError(`${sourceKey} is a ${hook.vendor} webhook; the synthetic webhook is signed as standard-webhooks only`);
  const url = values.url?.trim() || urlFromOutputs(process.env.WEBHOOK_URLS, sourceKey);
  if (!/^https?:\/\/[^/?#\s]+\/[^?#\s]*$/.test(url)) throw new UsageError(`the webhook URL of ${sourceKey} must be an http(s) address without a query\n${USAGE}`);
  const commit = values.commit?.trim() || process.env.GITHUB_SHA || "local";

  // The environment's credentials and region (the workflow's configure-aws-credentials step exports them).
  const dynamo = createDynamoDbClient();
  const probe = { url, sourceKey, systems: hook.forwardTo.map((t) => t.system), secret, stack: values.stack, commit };
  const result = await runSyntheticProbe(
    probe,
    { readDelivery: deliveryReader(dynamo, physicalNames(settings.environment).table), now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    { deadlineMs: timeoutSeconds * 1000 },
  );
  const line = clean(describeProbe(result, probe));
  process.stdout.write(`synthetic-webhook: ${line}\n`);
  if (values.summary) appendFileSync(values.summary, `### Synthetic webhook (${values.stack})\n\n${result.kind === "delivered" ? "Delivered" : "Not delivered"}: ${line}.\n\n`);
  return result.kind === "delivered" ? 0 : 1;
});

/** The source's URL in the stack output `webhookUrls` (JSON by `<integration>/<source>`). */
function urlFromOutputs(raw: string | undefined, key: string): string {
  if (!raw?.trim()) throw new UsageError(`neither --url nor WEBHOOK_URLS (the stack output webhookUrls as JSON) gives the URL of ${key}\n${USAGE}`);
  let urls: unknown;
  try {
    urls = JSON.parse(raw);
  } catch {
    throw new UsageError("WEBHOOK_URLS is not JSON: pass the stack output webhookUrls as `pulumi stack output webhookUrls --json` prints it");
  }
  const url = urls && typeof urls === "object" ? (urls as Record<string, unknown>)[key] : undefined;
  if (typeof url !== "string") throw new UsageError(`the stack output webhookUrls has no ${key}: was the stack deployed from this inventory?`);
  return url;
}
