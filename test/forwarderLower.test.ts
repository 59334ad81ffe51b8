/**
 * The shared webhook forwarder as lowered from the sample inventory: least privilege, the
 * queue limits the issue names, one secret per source from Pulumi secret config, the config
 * file the Lambdas read, and monitors that link to the forwarder's runbook.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_MESSAGE_BYTES } from "../forwarder/config";
import { CONFIG_FILE } from "../forwarder/configSource";
import { AWS, forwarderSecretKeys, forwarderSpecs } from "../compiler/lower/forwarder";
import { coveringHeartbeat } from "../compiler/lower/forwarderMonitors";
import { METRIC_TAG_CONFIGURATION, metricTagConfigSpecs, sloCountedMetrics } from "../compiler/lower/forwarderMetricConfigs";
import { physicalNames } from "../compiler/lower/forwarderNames";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { MONITOR } from "../compiler/lower/monitors";
import { names } from "../compiler/lower/names";
import { pages } from "../compiler/lower/notify";
import { lambdaRuntime, settingsFromConfig } from "../compiler/lower/settings";
import { configSecretKeys, type ArchiveValue, type ResourceSpec } from "../compiler/lower/spec";
import { hasCredentials, targetConfigKeys } from "../compiler/targetCredentials";
import { parseRunbook } from "../compiler/load/runbook";
import { planJson, plannedResources } from "../compiler/plan/plannedResource";
import { assertBundlesBuilt } from "../components/bundles";
import { REPO } from "./support/runCli";
import { memo } from "./support/memo";
import { sharedSample } from "./support/sampleState";

const inputs = (s: ResourceSpec) => s.inputs as Record<string, any>;

describe("webhook forwarder (lowered)", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const inventory = sharedSample.inventory;
  const settings = sharedSample.settings;
  const state = sharedSample.state;
  const aws = memo(() => physicalNames(settings().environment));
  const spec = (name: string) => {
    const found = state().resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
  };
  const sources = memo(() => inventory().integrations.flatMap((i) => i.webhooks.map((h) => ({ integration: i, hook: h }))));

  it("is one component holding every forwarder resource", () => {
    const forwarder = state().resources.filter((r) => r.type.startsWith("aws:") || r.name.startsWith(`${names.forwarderComponent}--`));
    assert.ok(forwarder.length > 20);
    for (const r of forwarder) assert.equal(r.parent, names.forwarderComponent, r.name);
  });

  it("grants each function only named actions on its own resources", () => {
    const policy = (kind: string) => JSON.parse(inputs(spec(names.forwarder(`${kind}-policy`))).policy).Statement as { Action: string[]; Resource: string }[];
    for (const kind of ["ingress", "consumer"]) {
      for (const st of policy(kind)) {
        for (const action of st.Action) assert.match(action, /^[a-z0-9]+:[A-Za-z]+$/, `${kind}: ${action} is a named action, no wildcard`);
        assert.ok(st.Resource !== "*", `${kind}: ${st.Action} is scoped to a resource`);
      }
      const logs = policy(kind).find((st) => st.Action.includes("logs:PutLogEvents"))!;
      assert.equal(logs.Resource, `\${ref:${names.forwarder(`${kind}-logs`)}:arn}:*`, `${kind} writes only its own log group`);
      assert.equal(inputs(spec(names.forwarder(`${kind}-policy`))).role, `\${ref:${names.forwarder(`${kind}-role`)}:id}`);
    }
    const actions = (kind: string) => policy(kind).flatMap((st) => st.Action).sort();
    assert.deepEqual(actions("ingress"), ["logs:CreateLogStream", "logs:PutLogEvents", "s3:PutObject", "secretsmanager:GetSecretValue", "sqs:SendMessage"]);
    assert.ok(!actions("consumer").includes("sqs:SendMessage"), "the consumer never enqueues");
    const secretsOfIngress = policy("ingress").find((st) => st.Action.includes("secretsmanager:GetSecretValue"))!.Resource;
    assert.match(secretsOfIngress, new RegExp(`:secret:${aws().secretPrefix.replace(/\//g, "\\/")}\\*$`), "only the forwarder's own secrets");
    assert.ok(secretsOfIngress.startsWith("arn:${ref:aws-partition:partition}:secretsmanager:"), "ARNs take the provider's partition (aws, aws-cn, aws-us-gov)");
    const secretsOfConsumer = policy("consumer").find((st) => st.Action.includes("secretsmanager:GetSecretValue"))!.Resource;
    assert.equal(secretsOfConsumer, `\${ref:${names.forwarder("datadog-api-key")}:arn}`, "the consumer reads only the Datadog key");
  });

  it("sizes the queue for 1 MiB deliveries, with a dead-letter queue and visibility at least six consumer timeouts", () => {
    const queue = inputs(spec(names.forwarder("queue")));
    const dlq = inputs(spec(names.forwarder("dlq")));
    const consumer = inputs(spec(names.forwarder("consumer")));
    assert.equal(queue.maxMessageSize, 1024 * 1024);
    assert.equal(dlq.maxMessageSize, MAX_MESSAGE_BYTES, "a dead letter is the full original request");
    assert.ok(queue.visibilityTimeoutSeconds >= 6 * consumer.timeout);
    const redrive = JSON.parse(queue.redrivePolicy);
    assert.equal(redrive.deadLetterTargetArn, `\${ref:${names.forwarder("dlq")}:arn}`);
    assert.ok(redrive.maxReceiveCount >= 3);
    assert.equal(dlq.messageRetentionSeconds, 14 * 86400);
    const trigger = inputs(spec(names.forwarder("consumer-trigger")));
    assert.deepEqual(trigger.functionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(trigger.eventSourceArn, `\${ref:${names.forwarder("queue")}:arn}`);
  });

  it("remembers delivery ids in a table that expires them by TTL", () => {
    const table = inputs(spec(names.forwarder("deliveries")));
    assert.equal(table.hashKey, "deliveryKey");
    assert.deepEqual(table.ttl, { attributeName: "expiresAt", enabled: true });
    assert.equal(table.billingMode, "PAY_PER_REQUEST");
  });

  it("gives each function its own log group with retention, and ingress reserved concurrency", () => {
    for (const kind of ["ingress", "consumer"]) {
      const fn = inputs(spec(names.forwarder(kind)));
      const logs = inputs(spec(names.forwarder(`${kind}-logs`)));
      assert.equal(logs.name, `/aws/lambda/${fn.name}`);
      assert.ok(logs.retentionInDays > 0);
      assert.equal(fn.loggingConfig.logGroup, `\${ref:${names.forwarder(`${kind}-logs`)}:name}`);
      assert.equal(fn.role, `\${ref:${names.forwarder(`${kind}-role`)}:arn}`);
      assert.deepEqual(fn.layers, [`arn:\${ref:aws-partition:partition}:lambda:\${ref:aws-region:region}:464622532012:layer:Datadog-Extension:${settings().forwarder.datadogExtensionVersion}`], "metrics go through the Datadog extension of the stack's region");
      assert.deepEqual(spec(names.forwarder(kind)).dependsOn, [names.forwarder(`${kind}-policy`)], "its permissions exist before it runs");
      assert.equal(fn.environment.variables.DD_API_KEY_SECRET_ARN, `\${ref:${names.forwarder("datadog-api-key-value")}:arn}`, "starts once the key has a value");
    }
    assert.equal(inputs(spec(names.forwarder("ingress"))).reservedConcurrentExecutions, settings().forwarder.ingressConcurrency);
    assert.equal(inputs(spec(names.forwarder("ingress-url"))).authorizationType, "NONE");
  });

  it("ships both bundles with the config file the Lambdas read: every source, its targets and SLO latency", () => {
    for (const kind of ["ingress", "consumer"]) {
      const code = inputs(spec(names.forwarder(kind))).code as ArchiveValue;
      assert.deepEqual(code.$archive["index.js"], { path: `${settings().forwarder.bundleDir}/${kind}/index.js` });
      const file = code.$archive[CONFIG_FILE] as { text: string };
      const config = JSON.parse(file.text);
      assert.deepEqual(Object.keys(config.sources).sort(), sources().map((s) => `${s.integration.id}/${s.hook.id}`).sort());
      for (const { integration, hook } of sources()) {
        const source = config.sources[`${integration.id}/${hook.id}`];
        assert.equal(source.vendor, hook.vendor);
        assert.equal(source.secretId, `${aws().secretPrefix}${integration.id}/${hook.id}`);
        assert.deepEqual(source.targets.map((t: { url: string }) => t.url), hook.forwardTo.map((t) => t.url));
      }
      assert.equal(config.tableName, inputs(spec(names.forwarder("deliveries"))).name);
    }
    const config = JSON.parse(((inputs(spec(names.forwarder("ingress"))).code as ArchiveValue).$archive[CONFIG_FILE] as { text: string }).text);
    assert.equal(config.sources["web-lead-form-to-crm/hubspot-contact-events"].sloLatencyMs, 5 * 60_000);
    assert.equal(config.sources["server-side-conversions-to-ads/segment-conversion-events"].sloLatencyMs, 3_600_000);
    assert.deepEqual(config.sources["web-lead-form-to-crm/webflow-form-submissions"].genericHmac, { header: "X-Webflow-Signature", encoding: "hex" });
  });

  it("keeps one secret per source, valued from its Pulumi secret config key, never in the plan", () => {
    for (const { integration, hook } of sources()) {
      const secret = inputs(spec(names.webhookSecret(integration.id, hook.id)));
      assert.equal(secret.name, `${aws().secretPrefix}${integration.id}/${hook.id}`);
      assert.equal(secret.recoveryWindowInDays, 0, "a removed source can be added back at once");
      const version = spec(names.webhookSecretValue(integration.id, hook.id));
      assert.deepEqual(version.secretInputs, ["secretString"]);
      assert.equal(inputs(version).secretString.$configSecret, hook.secretConfigKey);
      assert.equal(inputs(version).secretString.publicUrl, `\${ref:${names.forwarder("ingress-url")}:functionUrl}hooks/${integration.id}/${hook.id}`);
    }
    // Targets' credentials are read from config keys too (test/forwarder/destinations.lowering.test.ts).
    const targetKeys = sources().flatMap((s) => targetConfigKeys(s.hook));
    assert.deepEqual(configSecretKeys(state()), [...new Set(["datadog:apiKey", ...sources().map((s) => s.hook.secretConfigKey), ...targetKeys])].sort());
    assert.deepEqual(forwarderSecretKeys(inventory()), configSecretKeys(state()), "what the mock engine is given without lowering");
    const json = planJson(plannedResources(state()));
    const withCredentials = sources().flatMap((s) => s.hook.forwardTo.filter(hasCredentials)).length;
    assert.equal((json.match(/"secretString": "\[secret\]"/g) ?? []).length, sources().length + 1 + withCredentials);
    assert.ok(!json.includes("$configSecret"));
  });

  it("monitors the forwarder, each monitor linking to a heading of the forwarder's runbook", () => {
    const runbook = parseRunbook("webhook-forwarder.md", readFileSync(join(REPO, "runbooks", "webhook-forwarder.md"), "utf8"));
    const anchors = new Set(runbook.headings.map((h) => h.anchor));
    const monitors = state().resources.filter((r) => r.type === MONITOR && r.parent === names.forwarderComponent);
    const queries = monitors.map((m) => String(inputs(m).query));
    assert.ok(queries.some((q) => q.includes("aws.lambda.errors")));
    assert.ok(queries.some((q) => q.includes("aws.lambda.throttles")));
    assert.ok(queries.some((q) => q.includes(`queuename:${aws().dlq}} > 0`)), "dead-letter depth above zero");
    for (const m of monitors) {
      const url = /^Runbook: (\S+)$/m.exec(String(inputs(m).message))?.[1];
      assert.ok(url?.startsWith(`${settings().runbookBaseUrl}/webhook-forwarder.md#`), `${m.name}: ${url}`);
      assert.ok(anchors.has(url!.split("#")[1]!), `${m.name} links to a heading that exists: ${url}`);
    }
  });

  it("alerts when a source with a heartbeat goes silent, paging through the integration's own service, unless a failure mode already does", () => {
    for (const { integration, hook } of sources()) {
      const silence = state().resources.find((r) => r.name === names.webhookSilence(integration.id, hook.id));
      const covered = hook.heartbeatMinutes !== undefined && coveringHeartbeat(integration, hook.id, hook.heartbeatMinutes, pages(integration)) !== undefined;
      assert.equal(silence !== undefined, hook.heartbeatMinutes !== undefined && !covered, `${integration.id}/${hook.id}`);
      if (!silence) continue;
      assert.match(inputs(silence).query, new RegExp(`martech\\.forwarder\\.received\\{integration:${integration.id},source:${hook.id},env:prod\\}.*< 1$`));
      assert.equal(inputs(silence).noDataTimeframe, hook.heartbeatMinutes);
      assert.ok(String(inputs(silence).message).includes(`@pagerduty-${integration.id}`));
      spec(names.datadogServiceObject(integration.id));
    }
  });

  it("creates nothing for an inventory without webhooks", () => {
    const none = { ...inventory(), integrations: inventory().integrations.map((i) => ({ ...i, webhooks: [] })) };
    assert.deepEqual(forwarderSpecs(none, settings()), []);
    const lowered = lowerInventory(none, settings());
    assert.ok(!lowered.resources.some((r) => r.type.startsWith("aws:")));
    assert.ok(!lowered.invokes.some((i) => i.token.startsWith("aws:")));
  });

  it("takes a configured extension layer and Lambda runtime, and refuses ones it cannot run", () => {
    const config = (extra: Record<string, string>) => (key: string) => ({ runbookBaseUrl: settings().runbookBaseUrl, ...extra })[key];
    const layer = "arn:aws:lambda:eu-west-1:123456789012:layer:Datadog-Extension-Mirror:12";
    const specs = forwarderSpecs(inventory(), settingsFromConfig(config({ datadogExtensionLayerArn: layer })));
    assert.deepEqual(inputs(specs.find((r) => r.name === names.forwarder("ingress"))!).layers, [layer]);
    assert.throws(() => settingsFromConfig(config({ datadogExtensionLayerArn: "Datadog-Extension:67" })), /datadogExtensionLayerArn must be a versioned Lambda layer ARN/);
    assert.throws(() => settingsFromConfig(config({ forwarderIngressConcurrency: "0" })), /forwarderIngressConcurrency must be a whole number from 1 to 1000/);
    assert.equal(inputs(forwarderSpecs(inventory(), settingsFromConfig(config({ forwarderLambdaRuntime: "nodejs22.x" }))).find((r) => r.name === names.forwarder("consumer"))!).runtime, "nodejs22.x");
    for (const old of ["nodejs18.x", "nodejs20.x"]) {
      assert.throws(() => settingsFromConfig(config({ forwarderLambdaRuntime: old })), new RegExp(`forwarderLambdaRuntime is ${old.replace(".", "\\.")}, a runtime AWS Lambda has deprecated .*set forwarderLambdaRuntime to nodejs24\\.x`));
    }
    assert.throws(() => settingsFromConfig(config({ forwarderLambdaRuntime: "python3.13" })), /must be a Node.js Lambda runtime such as nodejs24\.x, but is "python3\.13"/);
    assert.equal(settingsFromConfig(config({})).forwarder.lambdaRuntime, "nodejs24.x");
    // The base URL is copied into every monitor message: no credentials, no "@" that would read as a handle.
    for (const bad of ["https://bot:token@github.com/acme/r/blob/main/runbooks", "https://github.com/acme/r?token=x", "http://github.com/acme/r", "https://github.com/a b"]) {
      assert.throws(() => settingsFromConfig(config({ runbookBaseUrl: bad })), /config runbookBaseUrl must be the https:\/\/ address runbooks are browsed at/, bad);
    }
    // A supported runtime is refused from the day AWS deprecates it; a newer one than the table knows passes.
    assert.equal(lambdaRuntime("nodejs22.x", "2027-04-29"), "nodejs22.x");
    assert.throws(() => lambdaRuntime("nodejs22.x", "2027-04-30"), /nodejs22\.x, which AWS Lambda deprecated on 2027-04-30; set forwarderLambdaRuntime to nodejs24\.x/);
    assert.equal(lambdaRuntime("nodejs26.x", "2030-01-01"), "nodejs26.x");
    // Lambda offers only the even-numbered (LTS) Node.js releases: an odd one would fail at CreateFunction.
    for (const odd of ["nodejs23.x", "nodejs25.x"]) {
      assert.throws(() => lambdaRuntime(odd, "2026-01-01"), new RegExp(`${odd.replace(".", "\\.")}, which AWS Lambda does not offer: it has runtimes for the even-numbered \\(LTS\\) Node\\.js releases only`));
    }
  });

  it("configures percentiles and the emitted tags on each distribution an SLO counts, once forwarderPercentiles says Datadog has them", () => {
    const config = (extra: Record<string, string>) => (key: string) => ({ runbookBaseUrl: settings().runbookBaseUrl, ...extra })[key];
    const tagConfigs = (s: readonly ResourceSpec[]) => s.filter((r) => r.type === METRIC_TAG_CONFIGURATION);
    // Off by default: Datadog refuses a tag configuration for a metric it has not received, so a new stack's first deployment creates none.
    assert.equal(settingsFromConfig(config({})).forwarder.percentiles, false);
    assert.deepEqual(tagConfigs(forwarderSpecs(inventory(), settingsFromConfig(config({})))), []);
    // So does the prod stack's file, until the forwarder has delivered (Pulumi.prod.yaml says when to turn it on).
    assert.equal(settings().forwarder.percentiles, false);
    assert.deepEqual(tagConfigs(state().resources), []);
    assert.throws(() => settingsFromConfig(config({ forwarderPercentiles: "yes" })), /config forwarderPercentiles must be true or false, but is "yes"/);

    const on = forwarderSpecs(inventory(), settingsFromConfig(config({ forwarderPercentiles: "true" })));
    // The sample's SLOs all divide martech.forwarder.settled by itself.
    assert.deepEqual(sloCountedMetrics(inventory()), ["settled"]);
    assert.deepEqual(tagConfigs(on).map((r) => ({ name: r.name, parent: r.parent, inputs: r.inputs })), [
      {
        name: names.forwarder("metric-tags-settled"),
        parent: names.forwarderComponent,
        inputs: {
          metricName: "martech.forwarder.settled",
          metricType: "distribution",
          includePercentiles: true,
          tags: ["integration", "source", "destination", "synthetic", "outcome", "within_slo", "reason", "error_code", "env"],
          excludeTagsMode: false,
        },
      },
    ]);
    // An SLO on ingress metrics (enqueued over received) configures both; monitors alone configure nothing.
    const ingressSlo = {
      ...inventory(),
      integrations: inventory().integrations.map((i, n) => (n !== 0 ? i : { ...i, slos: [{ ...i.slos[0]!, sli: { good: "count:martech.forwarder.enqueued{integration:x}", total: "count:martech.forwarder.received{integration:x}" } }] })),
    };
    assert.deepEqual(sloCountedMetrics(ingressSlo), ["received", "enqueued", "settled"]);
    assert.deepEqual(metricTagConfigSpecs(ingressSlo, settingsFromConfig(config({ forwarderPercentiles: "true" }))).map((r) => inputs(r).tags), [
      ["integration", "source", "synthetic", "env"], ["integration", "source", "synthetic", "env"], ["integration", "source", "destination", "synthetic", "outcome", "within_slo", "reason", "error_code", "env"],
    ]);
    const noSlos = { ...inventory(), integrations: inventory().integrations.map((i) => ({ ...i, slos: [] })) };
    assert.deepEqual(metricTagConfigSpecs(noSlos, settingsFromConfig(config({ forwarderPercentiles: "true" }))), []);
  });

  it("refuses a forwarder team that is not in the inventory, naming the teams there are", () => {
    const config = (key: string) => ({ runbookBaseUrl: settings().runbookBaseUrl, forwarderTeam: "growth" })[key as "runbookBaseUrl"];
    assert.throws(() => forwarderSpecs(inventory(), settingsFromConfig(config)), /forwarderTeam names team "growth".*growth-engineering/);
  });

  it("has a type token for every AWS resource it creates", () => {
    const tokens = new Set<string>(Object.values(AWS));
    for (const r of state().resources.filter((r) => r.type.startsWith("aws:"))) assert.ok(tokens.has(r.type), r.type);
  });

  it("refuses a real deployment whose bundles are not built, naming the command", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundles-"));
    const built = lowerInventory(inventory(), settingsFromConfig((k) => ({ runbookBaseUrl: settings().runbookBaseUrl, forwarderBundleDir: dir })[k]));
    assert.throws(() => assertBundlesBuilt(built), new RegExp(`the webhook forwarder is not built \\(${dir}/ingress/index\\.js, .*missing\\): run \`npm run build:forwarder\` before pulumi preview or up`));
    for (const kind of ["ingress", "consumer"]) {
      mkdirSync(join(dir, kind));
      for (const file of ["index.js", "index.js.map"]) writeFileSync(join(dir, kind, file), "");
    }
    // The consumer's archive also holds the JSONata runner it requires at its first transform.
    assert.throws(() => assertBundlesBuilt(built), new RegExp(`\\(${dir}/consumer/transform\\.js, ${dir}/consumer/transform\\.js\\.map missing\\)`));
    for (const file of ["transform.js", "transform.js.map"]) writeFileSync(join(dir, "consumer", file), "");
    assert.doesNotThrow(() => assertBundlesBuilt(built));
  });
});
