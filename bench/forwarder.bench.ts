/**
 * Forwarder Lambdas: bundle size, cold module init, cold first invocation, warm ingress overhead,
 * and verification throughput next to the vendors' own verifiers. Every figure and ratio is
 * measured in this run, with the floors beside them (`require` of an empty file, `node -e 0`).
 *
 *   npm run bench -- forwarder       this section alone (also part of `npm run bench`)
 *
 * Method notes are printed with the figures; the short version:
 * - Bundles are built fresh into a temporary folder with forwarder/build/bundle.ts (the deployed
 *   artifact), away from any node_modules: a bundle holds everything it runs (no AWS SDK: the AWS
 *   calls are SigV4-signed requests of its own, forwarder/aws).
 * - The consumer's JSONata runner (`jsonata` with it) is a second file of its folder, transform.js,
 *   required at the first transform: its size and its own cold `require` are shown for information,
 *   without a verdict (a cold start whose deliveries have no transform never loads it).
 * - Cold init: `require(<bundle>)` timed inside a fresh `node` (no tsx), median of 5 processes, on
 *   this machine's Node and on Node 24, the Lambda runtime (nodejs24.x), from tools/node24 (skipped,
 *   saying why, where that package has no binary for the platform). The floors, timed the same
 *   way and in the same rounds (so a change in the machine's load touches both): `require` of an
 *   empty file, and the wall time of a process running `node -e 0`. For comparison, the same
 *   figure for requiring the two AWS SDK clients the ingress loaded before it signed its own requests.
 * - Cold first invocation: in a fresh `node`, `require` of the ingress bundle and its first
 *   handler call on a signed Stripe delivery, which reads the signing secret from the local
 *   Secrets Manager server and enqueues on the local SQS server (both on 127.0.0.1, reached through
 *   AWS_ENDPOINT_URL_*, as in test/forwarder/bundle.test.ts), with the Lambda environment's
 *   credentials. This is a Lambda cold start's own part, without the sandbox's start.
 * - Warm ingress: the handler with REAL deps (the bundle's SQS and Secrets Manager clients against
 *   the local servers, a real DogStatsD emitter to a local UDP socket). SendMessage is timed per
 *   call by a wrapper that delegates to the real client, so the handler's own time is (handler
 *   time - that request's enqueue time), per request, then p50/p99.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import Stripe from "stripe";
import { Webhook } from "standardwebhooks";
import type { AwsClientOptions } from "../forwarder/aws/client";
import type { SqsClient } from "../forwarder/aws/sqs";
import { bundleForwarder, describeBuildError, type BundleResult, type LambdaName } from "../forwarder/build/bundle";
import type { ForwarderConfig } from "../forwarder/config";
import type * as IngressModule from "../forwarder/ingress/index";
import { createEmitter } from "../forwarder/metrics/emitter";
import * as ourStandard from "../forwarder/verify/standardWebhooks";
import * as ourStripe from "../forwarder/verify/stripe";
import type { WebhookRequest } from "../forwarder/verify/types";
import { startSecretsServer, type SecretsServer } from "../test/forwarder/support/secretsServer";
import { startSqsServer, type SqsServer } from "../test/forwarder/support/sqsServer";
import { verdict } from "./support";

const SIZE_TARGET_BYTES = 60 * 1024;
const INIT_TARGET_MS = 20;
const FIRST_INVOCATION_TARGET_MS = 70;
const INIT_PROCESSES = 5;
const WARM_P50_TARGET_MS = 0.5;
const WARM_P99_TARGET_MS = 2;
const WARM_WARMUP = 300;
const WARM_REQUESTS = 3000;
const VERIFY_WARMUP = 5000;
const VERIFY_BATCH = 20_000;
const VERIFY_BATCHES = 3;
const CREDENTIALS = { accessKeyId: "ASIABENCHEXAMPLE", secretAccessKey: "bench", sessionToken: "bench-session-token" };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms2 = (v: number) => `${v.toFixed(v < 10 ? 3 : 1)} ms`;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A Stripe-like event of about 2 KB (the size the targets are stated for). */
function stripeEventBody(id: string): Buffer {
  const event = {
    id,
    object: "event",
    api_version: "2024-06-20",
    created: Math.floor(Date.now() / 1000),
    type: "invoice.paid",
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: "in_1PqRsTuVwXyZ0123456789ab",
        object: "invoice",
        amount_due: 12000,
        amount_paid: 12000,
        currency: "eur",
        customer: "cus_QrStUvWxYz0123",
        customer_email: "billing@example.com",
        customer_name: "Zoë Example GmbH",
        hosted_invoice_url: "https://invoice.stripe.com/i/acct_1AbCdEfGhIjKlMnO/test_YWNjdF8xQWJDZEVmR2hJaktsTW5PLF9RclN0VXZXeFl6MDEyMzQ1",
        lines: {
          object: "list",
          data: Array.from({ length: 4 }, (_, i) => ({
            id: `il_1PqRsTuVwXyZ01234567${i}`,
            object: "line_item",
            amount: 3000,
            currency: "eur",
            description: `1 × Marketing automation seat (at €30.00 / month), line ${i}`,
            period: { start: 1_717_200_000, end: 1_719_792_000 },
            price: { id: "price_1PqRsTuVwXyZ0123", product: "prod_QrStUvWxYz", unit_amount: 3000 },
          })),
          has_more: false,
        },
        metadata: { crm_account: "0015e00000AbCdEFG", campaign: "spring-2024" },
        status: "paid",
      },
    },
  };
  return Buffer.from(JSON.stringify(event, null, 1));
}

// ---------------------------------------------------------------- bundle size

function sizeRows(built: BundleResult): void {
  console.log("lambda | bundle (minified, everything inside, no AWS SDK) | source map | 3 largest inputs (bytes in the bundle)");
  for (const [name, o] of Object.entries(built.lambdas)) {
    for (const [f, label] of [[o, name] as const, ...o.lazy.map((l) => [l, `${name} ${basename(l.file)} (required at the first transform; information, no verdict)`] as const)]) {
      const top = f.inputs.slice(0, 3).map((i) => `${i.path} ${kb(i.bytesInOutput)}`).join(", ");
      console.log(`${label} | ${kb(f.bytes)} | ${kb(f.mapBytes)} | ${top}`);
    }
  }
  for (const [name, o] of Object.entries(built.lambdas)) {
    console.log(`${name} bundle ${kb(o.bytes)} (target < ${kb(SIZE_TARGET_BYTES)}): ${verdict(o.bytes < SIZE_TARGET_BYTES)}`);
  }
}

// ---------------------------------------------------------------- cold init

/** Runs in a fresh `node` (plain JS, no tsx): times require(file). */
const INIT_SCRIPT = `
const [file] = process.argv.slice(1);
const before = new Set(Object.keys(require.cache));
const t0 = process.hrtime.bigint();
const mod = require(file);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const modules = Object.keys(require.cache).filter((f) => !before.has(f)).length;
const resources = process.getActiveResourcesInfo();
process.stdout.write("BENCH " + JSON.stringify({ ms, modules, handler: typeof mod.handler, resources }) + "\\n");
process.exit(0);
`;

interface InitRun {
  ms: number;
  modules: number;
  handler: string;
  resources: string[];
  processMs: number;
}

/** Handles an import that does network work would leave behind (sockets, DNS lookups, TLS). */
const NETWORK = /TCP|UDP|GetAddrInfo|GetNameInfo|TLS|HTTP|Query|PipeConnectWrap/i;

/** Node 24 from tools/node24 (the root postinstall installs it), or why there is none. */
const { node24 } = require("../tools/node24/run.js") as { node24: () => { path?: string; missing?: string } };

interface Runtime {
  readonly label: string;
  readonly node: string;
}

/** This machine's Node, and Node 24 (Lambda's nodejs24.x) when tools/node24 has it. */
function runtimes(): Runtime[] {
  const out: Runtime[] = [{ label: `Node ${process.versions.node} (this machine)`, node: process.execPath }];
  const found = node24();
  if (found.path) {
    const version = spawnSync(found.path, ["--version"], { encoding: "utf8" }).stdout.trim();
    out.push({ label: `Node ${version.replace(/^v/, "")} (Lambda's nodejs24.x)`, node: found.path });
  } else console.log(`Node 24 cold start skipped: ${found.missing}.`);
  return out;
}

/** What a Lambda sandbox has: no tsx hook, no NODE_PATH, the role's credentials and a region. */
function lambdaEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _tsx, NODE_PATH: _path, AWS_PROFILE: _profile, ...rest } = process.env;
  return {
    ...rest, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: CREDENTIALS.sessionToken, ...extra,
  };
}

function initRun(file: string, env: NodeJS.ProcessEnv, node: string): InitRun | { error: string } {
  const start = nowMs();
  const r = spawnSync(node, ["-e", INIT_SCRIPT, file], { env, encoding: "utf8", timeout: 30_000 });
  const processMs = nowMs() - start;
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("BENCH "));
  if (r.status !== 0 || !line) {
    const tail = (r.stderr ?? "").trim().split("\n").slice(-2).join(" | ");
    return { error: `${r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`)}${tail ? `: ${tail}` : ""}` };
  }
  return { ...(JSON.parse(line.slice("BENCH ".length)) as Omit<InitRun, "processMs">), processMs };
}

/** The wall time of one `node -e 0`: a process that does nothing. */
function nodeProcessMs(node: string, env: NodeJS.ProcessEnv): number {
  const start = nowMs();
  spawnSync(node, ["-e", "0"], { env });
  return nowMs() - start;
}

const medianBy = <T>(xs: readonly T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;

/**
 * Per runtime, INIT_PROCESSES rounds of: require(empty file), `node -e 0`, require of each bundle.
 * Interleaved, so a change in the machine's load touches the floors and the figures alike.
 */
function initRows(built: BundleResult, runtimesToRun: readonly Runtime[], emptyFile: string, sdkFile: string, queueUrl: string): void {
  // The consumer parses its configuration at import: FORWARDER_CONFIG carries one.
  const config: ForwarderConfig = { sources: {}, queueUrl, tableName: "idempotency", maxReceives: 5, idempotencyTtlSeconds: 86_400, secretTtlSeconds: 300 };
  const env = lambdaEnv({ FORWARDER_CONFIG: JSON.stringify(config) });
  const lambdas = Object.entries(built.lambdas) as [LambdaName, BundleResult["lambdas"][LambdaName]][];
  // Timed in the same rounds, for information: what a first transform adds (the runner file is self-contained).
  const lazyFiles = lambdas.flatMap(([name, o]) => o.lazy.map((f) => ({ label: `${name} ${basename(f.file)} (first transform only)`, file: f.file })));
  console.log(`lambda | runtime | require(bundle), median of ${INIT_PROCESSES} processes | floor: require(empty file) | x floor | modules loaded | process wall | floor: node -e 0 | handles left after import`);
  const verdicts: string[] = [];
  for (const runtime of runtimesToRun) {
    const empty: InitRun[] = [];
    const sdk: InitRun[] = [];
    const bare: number[] = [];
    const runs = new Map<LambdaName, InitRun[]>(lambdas.map(([name]) => [name, []]));
    const lazyRuns = new Map<string, InitRun[]>(lazyFiles.map((f) => [f.label, []]));
    let failed: string | undefined;
    for (let i = 0; i < INIT_PROCESSES && !failed; i++) {
      const e = initRun(emptyFile, env, runtime.node);
      if ("error" in e) failed = `require(empty file): ${e.error}`;
      else empty.push(e);
      const before = initRun(sdkFile, env, runtime.node);
      if (!("error" in before)) sdk.push(before);
      bare.push(nodeProcessMs(runtime.node, env));
      for (const [name, o] of lambdas) {
        const r = initRun(o.file, env, runtime.node);
        if ("error" in r) failed = `${name}: ${r.error}`;
        else runs.get(name)!.push(r);
      }
      for (const f of lazyFiles) {
        const r = initRun(f.file, env, runtime.node);
        if ("error" in r) failed = `${f.label}: ${r.error}`;
        else lazyRuns.get(f.label)!.push(r);
      }
    }
    if (failed) {
      console.log(`${runtime.label} | FAILED: ${failed}`);
      continue;
    }
    const floor = medianBy(empty, (r) => r.ms).ms;
    const processFloor = median(bare)!;
    for (const [name] of lambdas) {
      const cold = medianBy(runs.get(name)!, (r) => r.ms);
      const net = cold.resources.filter((r) => NETWORK.test(r));
      console.log(
        `${name} | ${runtime.label} | ${ms2(cold.ms)} | ${ms2(floor)} | ${(cold.ms / floor).toFixed(1)} | ${cold.modules} | ${ms2(cold.processMs)} | ${ms2(processFloor)} | ` +
          `${cold.resources.length ? cold.resources.join(", ") : "none"}: ${net.length ? `NETWORK WORK AT IMPORT (${net.join(", ")})` : "no network handle (PipeWrap is the stdout pipe)"}`,
      );
      if (cold.handler !== "function") console.log(`${name} on ${runtime.label}: the bundle exports no handler function (got ${cold.handler})`);
      verdicts.push(`${name} cold require on ${runtime.label} ${ms2(cold.ms)}, floor ${ms2(floor)} (target < ${INIT_TARGET_MS} ms): ${verdict(cold.ms < INIT_TARGET_MS)}`);
    }
    for (const f of lazyFiles) {
      const cold = medianBy(lazyRuns.get(f.label)!, (r) => r.ms);
      console.log(`${f.label} | ${runtime.label} | ${ms2(cold.ms)} | ${ms2(floor)} | ${(cold.ms / floor).toFixed(1)} | ${cold.modules} | ${ms2(cold.processMs)} | ${ms2(processFloor)} | information, no verdict`);
    }
    if (sdk.length) {
      const was = medianBy(sdk, (r) => r.ms);
      console.log(`for comparison, what the ingress loaded at cold start before (require of @aws-sdk/client-sqs and client-secrets-manager alone, now a dev dependency) | ${runtime.label} | ${ms2(was.ms)} | ${ms2(floor)} | ${(was.ms / floor).toFixed(1)} | ${was.modules} | ${ms2(was.processMs)} | ${ms2(processFloor)} |`);
    }
  }
  for (const line of verdicts) console.log(line);
}

// ---------------------------------------------------------------- cold first invocation

/** Runs in a fresh `node`: require(bundle) and its first handler call, timed together and apart. */
const FIRST_SCRIPT = `
const [file, eventJson] = process.argv.slice(1);
const event = JSON.parse(eventJson);
const t0 = process.hrtime.bigint();
const mod = require(file);
const t1 = process.hrtime.bigint();
mod.handler(event).then((res) => {
  const t2 = process.hrtime.bigint();
  process.stdout.write("BENCH " + JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, invokeMs: Number(t2 - t1) / 1e6, totalMs: Number(t2 - t0) / 1e6, status: res.statusCode }) + "\\n");
  process.exit(0);
}, (e) => { process.stdout.write("ERROR " + String(e && e.message) + "\\n"); process.exit(3); });
`;

interface FirstRun {
  requireMs: number;
  invokeMs: number;
  totalMs: number;
  status: number;
}

/** Asynchronous: the local servers answering the child live in this process's event loop. */
function firstRun(node: string, file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<FirstRun | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(node, ["-e", FIRST_SCRIPT, file, JSON.stringify(event)], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (code === 0 && line) return resolve(JSON.parse(line.slice("BENCH ".length)) as FirstRun);
      resolve({ error: `exit ${code}: ${(out.split("\n").find((l) => l.startsWith("ERROR ")) ?? err.trim().split("\n").slice(-1)[0] ?? "").slice(0, 300)}` });
    });
  });
}

async function firstInvocationRows(ingressFile: string, runtimesToRun: readonly Runtime[], emptyFile: string): Promise<void> {
  const sqsServer = await startSqsServer();
  const secretsServer = await startSecretsServer();
  const udp = dgram.createSocket("udp4");
  await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
  try {
    const secret = "whsec_" + randomBytes(24).toString("base64url");
    secretsServer.secrets.set("forwarder/stripe", JSON.stringify([secret]));
    const config: ForwarderConfig = { ...benchConfig(sqsServer.queueUrl("cold")), sources: { "stripe-to-crm/stripe": STRIPE_SOURCE } };
    const env = lambdaEnv({
      FORWARDER_CONFIG: JSON.stringify(config),
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsServer.endpoint,
      DD_DOGSTATSD_PORT: String(udp.address().port),
    });
    console.log(`runtime | require + first invocation (median of ${INIT_PROCESSES} processes) | of which require | of which the call (secret read, enqueue) | floor: require(empty file) | floor: node -e 0 | answers`);
    const verdicts: string[] = [];
    for (const runtime of runtimesToRun) {
      const runs: FirstRun[] = [];
      const empty: number[] = [];
      const bare: number[] = [];
      let failed: string | undefined;
      // Interleaved with the floors, as in initRows.
      for (let i = 0; i < INIT_PROCESSES && !failed; i++) {
        const event = stripeFunctionUrlEvent(secret, `evt_1Cold${String(i).padStart(18, "0")}`);
        const r = await firstRun(runtime.node, ingressFile, event, env);
        if ("error" in r) failed = r.error;
        else runs.push(r);
        const e = initRun(emptyFile, env, runtime.node);
        if (!("error" in e)) empty.push(e.ms);
        bare.push(nodeProcessMs(runtime.node, env));
      }
      if (failed) {
        console.log(`${runtime.label} | FAILED: ${failed}`);
        continue;
      }
      const mid = medianBy(runs, (r) => r.totalMs);
      console.log(`${runtime.label} | ${ms2(mid.totalMs)} | ${ms2(mid.requireMs)} | ${ms2(mid.invokeMs)} | ${ms2(median(empty)!)} | ${ms2(median(bare)!)} | ${runs.map((r) => r.status).join(", ")}`);
      const ok = runs.every((r) => r.status === 200);
      verdicts.push(`ingress require + first invocation on ${runtime.label} ${ms2(mid.totalMs)} (target < ${FIRST_INVOCATION_TARGET_MS} ms): ${verdict(ok && mid.totalMs < FIRST_INVOCATION_TARGET_MS)}${ok ? "" : " (a delivery was not answered 200)"}`);
    }
    console.log(`queued by the cold runs: ${sqsServer.messages("cold").length}; Secrets Manager calls: ${secretsServer.totalCalls()} (one per cold start)`);
    for (const line of verdicts) console.log(line);
  } finally {
    await Promise.all([sqsServer.close(), secretsServer.close(), new Promise<void>((r) => udp.close(() => r()))]);
  }
}

// ---------------------------------------------------------------- warm ingress

const STRIPE_SOURCE: ForwarderConfig["sources"][string] = {
  integration: "stripe-to-crm",
  source: "stripe",
  vendor: "stripe",
  publicUrl: "https://hooks.example.com/hooks/stripe-to-crm/stripe",
  secretId: "forwarder/stripe",
  targets: [{ system: "crm", url: "https://crm.example.com/in", timeoutMs: 3000 }],
  sloLatencyMs: 60_000,
};

const benchConfig = (queueUrl: string): ForwarderConfig => ({
  sources: { "stripe-to-crm/stripe": STRIPE_SOURCE }, queueUrl, tableName: "idempotency", maxReceives: 5, idempotencyTtlSeconds: 86_400, secretTtlSeconds: 300,
});

/** A Function URL event carrying a Stripe delivery signed now. */
function stripeFunctionUrlEvent(secret: string, id: string) {
  const body = stripeEventBody(id);
  return {
    rawPath: "/hooks/stripe-to-crm/stripe",
    rawQueryString: "",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload: body.toString("utf8"), secret, timestamp: Math.floor(Date.now() / 1000) }),
      host: "abc123.lambda-url.us-east-1.on.aws",
      "x-forwarded-for": "54.187.174.169",
    },
    body: body.toString("utf8"),
    isBase64Encoded: false,
    requestContext: { http: { method: "POST" } },
  };
}

/** The bundle's own AWS clients, pointed at a local server, one attempt (a failure shows as a non-200). */
const local = (endpoint: string): AwsClientOptions => ({ endpoint, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });

async function warmRows(ingressBundle: string): Promise<void> {
  const ingress = require(ingressBundle) as typeof IngressModule;
  const sqsServer: SqsServer = await startSqsServer();
  const secretsServer: SecretsServer = await startSecretsServer();
  const udp = dgram.createSocket("udp4");
  let datagrams = 0;
  udp.on("message", () => datagrams++);
  await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));

  const sqs = ingress.createSqsClient(local(sqsServer.endpoint));
  const sm = ingress.createSecretsManagerClient(local(secretsServer.endpoint));
  const secret = "whsec_" + randomBytes(24).toString("base64url");
  secretsServer.secrets.set("forwarder/stripe", JSON.stringify([secret]));
  const emitter = createEmitter({ host: "127.0.0.1", port: udp.address().port, onWarning: () => {} });

  // Per-call timing of the REAL client's sendMessage (no behaviour change): the handler awaits exactly one per delivery.
  let enqueueMs = 0;
  const timedSqs: Pick<SqsClient, "sendMessage"> = {
    sendMessage: async (input, signal) => {
      const t0 = nowMs();
      try {
        return await sqs.sendMessage(input, signal);
      } finally {
        enqueueMs += nowMs() - t0;
      }
    },
  };

  const queueUrl = sqsServer.queueUrl("ingress");
  const config = benchConfig(queueUrl);
  // The Lambda's stdoutSink serializes each entry and writes it; here it is serialized and dropped (no write syscall).
  let logBytes = 0;
  const handler = ingress.createIngressHandler({
    config,
    sqs: timedSqs,
    secrets: ingress.createSecretSource({ client: sm, ttlSeconds: config.secretTtlSeconds }),
    metrics: emitter,
    now: Date.now,
    log: (entry) => void (logBytes += JSON.stringify(entry).length + 1),
  });

  const total = WARM_WARMUP + WARM_REQUESTS;
  const events = Array.from({ length: total }, (_, i) => stripeFunctionUrlEvent(secret, `evt_1Bench${String(i).padStart(14, "0")}`));

  const handlerMs: number[] = [];
  const ownMs: number[] = [];
  const sendMs: number[] = [];
  let failures = 0;
  for (let i = 0; i < total; i++) {
    enqueueMs = 0;
    const t0 = nowMs();
    const res = await handler(events[i]!);
    const dt = nowMs() - t0;
    if (res.statusCode !== 200) failures++;
    if (i < WARM_WARMUP) continue;
    handlerMs.push(dt);
    sendMs.push(enqueueMs);
    ownMs.push(dt - enqueueMs);
  }
  const queued = sqsServer.messages("ingress").length;

  // The enqueue alone: a bare SendMessage with the same client and a message of the same size.
  const sample = sqsServer.messages("ingress")[0]?.body ?? "x";
  const bareMs: number[] = [];
  for (let i = 0; i < WARM_WARMUP + WARM_REQUESTS; i++) {
    const t0 = nowMs();
    await sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: sample });
    if (i >= WARM_WARMUP) bareMs.push(nowMs() - t0);
  }

  await emitter.close();
  await Promise.all([sqsServer.close(), secretsServer.close(), new Promise<void>((r) => udp.close(() => r()))]);

  const bodyBytes = Buffer.byteLength(events[0]!.body);
  const s = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [own, end, send, bare] = [s(ownMs), s(handlerMs), s(sendMs), s(bareMs)];
  console.log(
    `${WARM_REQUESTS} valid Stripe deliveries of ${kb(bodyBytes)} after ${WARM_WARMUP} warm-up, sequential; ${failures} non-200; ${queued} messages queued (expected ${total}); ` +
      `${datagrams} DogStatsD datagrams; ${(logBytes / total).toFixed(0)} log bytes per request`,
  );
  console.log("figure | p50 | p99 | max");
  const row = (label: string, xs: number[]) => console.log(`${label} | ${ms2(quantile(xs, 0.5)!)} | ${ms2(quantile(xs, 0.99)!)} | ${ms2(xs[xs.length - 1]!)}`);
  row("handler end to end (local SQS)", end);
  row("  of which SendMessage (timed around the real client's sendMessage)", send);
  row("  handler's own work = end to end - that request's SendMessage", own);
  row("bare SendMessage, same client, same message size (reference)", bare);
  const p50 = quantile(own, 0.5)!;
  const p99 = quantile(own, 0.99)!;
  console.log(`ingress own work p50 ${ms2(p50)} (target < ${WARM_P50_TARGET_MS} ms): ${verdict(p50 < WARM_P50_TARGET_MS && failures === 0)}`);
  console.log(`ingress own work p99 ${ms2(p99)} (target < ${WARM_P99_TARGET_MS} ms): ${verdict(p99 < WARM_P99_TARGET_MS && failures === 0)}`);
}

// ---------------------------------------------------------------- verification throughput

interface Variant {
  readonly label: string;
  readonly run: () => boolean;
}

function throughput(variants: readonly Variant[]): Map<string, number> {
  for (const v of variants) {
    if (!v.run()) throw new Error(`${v.label} rejected the benchmark payload`);
    for (let i = 0; i < VERIFY_WARMUP; i++) v.run();
  }
  const rates = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  // Batches interleaved across variants, so drift in the machine's speed hits all of them alike.
  for (let b = 0; b < VERIFY_BATCHES; b++) {
    for (const v of variants) {
      let ok = 0;
      const t0 = nowMs();
      for (let i = 0; i < VERIFY_BATCH; i++) if (v.run()) ok++;
      const dt = nowMs() - t0;
      if (ok !== VERIFY_BATCH) throw new Error(`${v.label}: ${VERIFY_BATCH - ok} rejections`);
      rates.get(v.label)!.push(VERIFY_BATCH / (dt / 1000));
    }
  }
  return new Map([...rates].map(([k, xs]) => [k, median(xs)]));
}

function verifyRows(): void {
  const body = stripeEventBody("evt_1BenchVerify0000000000");
  const payload = body.toString("utf8");
  const url = "https://hooks.example.com/hooks/x";

  // Stripe: the header signed by stripe's own test signer; both sides get the raw Buffer.
  const stripeSecret = "whsec_" + randomBytes(24).toString("base64url");
  const stripeHeader = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripeSecret });
  const stripeReq: WebhookRequest = { method: "POST", url, headers: { "content-type": "application/json", "stripe-signature": stripeHeader }, body };
  const stripeOpts = { secrets: [stripeSecret], now: Date.now };

  // Standard Webhooks: signed by the reference library; its Webhook object is built once, as its docs show.
  const swSecret = "whsec_" + randomBytes(24).toString("base64");
  const wh = new Webhook(swSecret);
  const msgId = "msg_2bench0000000000000000000";
  const ts = new Date();
  const swHeaders = { "content-type": "application/json", "webhook-id": msgId, "webhook-timestamp": String(Math.floor(ts.getTime() / 1000)), "webhook-signature": wh.sign(msgId, ts, payload) };
  const swReq: WebhookRequest = { method: "POST", url, headers: swHeaders, body };
  const swOpts = { secrets: [swSecret], now: Date.now };

  const ok = (fn: () => unknown) => () => {
    try {
      fn();
      return true;
    } catch {
      return false;
    }
  };
  const variants: Variant[] = [
    { label: "ours stripe.ts verify (HMAC + JSON.parse for the event id)", run: () => ourStripe.verify(stripeReq, stripeOpts).ok },
    { label: "stripe Stripe.webhooks.constructEvent (HMAC + JSON.parse)", run: ok(() => Stripe.webhooks.constructEvent(body, stripeHeader, stripeSecret)) },
    { label: "stripe Stripe.webhooks.signature.verifyHeader (HMAC only)", run: ok(() => Stripe.webhooks.signature!.verifyHeader(body, stripeHeader, stripeSecret)) },
    { label: "ours standardWebhooks.ts verify (HMAC, no parse)", run: () => ourStandard.verify(swReq, swOpts).ok },
    { label: "standardwebhooks Webhook.verify (HMAC + JSON.parse, default)", run: ok(() => wh.verify(body, swHeaders)) },
    { label: "standardwebhooks Webhook.verify {jsonParse:false} (HMAC only)", run: ok(() => wh.verify(body, swHeaders, { jsonParse: false })) },
  ];
  const rates = throughput(variants);
  const r = (i: number) => rates.get(variants[i]!.label)!;
  console.log(`verifier | ops/s (median of ${VERIFY_BATCHES} batches of ${VERIFY_BATCH}, ${kb(body.length)} body)`);
  for (const v of variants) console.log(`${v.label} | ${Math.round(rates.get(v.label)!).toLocaleString("en-US")}`);
  const ratio = (label: string, ours: number, theirs: number, judged = true) => {
    const x = ours / theirs;
    console.log(`${label}: ${x.toFixed(2)}${judged ? ` (target >= 1.00): ${verdict(x >= 1)}` : " (information: not like for like, no verdict)"}`);
  };
  ratio("stripe: ours / constructEvent (both parse the JSON)", r(0), r(1));
  ratio("stripe: ours / signature.verifyHeader (theirs does not parse, ours does)", r(0), r(2), false);
  ratio("standard webhooks: ours / Webhook.verify default (theirs parses, ours does not)", r(3), r(4));
  ratio("standard webhooks: ours / Webhook.verify {jsonParse:false} (neither parses)", r(3), r(5));
}

// ----------------------------------------------------------------

export async function benchForwarder(): Promise<void> {
  console.log(`## forwarder (load average before: ${loadavg()[0]!.toFixed(2)})`);
  const started = nowMs();
  // Away from the repository: nothing a bundle requires can come from a node_modules folder.
  const tmp = mkdtempSync(join(tmpdir(), "bench-forwarder-"));
  const outDir = join(tmp, "dist");
  const emptyFile = join(tmp, "empty.js");
  writeFileSync(emptyFile, "");
  // The clients the SDK-based ingress loaded at cold start, from the repository's node_modules.
  const sdkFile = join(tmp, "sdk-clients.js");
  writeFileSync(sdkFile, ["@aws-sdk/client-sqs", "@aws-sdk/client-secrets-manager"].map((m) => `require(${JSON.stringify(require.resolve(m))});`).join("\n"));
  try {
    let built: BundleResult;
    try {
      built = await bundleForwarder(outDir);
    } catch (err) {
      console.log(`forwarder bundle FAILED: ${describeBuildError(err).split("\n")[0]} (every forwarder figure below is missing)`);
      return;
    }
    console.log("## forwarder: bundle size (esbuild, node20, cjs, minified)");
    sizeRows(built);
    const runtimesToRun = runtimes();
    console.log("## forwarder: cold module init (fresh `node` per run, this machine's Node and Node 24; floors beside, measured in the same rounds)");
    initRows(built, runtimesToRun, emptyFile, sdkFile, "https://sqs.us-east-1.amazonaws.com/000000000000/ingress");
    console.log("## forwarder: cold start's own part, require + first ingress invocation (fresh `node`, local SQS and Secrets Manager)");
    await firstInvocationRows(built.lambdas.ingress.file, runtimesToRun, emptyFile);
    console.log("## forwarder: warm ingress overhead (bundled handler and AWS clients against local servers)");
    await warmRows(built.lambdas.ingress.file);
    console.log("## forwarder: verification throughput, same payload and secret for both sides");
    verifyRows();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`forwarder section: ${((nowMs() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) void benchForwarder();
