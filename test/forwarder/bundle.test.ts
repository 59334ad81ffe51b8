/**
 * The deployed artifact, the way the WebhookForwarder component ships it: the esbuild bundles
 * (forwarder/build/bundle.ts) with `forwarder-config.json` next to each index.js, the queue URL in
 * FORWARDER_QUEUE_URL, and nothing else. Each function runs in its own plain `node` process (no
 * tsx, no node_modules within reach: a bundle holds everything it runs, and no AWS SDK) with the
 * Lambda environment's credentials (a session token included) and the SDKs' standard
 * AWS_ENDPOINT_URL_* variables pointing at the local SQS, Secrets Manager and DynamoDB servers:
 * a vendor delivery to `/hooks/<integration>/<source>` goes through the real ingress bundle, the
 * queue and the real consumer bundle to a target. The consumer's JSONata runner is its own file,
 * transform.js, required only by a delivery to a target with a transform.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleForwarder } from "../../forwarder/build/bundle";
import type { QueuedDelivery, StaticForwarderConfig, TargetConfig } from "../../forwarder/config";
import { CONFIG_FILE } from "../../forwarder/configSource";
import type { FunctionUrlEvent } from "../../forwarder/ingress/handler";
import { secretStringFor } from "../../forwarder/ingress/secretString";
import { hookPath, sourceKey } from "../../forwarder/route";
import { signStripe } from "./signers";
import { startConsumerTarget, startDynamo, startMetricsListener, type ConsumerTarget, type LocalDynamo, type MetricsListener } from "./support/consumerHarness";
import { startSecretsServer, type SecretsServer } from "./support/secretsServer";
import { startSqsServer, type SqsServer } from "./support/sqsServer";

const run = promisify(execFile);
const KEY = sourceKey("lead-sync", "stripe-payments");
const SECRET_NAME = `martech/test/forwarder/${KEY}`;
const PUBLIC_URL = `https://abc123xyz.lambda-url.eu-west-1.on.aws${hookPath(KEY)}`;
const SIGNING_SECRET = "whsec_bundle_test_only";
const TABLE = "martech-test-webhook-deliveries";

/**
 * Loads a bundle, calls its handler once, prints RESULT <json> or ERROR <message>. Lambda's remaining
 * time holds still at its 15-minute maximum, so a busy machine cannot run the consumer's budget out.
 */
const RUNNER = `
const [file, input] = process.argv.slice(1);
Promise.resolve()
  .then(() => require(file).handler(JSON.parse(input), { getRemainingTimeInMillis: () => 900000 }))
  .then(
    (r) => { process.stdout.write("\\nRESULT " + JSON.stringify(r) + "\\n"); process.exit(0); },
    (e) => { process.stdout.write("\\nERROR " + JSON.stringify(String(e && e.message)) + "\\n"); process.exit(3); });
`;

type Outcome = { result: unknown } | { error: string };

/**
 * Targets' per-attempt timeout: generous, as nothing here is about timeouts. A local target answers
 * at once, but on a busy machine a tight timeout would turn a slow 2xx into a retry (a second request).
 */
const TARGET_TIMEOUT_MS = 60_000;

function configWith(targets: TargetConfig[]): StaticForwarderConfig {
  return {
    sources: { [KEY]: { integration: "lead-sync", source: "stripe-payments", vendor: "stripe", secretId: SECRET_NAME, targets, sloLatencyMs: 60_000 } },
    tableName: TABLE,
    maxReceives: 5,
    idempotencyTtlSeconds: 4 * 86_400,
    secretTtlSeconds: 300,
  };
}

/** An SQS record carrying a delivery as the ingress queues it (a JSON body kept as UTF-8 text). */
function queuedRecord(deliveryId: string, body: unknown) {
  const delivery: QueuedDelivery = {
    source: KEY, deliveryId, receivedAt: Date.now(), method: "POST", url: PUBLIC_URL, headers: { "content-type": "application/json" }, synthetic: false,
    bodyEncoding: "utf8", body: JSON.stringify(body),
  };
  return { messageId: `m-${deliveryId}`, body: JSON.stringify(delivery), attributes: { ApproximateReceiveCount: "1" } };
}

/** A destination that keeps what it receives. */
async function startRecordingTarget(): Promise<{ url: string; received: { contentType?: string; body: string }[]; close(): Promise<void> }> {
  const received: { contentType?: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`,
    received,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe("forwarder bundles as deployed (forwarder-config.json + FORWARDER_QUEUE_URL)", function () {
  let out: string;
  let sqs: SqsServer;
  let secrets: SecretsServer;
  let dynamo: LocalDynamo;
  let target: ConsumerTarget;
  let udp: MetricsListener;
  let env: NodeJS.ProcessEnv;
  let built: Awaited<ReturnType<typeof bundleForwarder>>;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), "fwd-bundle-"));
    [sqs, secrets, dynamo, target, udp] = await Promise.all([
      startSqsServer(), startSecretsServer(), startDynamo(TABLE), startConsumerTarget(() => ({ status: 200 })), startMetricsListener(),
    ]);
    built = await bundleForwarder(out);
    const config = configWith([{ system: "crm", url: target.url, timeoutMs: TARGET_TIMEOUT_MS }]);
    for (const fn of ["ingress", "consumer"]) writeFileSync(join(out, fn, CONFIG_FILE), JSON.stringify(config));
    secrets.secrets.set(SECRET_NAME, secretStringFor(SIGNING_SECRET, PUBLIC_URL));
    // What a Lambda sandbox has: no tsx hook, nothing but the bundle, the role's credentials and a region.
    const { NODE_OPTIONS: _tsx, NODE_PATH: _path, FORWARDER_CONFIG: _inline, LAMBDA_TASK_ROOT: _root, AWS_PROFILE: _profile, ...base } = process.env;
    env = {
      ...base,
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "ASIALOCALEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_SESSION_TOKEN: "local-session-token",
      AWS_CONFIG_FILE: join(out, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(out, "no-aws-credentials"),
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      DD_DOGSTATSD_PORT: String(udp.port),
    };
  });

  after(async () => {
    await Promise.all([sqs?.close(), secrets?.close(), dynamo?.close(), target?.close(), udp?.close()]);
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Runs one handler call in a fresh node process (as a cold start). */
  async function invoke(file: string, input: unknown, extraEnv: NodeJS.ProcessEnv = {}): Promise<Outcome> {
    let stdout: string;
    try {
      ({ stdout } = await run(process.execPath, ["-e", RUNNER, file, JSON.stringify(input)], { env: { ...env, ...extraEnv }, cwd: out }));
    } catch (err) {
      stdout = String((err as { stdout?: string }).stdout ?? "");
      if (!stdout.includes("\nERROR ")) throw err;
    }
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT ") || l.startsWith("ERROR "));
    assert.ok(line, `no outcome in:\n${stdout}`);
    return line.startsWith("RESULT ") ? { result: JSON.parse(line.slice(7)) } : { error: JSON.parse(line.slice(6)) as string };
  }

  const stripeEvent = (path: string): FunctionUrlEvent => {
    const body = Buffer.from('{"id":"evt_bundle_1","type":"invoice.paid"}');
    return {
      rawPath: path, rawQueryString: "", isBase64Encoded: false, body: body.toString("utf8"), requestContext: { http: { method: "POST" } },
      headers: { "content-type": "application/json", host: "abc123xyz.lambda-url.eu-west-1.on.aws", "stripe-signature": signStripe(SIGNING_SECRET, Math.floor(Date.now() / 1000), body) },
    };
  };

  it("ingress: a delivery to /hooks/<integration>/<source> is verified and queued under its key, with the secret's public URL", async () => {
    const queueUrl = sqs.queueUrl("martech-test-webhooks");
    const ingress = join(out, "ingress", "index.js");
    const outcome = await invoke(ingress, stripeEvent(hookPath(KEY)), { LAMBDA_TASK_ROOT: join(out, "ingress"), FORWARDER_QUEUE_URL: queueUrl });
    assert.deepEqual(outcome, { result: { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' } });
    const queued = sqs.messages("martech-test-webhooks").map((m) => JSON.parse(m.body) as QueuedDelivery);
    assert.deepEqual(queued.map((d) => [d.source, d.url, d.deliveryId]), [[KEY, PUBLIC_URL, "evt_bundle_1"]]);
    assert.equal(secrets.callsFor(SECRET_NAME), 1, "the secret is read by its name");

    // The consumer bundle (config found next to its own index.js, no LAMBDA_TASK_ROOT) forwards it.
    const record = { messageId: "m-1", body: sqs.messages("martech-test-webhooks")[0]!.body, attributes: { ApproximateReceiveCount: "1" } };
    const consumed = await invoke(join(out, "consumer", "index.js"), { Records: [record] });
    assert.deepEqual(consumed, { result: { batchItemFailures: [] } });
    assert.equal(target.acceptedCount("evt_bundle_1"), 1);
    await udp.until(() => udp.named("settled").length === 1);
    const settled = udp.named("settled")[0]!.tags;
    assert.deepEqual(
      { integration: settled["integration"], source: settled["source"], outcome: settled["outcome"] },
      { integration: "lead-sync", source: "stripe-payments", outcome: "forwarded" },
    );
  });

  it("no AWS SDK in any bundle: only Node built-ins are left to require, and the consumer's transform.js", () => {
    const builtins = new Set(require("node:module").builtinModules as string[]);
    const nonBuiltins = (file: string) => {
      const key = Object.keys(built.metafile.outputs).find((k) => k.endsWith(file))!;
      return [...new Set(built.metafile.outputs[key]!.imports.filter((i) => i.external).map((i) => i.path.replace(/^node:/, "")))].filter((p) => !builtins.has(p)).sort();
    };
    for (const o of Object.values(built.lambdas)) {
      for (const f of [o, ...o.lazy]) assert.deepEqual(f.inputs.filter((i) => /node_modules\/@(aws-sdk|smithy)\//.test(i.path)), [], f.file);
    }
    assert.deepEqual(nonBuiltins("ingress/index.js"), []);
    assert.deepEqual(nonBuiltins("consumer/index.js"), ["./transform.js"]);
    assert.deepEqual(nonBuiltins("consumer/transform.js"), []);
    assert.deepEqual(readdirSync(join(out, "ingress")).sort(), [CONFIG_FILE, "index.js", "index.js.map"].sort());
    assert.deepEqual(readdirSync(join(out, "consumer")).sort(), [CONFIG_FILE, "index.js", "index.js.map", "transform.js", "transform.js.map"].sort());
  });

  it("consumer: jsonata and the transform runner are in transform.js, not in index.js, which stays under 60 KB", () => {
    const { consumer } = built.lambdas;
    const paths = (f: { inputs: readonly { path: string }[] }) => f.inputs.map((i) => i.path);
    assert.deepEqual(consumer.lazy.map((f) => f.file), [join(out, "consumer", "transform.js")]);
    const runner = ["node_modules/jsonata/jsonata.js", "forwarder/destinations/transformRunner.ts", "forwarder/destinations/regexSafety.ts"];
    for (const input of runner) {
      assert.ok(!paths(consumer).includes(input), `index.js holds ${input}`);
      assert.ok(paths(consumer.lazy[0]!).includes(input), `transform.js lacks ${input}`);
    }
    // The size target (issue 17: bundles under 60 KB); npm run bench -- forwarder reports it too.
    assert.ok(consumer.bytes < 60 * 1024, `consumer index.js is ${consumer.bytes} bytes`);
  });

  it("consumer: a target's transform runs from the archive's transform.js, with nothing else in reach", async () => {
    const recording = await startRecordingTarget();
    try {
      const folder = join(out, "consumer-transform");
      cpSync(join(out, "consumer"), folder, { recursive: true });
      const config = configWith([{ system: "crm", url: recording.url, timeoutMs: TARGET_TIMEOUT_MS, transform: '{"event": id, "kind": type, "cents": data.amount * 100}' }]);
      writeFileSync(join(folder, CONFIG_FILE), JSON.stringify(config));
      const record = queuedRecord("evt_bundle_transform", { id: "evt_bundle_transform", type: "invoice.paid", data: { amount: 12.5 } });
      assert.deepEqual(await invoke(join(folder, "index.js"), { Records: [record] }), { result: { batchItemFailures: [] } });
      assert.deepEqual(recording.received.map((r) => [r.contentType, JSON.parse(r.body)]), [["application/json", { event: "evt_bundle_transform", kind: "invoice.paid", cents: 1250 }]]);
    } finally {
      await recording.close();
    }
  });

  it("consumer: without transforms the cold start never reads transform.js; a transform without it fails the delivery, not the function", async () => {
    const folder = join(out, "consumer-no-runner");
    cpSync(join(out, "consumer"), folder, { recursive: true });
    for (const f of ["transform.js", "transform.js.map"]) rmSync(join(folder, f));
    const plain = await invoke(join(folder, "index.js"), { Records: [queuedRecord("evt_bundle_plain", { id: "evt_bundle_plain" })] });
    assert.deepEqual(plain, { result: { batchItemFailures: [] } });
    assert.equal(target.acceptedCount("evt_bundle_plain"), 1);

    writeFileSync(join(folder, CONFIG_FILE), JSON.stringify(configWith([{ system: "crm", url: target.url, timeoutMs: TARGET_TIMEOUT_MS, transform: "id" }])));
    const missing = await invoke(join(folder, "index.js"), { Records: [queuedRecord("evt_bundle_missing_runner", { id: "evt_bundle_missing_runner" })] });
    assert.deepEqual(missing, { result: { batchItemFailures: [{ itemIdentifier: "m-evt_bundle_missing_runner" }] } });
    assert.equal(target.acceptedCount("evt_bundle_missing_runner"), 0);
  });

  it("ingress: the bare source id is not a route (404), and without FORWARDER_QUEUE_URL the invocation fails naming it", async () => {
    const ingress = join(out, "ingress", "index.js");
    const queueUrl = sqs.queueUrl("martech-test-webhooks-2");
    const bare = await invoke(ingress, stripeEvent(hookPath("stripe-payments")), { LAMBDA_TASK_ROOT: join(out, "ingress"), FORWARDER_QUEUE_URL: queueUrl });
    assert.equal((bare as { result: { statusCode: number } }).result.statusCode, 404);
    const noQueue = await invoke(ingress, stripeEvent(hookPath(KEY)), { LAMBDA_TASK_ROOT: join(out, "ingress") });
    assert.ok("error" in noQueue && /FORWARDER_QUEUE_URL/.test(noQueue.error), JSON.stringify(noQueue));
    assert.equal(sqs.messages("martech-test-webhooks-2").length, 0);
  });

  it("consumer: a broken forwarder-config.json fails the cold start, naming the file and not its content", async () => {
    const broken = join(out, "consumer-broken");
    cpSync(join(out, "consumer"), broken, { recursive: true });
    writeFileSync(join(broken, CONFIG_FILE), '{"sources": whsec_should_not_be_echoed');
    const outcome = await invoke(join(broken, "index.js"), { Records: [] });
    assert.deepEqual(outcome, { error: `${join(broken, CONFIG_FILE)} is not valid JSON` });
  });
});
