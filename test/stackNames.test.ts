/**
 * compiler/stackNames.ts is what `check` holds the inventory and runbooks to; these tests keep it
 * equal to what the program really creates and reads (Pulumi.yaml, the stack files, the forwarder's
 * physical names), so the list cannot drift from the stack.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { webhookUrls } from "../compiler/lower/forwarder";
import { physicalNames } from "../compiler/lower/forwarderNames";
import {
  awsResourceNames, claimOf, hookPaths, matchesName, PROJECT_CONFIG_KEYS, PROJECT_NAME, PROVIDER_NAMESPACES, projectConfigKeys, secretNames, STACK_ENVIRONMENTS,
} from "../compiler/stackNames";
import { webhookSource } from "../compiler/validate/stackNameProblems";
import { sampleInventory, sampleSettings, sampleState } from "./support/sampleState";

const REPO = join(__dirname, "..");
const project = parse(readFileSync(join(REPO, "Pulumi.yaml"), "utf8")) as { name: string; config: Record<string, { default?: unknown }> };
const stackFiles = readdirSync(REPO).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));

describe("stack names", () => {
  it("lists exactly Pulumi.yaml's config keys and project name", () => {
    assert.deepEqual([...PROJECT_CONFIG_KEYS].sort(), Object.keys(project.config).sort());
    assert.equal(PROJECT_NAME, project.name);
  });

  it("lists exactly the environments of the Pulumi.<stack>.yaml files (Pulumi.yaml's default where a stack sets none)", () => {
    assert.ok(stackFiles.length > 0, "the repository has stack files");
    const environments = stackFiles.map((f) => {
      const config = (parse(readFileSync(join(REPO, f), "utf8")) as { config?: Record<string, unknown> }).config ?? {};
      return String(config[`${PROJECT_NAME}:environment`] ?? project.config.environment.default);
    });
    assert.deepEqual([...new Set(environments)].sort(), [...STACK_ENVIRONMENTS].sort());
  });

  it("has a provider namespace for every @pulumi provider the program depends on, and every namespace a stack file sets", () => {
    const dependencies = Object.keys((JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
    const providers = dependencies.filter((d) => /^@pulumi\/(?!pulumi$|policy$)/.test(d)).map((d) => d.slice("@pulumi/".length));
    assert.deepEqual([...PROVIDER_NAMESPACES].sort(), providers.sort());
    for (const f of stackFiles) {
      const keys = Object.keys((parse(readFileSync(join(REPO, f), "utf8")) as { config?: Record<string, unknown> }).config ?? {});
      for (const key of keys) assert.ok([PROJECT_NAME, ...PROVIDER_NAMESPACES].includes(key.split(":")[0]), `${f}: ${key}`);
    }
  });

  it("names the forwarder's resources as lower/forwarderNames.ts does", () => {
    const aws = physicalNames("prod");
    assert.deepEqual(awsResourceNames("prod"), [
      { name: aws.ingress, kind: "function" },
      { name: aws.consumer, kind: "function" },
      { name: aws.queue, kind: "queue" },
      { name: aws.dlq, kind: "queue" },
      { name: aws.table, kind: "table" },
    ]);
    const sources = [{ integration: "web-lead-form-to-crm", source: "hubspot-contact-events", secretConfigKey: "hubspotWebhookSecret" }];
    assert.deepEqual(secretNames("prod", sources), ["martech/prod/forwarder/web-lead-form-to-crm/hubspot-contact-events", "martech/prod/forwarder/datadog-api-key"]);
    assert.deepEqual(hookPaths(sources), ["/hooks/web-lead-form-to-crm/hubspot-contact-events"]);
    assert.ok(projectConfigKeys(sources).includes("hubspotWebhookSecret"));
    assert.ok(projectConfigKeys(sources).includes("forwarderIngressConcurrency"));
  });

  it("are exactly the functions, queues, table, secrets and routes the plan creates for the sample inventory", () => {
    const inventory = sampleInventory();
    const environment = sampleSettings().environment;
    const sources = inventory.integrations.flatMap((i) => i.webhooks.map((h) => webhookSource(i.id, h)));
    const planned = (type: string) => sampleState().resources.filter((r) => r.type === type).map((r) => String((r.inputs as { name?: unknown }).name)).sort();
    const named = (kind: string) => awsResourceNames(environment).filter((r) => r.kind === kind).map((r) => r.name).sort();
    assert.deepEqual(named("function"), planned("aws:lambda/function:Function"));
    assert.deepEqual(named("queue"), planned("aws:sqs/queue:Queue"));
    assert.deepEqual(named("table"), planned("aws:dynamodb/table:Table"));
    assert.deepEqual(secretNames(environment, sources).sort(), planned("aws:secretsmanager/secret:Secret"));
    const urls = Object.values(webhookUrls(inventory));
    assert.equal(urls.length, sources.length);
    // The Function URL ends with "/": each source's URL is it followed by the route without its first "/".
    for (const path of hookPaths(sources)) assert.ok(urls.some((u) => u.endsWith(`}${path.slice(1)}`)), path);
  });

  const claims: [name: string, claim: ReturnType<typeof claimOf>][] = [
    ["martech-prod-webhook-ingress", { kind: "forwarder", environment: "prod" }],
    ["martech-prod-webhooks-dlq", { kind: "forwarder", environment: "prod" }],
    ["martech-staging-webhook-consumer", { kind: "forwarder", environment: "staging" }],
    ["martech-prod-eu-webhook-ingress", { kind: "forwarder", environment: "prod-eu" }],
    ["martech-prod-webhook-*", { kind: "forwarder", environment: "prod" }],
    ["martech-forwarder-shopify-order-events", { kind: "per-source" }],
    ["martech-forwarder-", undefined],
    ["martech-shopify-poller", undefined],
    ["martech-audience-sync-klaviyo", undefined],
    ["martech-webhook-forwarder", undefined],
  ];
  for (const [name, claim] of claims) {
    it(`${name} ${claim ? `claims to be ${claim.kind === "forwarder" ? `the forwarder's in ${claim.environment}` : "a per-source resource"}` : "is not ours"}`, () => {
      assert.deepEqual(claimOf(name), claim);
    });
  }

  it("matches Datadog-style * wildcards", () => {
    assert.ok(matchesName("martech-prod-webhook-*", "martech-prod-webhook-ingress"));
    assert.ok(!matchesName("martech-prod-webhook-*", "martech-prod-webhooks"));
    assert.ok(matchesName("martech-prod-webhooks", "martech-prod-webhooks"));
    assert.ok(!matchesName("martech-prod-webhooks", "martech-prod-webhooks-dlq"));
  });
});
