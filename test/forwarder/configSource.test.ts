/**
 * Where the forwarder Lambdas get their configuration (forwarder/configSource.ts) and what each
 * entry point requires of it: FORWARDER_CONFIG, else forwarder-config.json in LAMBDA_TASK_ROOT,
 * with FORWARDER_QUEUE_URL overlaid; errors that name the problem, never the content.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StaticForwarderConfig } from "../../forwarder/config";
import { CONFIG_FILE, configDir, loadForwarderConfig } from "../../forwarder/configSource";
import { configFromEnv as ingressConfig } from "../../forwarder/ingress/index";
import { statsdFromEnv } from "../../forwarder/metrics/statsdEnv";

const STATIC: StaticForwarderConfig = {
  sources: {
    "lead-sync/hubspot-contacts": {
      integration: "lead-sync", source: "hubspot-contacts", vendor: "hubspot", secretId: "martech/test/forwarder/lead-sync/hubspot-contacts",
      targets: [{ system: "crm", url: "https://crm.example.com/in", timeoutMs: 10_000 }], sloLatencyMs: 60_000,
    },
  },
  tableName: "martech-test-webhook-deliveries",
  maxReceives: 5,
  idempotencyTtlSeconds: 4 * 86_400,
  secretTtlSeconds: 300,
};
const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/martech-test-webhooks";

/** The message of what fn throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected an error");
}

describe("forwarder config source", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fwd-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const writeConfig = (text: string, where = dir) => writeFileSync(join(where, CONFIG_FILE), text);

  it("reads forwarder-config.json from LAMBDA_TASK_ROOT and overlays FORWARDER_QUEUE_URL as queueUrl", () => {
    writeConfig(JSON.stringify(STATIC));
    assert.equal(configDir({ LAMBDA_TASK_ROOT: dir }), dir);
    assert.deepEqual(loadForwarderConfig({ LAMBDA_TASK_ROOT: dir, FORWARDER_QUEUE_URL: QUEUE_URL }), { ...STATIC, queueUrl: QUEUE_URL });
    assert.deepEqual(loadForwarderConfig({ LAMBDA_TASK_ROOT: dir }), STATIC, "no queue URL for the consumer");
    assert.deepEqual(loadForwarderConfig({ FORWARDER_QUEUE_URL: "" }, dir), STATIC, "an empty variable is unset");
  });

  it("without LAMBDA_TASK_ROOT, looks next to the running code", () => {
    assert.equal(configDir({}), join(__dirname, "..", "..", "forwarder"));
  });

  it("FORWARDER_CONFIG wins over the file (tests, serve, the benchmark); the queue URL is still overlaid", () => {
    writeConfig("{ not read }");
    const inline = { ...STATIC, queueUrl: "http://127.0.0.1:1/000000000000/q" };
    assert.deepEqual(loadForwarderConfig({ FORWARDER_CONFIG: JSON.stringify(inline), LAMBDA_TASK_ROOT: dir }), inline);
    assert.equal(loadForwarderConfig({ FORWARDER_CONFIG: JSON.stringify(inline), FORWARDER_QUEUE_URL: QUEUE_URL }).queueUrl, QUEUE_URL);
  });

  it("errors name the problem and the file, never the content", () => {
    const marker = "sk_live_" + "x".repeat(12);
    assert.match(messageOf(() => loadForwarderConfig({ LAMBDA_TASK_ROOT: dir })), new RegExp(`${CONFIG_FILE} does not exist and FORWARDER_CONFIG is not set`));
    writeConfig(`{"sources": ${marker}}`);
    const notJson = messageOf(() => loadForwarderConfig({ LAMBDA_TASK_ROOT: dir }));
    assert.equal(notJson, `${join(dir, CONFIG_FILE)} is not valid JSON`);
    writeConfig(`["${marker}"]`);
    assert.equal(messageOf(() => loadForwarderConfig({}, dir)), `${join(dir, CONFIG_FILE)} is not a JSON object`);
    assert.equal(messageOf(() => loadForwarderConfig({ FORWARDER_CONFIG: `{${marker}` })), "FORWARDER_CONFIG is not valid JSON");
    assert.equal(messageOf(() => loadForwarderConfig({ FORWARDER_CONFIG: `"${marker}"` })), "FORWARDER_CONFIG is not a JSON object");
    mkdirSync(join(dir, "sub", CONFIG_FILE), { recursive: true });
    assert.match(messageOf(() => loadForwarderConfig({}, join(dir, "sub"))), /cannot be read \(EISDIR\)/);
  });

  it("the ingress requires the queue URL; a file without FORWARDER_QUEUE_URL fails at load, naming the variable", () => {
    writeConfig(JSON.stringify(STATIC));
    assert.match(messageOf(() => ingressConfig({ LAMBDA_TASK_ROOT: dir })), /FORWARDER_QUEUE_URL/);
    assert.equal(ingressConfig({ LAMBDA_TASK_ROOT: dir, FORWARDER_QUEUE_URL: QUEUE_URL }).queueUrl, QUEUE_URL);
    writeConfig(JSON.stringify({ ...STATIC, sources: [] }));
    assert.match(messageOf(() => ingressConfig({ LAMBDA_TASK_ROOT: dir, FORWARDER_QUEUE_URL: QUEUE_URL })), /needs sources/);
  });

  it("both functions read the DogStatsD target from DD_DOGSTATSD_HOST / _PORT (DOGSTATSD_* still accepted)", () => {
    assert.deepEqual(statsdFromEnv({}), {});
    assert.deepEqual(statsdFromEnv({ DD_DOGSTATSD_HOST: "10.0.0.2", DD_DOGSTATSD_PORT: "8126" }), { host: "10.0.0.2", port: 8126 });
    assert.deepEqual(statsdFromEnv({ DOGSTATSD_HOST: "h", DOGSTATSD_PORT: "9000" }), { host: "h", port: 9000 });
    assert.deepEqual(statsdFromEnv({ DD_DOGSTATSD_PORT: "0" }), {});
    assert.deepEqual(statsdFromEnv({ DD_DOGSTATSD_PORT: "70000" }), {});
    assert.deepEqual(statsdFromEnv({ DD_DOGSTATSD_PORT: "abc" }), {});
  });
});
