/**
 * unknown-resource and runbook-stale-reference beyond their one row in rules.test.ts: what counts
 * as a name of this stack, what each kind of stale name is told, and what is left alone (other
 * teams' resources, placeholders, commands aimed at another Pulumi project). Also the two readers
 * they rest on: runbook code with positions, and `pulumi config` commands.
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { parseRunbook } from "../compiler/load/runbook";
import { configCommandsIn } from "../compiler/validate/pulumiConfigCommand";
import { listOf } from "../compiler/stackNames";
import { METRICS, queryableTags } from "../forwarder/metrics/names";
import { PROSE_RULES } from "../compiler/validate/validateInventory";
import { loadFixture, replaceOnce, validateFixture } from "./support/fixture";

const RUNBOOK = "integration-0004.md";
const EMITTED = `${listOf(Object.values(METRICS).map((m) => m.name))} (forwarder/metrics/names.ts)`;
const SETTLED_TAGS = `${listOf(queryableTags("settled"))} (forwarder/metrics/names.ts)`;
const INT1 = "inventory/integrations/integration-0001.yaml";
const DIAGNOSIS = "Diagnosis for integration-0004. Check the forwarder dashboard, then run:";

/** runbook-stale-reference diagnostics after replacing the Diagnosis section's prose line with `text`. */
function staleIn(text: string): string[] {
  const fixture = loadFixture();
  fixture.runbooks.set(RUNBOOK, replaceOnce(fixture.runbooks.get(RUNBOOK)!, DIAGNOSIS, text));
  return validateFixture(fixture)
    .diagnostics.filter((d) => d.rule === "runbook-stale-reference")
    .map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** unknown-resource diagnostics after replacing integration-0001's rate-limit query with `query`. */
function unknownIn(query: string): string[] {
  const fixture = loadFixture();
  fixture.files.set(INT1, replaceOnce(fixture.files.get(INT1)!, "query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}", `query: ${query}`));
  const result = validateFixture(fixture);
  return result.diagnostics.filter((d) => d.rule === "unknown-resource").map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe("runbook code", () => {
  it("finds code blocks (fenced, indented, inside lists) and inline spans, with their columns", () => {
    const markdown = [
      "Run `aws sqs list-queues` first, then ``a `b` c``.", // 1
      "",
      "    indented code", // 3
      "",
      "1. Logs:", // 5
      "",
      "   ```bash", // 7
      "   aws logs tail /aws/lambda/x", // 8
      "   ```", // 9
      "",
      "| a | `cell` |", // 11
      "| - | - |",
      "",
      "A span `across", // 14
      "two lines` and \\`not code\\`.", // 15
    ].join("\n");
    const code = parseRunbook("r.md", markdown).code.map((c) => `${c.line}:${c.column} ${c.kind} ${c.text}`);
    assert.deepEqual(code, [
      "1:6 span aws sqs list-queues",
      "1:41 span a `b` c",
      "3:5 block indented code",
      "8:4 block aws logs tail /aws/lambda/x",
      "11:8 span cell",
      "14:9 span across",
      "15:1 span two lines",
    ]);
  });

  it("keeps headings and placeholders as before", () => {
    const rb = parseRunbook("r.md", "## Diagnosis\n\n```sh\n## not a heading TODO\n```\n");
    assert.deepEqual(rb.headings.map((h) => h.text), ["Diagnosis"]);
    assert.deepEqual(rb.code.map((c) => c.text), ["## not a heading TODO"]);
  });
});

describe("pulumi config commands", () => {
  const cases: [line: string, expected: { key: string; name: string; namespace?: string; otherProject: boolean; offset: number }[]][] = [
    ["pulumi config set forwarderIngressConcurrency 30 --stack prod", [{ key: "forwarderIngressConcurrency", name: "forwarderIngressConcurrency", otherProject: false, offset: 18 }]],
    ["pulumi config set --path 'forwarderConcurrency[\"shopify\"]' 50", [{ key: 'forwarderConcurrency["shopify"]', name: "forwarderConcurrency", otherProject: false, offset: 26 }]],
    ["pulumi config set --secret datadog:apiKey", [{ key: "datadog:apiKey", name: "apiKey", namespace: "datadog", otherProject: false, offset: 27 }]],
    ["pulumi -C ../enrichment config set --secret clearbitApiKey --stack prod", [{ key: "clearbitApiKey", name: "clearbitApiKey", otherProject: true, offset: 44 }]],
    ["pulumi config get apiKey --stack acme/other-project/prod", [{ key: "apiKey", name: "apiKey", otherProject: true, offset: 18 }]],
    ["npm ci && pulumi config set a 1; pulumi config rm b", [
      { key: "a", name: "a", otherProject: false, offset: 28 },
      { key: "b", name: "b", otherProject: false, offset: 50 },
    ]],
    // set-all: each --plaintext/--secret takes one key=value (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set-all/)
    ["pulumi config set-all --plaintext forwarderTeam=growth --secret hubspotWebhookSecret=x --plaintext=forwarderConcurrency=5", [
      { key: "forwarderTeam", name: "forwarderTeam", otherProject: false, offset: 34 },
      { key: "hubspotWebhookSecret", name: "hubspotWebhookSecret", otherProject: false, offset: 64 },
      { key: "forwarderConcurrency", name: "forwarderConcurrency", otherProject: false, offset: 99 },
    ]],
    ["pulumi config set-all --path --plaintext 'forwarderConcurrency[\"a\"]'=5 --plaintext '[\"forwarderTeam\"].x'=a --plaintext aws:assumeRole.roleArn=b", [
      { key: 'forwarderConcurrency["a"]', name: "forwarderConcurrency", otherProject: false, offset: 42 },
      { key: '["forwarderTeam"].x', name: "forwarderTeam", otherProject: false, offset: 84 },
      { key: "aws:assumeRole.roleArn", name: "assumeRole", namespace: "aws", otherProject: false, offset: 119 },
    ]],
    ["pulumi config set-all --json '{}'", []],
    ["pulumi up --stack prod", []],
    ["pulumi stack output webhookUrls", []],
  ];
  for (const [line, expected] of cases) {
    it(line, () => {
      assert.deepEqual(configCommandsIn(line).map(({ key, name, namespace, otherProject, offset }) => ({ key, name, ...(namespace && { namespace }), otherProject, offset })), expected);
    });
  }
});

describe("runbook-stale-reference", () => {
  it("accepts the forwarder's real names, placeholders and other teams' resources", () => {
    assert.deepEqual(staleIn([
      "`aws lambda get-function-concurrency --function-name martech-prod-webhook-ingress`,",
      "`aws logs tail /aws/lambda/martech-prod-webhook-consumer`, `aws sqs get-queue-url --queue-name martech-prod-webhooks-dlq`,",
      "`aws dynamodb describe-table --table-name martech-prod-webhook-deliveries`, `functionname:martech-prod-webhook-*`,",
      "`aws secretsmanager describe-secret --secret-id martech/prod/forwarder/integration-0001/hubspot-events`,",
      "`martech/prod/forwarder/<integration>/<source>`, `martech/prod/forwarder/*`, `/hooks/integration-0001/hubspot-events`, `/hooks/<integration>/<source>`,",
      "`martech-shopify-poller`, `martech-<env>-webhook-ingress`, `pulumi config set forwarderIngressConcurrency 30 --stack prod`,",
      "`pulumi config set --secret hubspotWebhookSecret`, `pulumi config set --secret datadog:apiKey`, `pulumi config set aws:region us-east-1`,",
      "`pulumi config set --secret <secretConfigKey>`, `pulumi -C ../enrichment config set --secret clearbitApiKey --stack prod`.",
    ].join("\n")), []);
  });

  it("says what exists instead of each stale name, at its position", () => {
    assert.deepEqual(staleIn([
      "`aws logs tail /aws/lambda/martech-forwarder-hubspot-events --since 1h`",
      "`aws sqs start-message-move-task --source-arn arn:aws:sqs:us-east-1:123456789012:martech-forwarder-hubspot-events-dlq`",
      "`aws lambda get-function --function-name martech-prod-webhooks`",
      "`martech-qa-webhook-ingress`",
      "`martech/prod/forwarder/hubspot-events`",
      "`curl https://example.execute-api.us-east-1.amazonaws.com/hooks/hubspot-events`",
      "`pulumi config set --path 'forwarderConcurrency[\"hubspot-events\"]' 50 --stack prod`",
      "`pulumi config set gcp:project x`",
    ].join("\n")), [
      "71:28 the forwarder has no Lambda martech-forwarder-hubspot-events; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer",
      "72:82 the forwarder has no queue martech-forwarder-hubspot-events-dlq; every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq",
      "73:42 martech-prod-webhooks is the forwarder's queue, not a Lambda; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer",
      '74:2 martech-qa-webhook-ingress is named for environment "qa", but no stack of this repository has that environment (they are prod and staging), so it does not exist; in prod the forwarder\'s names are martech-prod-webhook-ingress, martech-prod-webhook-consumer, martech-prod-webhooks, martech-prod-webhooks-dlq and martech-prod-webhook-deliveries',
      "75:2 the forwarder has no secret martech/prod/forwarder/hubspot-events; its secrets are " +
        ["0001", "0002", "0003", "0004", "0005"].map((n) => `martech/prod/forwarder/integration-${n}/hubspot-events`).join(", ") +
        ", martech/prod/forwarder/integration-0006/hubspot-events and martech/prod/forwarder/datadog-api-key",
      '76:23 this stack has no API Gateway: the forwarder\'s public endpoint is the ingress Lambda\'s Function URL (each source\'s address is in "pulumi stack output webhookUrls")',
      "76:58 the forwarder has no route /hooks/hubspot-events: it answers /hooks/<integration>/<source> only; for hubspot-events that is " +
        ["0001", "0002", "0003", "0004", "0005"].map((n) => `/hooks/integration-${n}/hubspot-events`).join(", ") +
        " and /hooks/integration-0006/hubspot-events",
      '77:28 this stack reads no config key "forwarderConcurrency"; did you mean "forwarderIngressConcurrency"? The keys it reads are those in Pulumi.yaml and each webhook\'s secretConfigKey in the inventory',
      '78:20 this stack has no config namespace "gcp": its keys are the project\'s own (martech-reliability) and those of the providers it uses, aws:, datadog: and pagerduty:',
    ]);
  });

  it("checks set-all keys and martech-reliability:<key> anywhere in code, once each", () => {
    assert.deepEqual(staleIn([
      "`pulumi config set-all --plaintext forwarderIngressConcurrency=30 --secret hubspotWebhookSecret=x`, `martech-reliability:forwarderPercentiles: true`,",
      "`pulumi config --json | jq '.\"martech-reliability:<key>\"'`.",
    ].join("\n")), []);
    assert.deepEqual(staleIn([
      "`pulumi config set-all --plaintext forwarderConcurrency=50 --secret hubspotWebhookSecret=x`",
      "`martech-reliability:forwarderConcurrency: 50`",
      "`pulumi config get martech-reliability:forwarderConcurrency`",
    ].join("\n")), [
      '71:36 this stack reads no config key "forwarderConcurrency"; did you mean "forwarderIngressConcurrency"? The keys it reads are those in Pulumi.yaml and each webhook\'s secretConfigKey in the inventory',
      '72:2 this stack reads no config key "forwarderConcurrency"; did you mean "forwarderIngressConcurrency"? The keys it reads are those in Pulumi.yaml and each webhook\'s secretConfigKey in the inventory',
      '73:20 this stack reads no config key "forwarderConcurrency"; did you mean "forwarderIngressConcurrency"? The keys it reads are those in Pulumi.yaml and each webhook\'s secretConfigKey in the inventory',
    ]);
  });

  it("checks the forwarder's metric names and tag keys in code against what it emits", () => {
    assert.deepEqual(staleIn([
      "`count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded} by {destination,reason,error_code}`,",
      "`count:martech.forwarder.failed{integration:x AND reason IN (auth_error, client_error)}`, `martech.forwarder.*`, `martech.forwarder.<metric>{source:<source>}`.",
    ].join("\n")), []);
    assert.deepEqual(staleIn([
      "`count:martech.forwarder.forwarded{destination:salesforce}`",
      "`sum:martech.forwarder.received{integration:x} by {topic}.as_count()`",
      // env is emitted (the Lambda extension's DD_ENV), so only event_name is stale here.
      "`count:martech.forwarder.settled{env:prod AND NOT event_name:lead}`",
      "`count:martech.forwarder.recieved{*}`",
    ].join("\n")), [
      "71:8 the forwarder emits no metric martech.forwarder.forwarded any more; count martech.forwarder.settled{outcome:forwarded} instead; its metrics are " + EMITTED,
      '72:52 martech.forwarder.received is grouped by "topic", a tag the forwarder never sends on it, so the query puts everything in one group; its tags are integration, source, synthetic and env (forwarder/metrics/names.ts)',
      '73:51 martech.forwarder.settled is filtered on "event_name", a tag the forwarder never sends on it, so the query matches nothing; its tags are ' + SETTLED_TAGS,
      "74:8 the forwarder emits no metric martech.forwarder.recieved (did you mean martech.forwarder.received?); its metrics are " + EMITTED,
    ]);
  });

  it("ignores stale-looking names in prose, outside code", () => {
    assert.deepEqual(staleIn("The old martech-forwarder-hubspot-events queue and its API Gateway are gone."), []);
  });

  it("does not stop plan --base from reading an earlier revision (a runbook rule, not what is deployed)", () => {
    const fixture = loadFixture();
    fixture.runbooks.set(RUNBOOK, replaceOnce(fixture.runbooks.get(RUNBOOK)!, DIAGNOSIS, "`aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/1/martech-forwarder-x`"));
    const strict = validateFixture(fixture);
    assert.equal(strict.inventory, undefined);
    const base = validateFixture(fixture, { tolerate: PROSE_RULES });
    assert.deepEqual(base.diagnostics.filter((d) => d.rule !== "runbook-stale-reference" && d.severity === "error").map(formatDiagnostic), []);
    assert.ok(base.inventory);
  });

  it("checks the webhook forwarder's own runbook too", () => {
    const fixture = loadFixture();
    const text = fixture.runbooks.get("webhook-forwarder.md")!;
    fixture.runbooks.set("webhook-forwarder.md", `${text}\n\`aws apigateway get-rest-apis\`\n`);
    const found = validateFixture(fixture).diagnostics.filter((d) => d.rule === "runbook-stale-reference").map(formatDiagnostic);
    assert.equal(found.length, 1);
    assert.match(found[0], /^runbooks\/webhook-forwarder\.md:\d+:6: error: this stack has no API Gateway/);
  });
});

describe("unknown-resource", () => {
  it("accepts the forwarder's real names, wildcards that match them, excluded names and other teams' resources", () => {
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_age_of_oldest_message{queuename:martech-prod-webhooks}"), []);
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{functionname:martech-prod-webhook-*}.as_count()"), []);
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{functionname:martech-shopify-poller}.as_count()"), []);
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{!functionname:martech-forwarder-old}.as_count()"), []);
    assert.deepEqual(unknownIn("max:aws.dynamodb.consumed_write_capacity_units{tablename:martech-prod-webhook-deliveries}"), []);
    // Exclusions in boolean scopes keep their polarity: NOT, NOT IN, and NOT over a group.
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_number_of_messages_visible{env:prod AND NOT queuename:martech-forwarder-old}"), []);
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_number_of_messages_visible{env:prod AND queuename NOT IN (martech-forwarder-a, martech-forwarder-b)}"), []);
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_number_of_messages_visible{env:prod AND NOT (queuename:martech-forwarder-a OR queuename:martech-forwarder-b)}"), []);
    // An IN list selects data when one of its names exists; Datadog lowercases tags.
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{functionname IN (martech-prod-webhook-ingress, martech-prod-webhook-ingest)}.as_count()"), []);
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_number_of_messages_visible{queuename:Martech-Prod-Webhooks}"), []);
  });

  it("reports a name this stack never creates, and one of the wrong kind, at the name inside the query", () => {
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{functionname:martech-prod-webhooks}.as_count()"), [
      "76:49 failure mode rate-limit: detection.query: functionname:martech-prod-webhooks selects no data, so nothing built on this query can ever alert: martech-prod-webhooks is the forwarder's queue, not a Lambda; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer",
    ]);
    assert.deepEqual(unknownIn("sum:aws.lambda.errors{functionname IN (martech-prod-webhook-ingest, martech-prod-webhook-consume)}.as_count()"), [
      "76:53 failure mode rate-limit: detection.query: functionname IN (martech-prod-webhook-ingest, martech-prod-webhook-consume) selects no data, so nothing built on this query can ever alert: the forwarder has no Lambda martech-prod-webhook-ingest; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer; the forwarder has no Lambda martech-prod-webhook-consume; its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer",
    ]);
    // A name in a positive branch of a boolean scope is checked; Datadog matches tags in lower case, so mixed case does not hide a stale name.
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_number_of_messages_visible{env:prod AND (queuename:martech-forwarder-old OR env:staging)}"), [
      "76:89 failure mode rate-limit: detection.query: queuename:martech-forwarder-old selects no data, so nothing built on this query can ever alert: the forwarder has no queue martech-forwarder-old; every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq",
    ]);
    assert.deepEqual(unknownIn("max:aws.sqs.approximate_age_of_oldest_message{queuename:Martech-Forwarder-Shopify-Order-Events}"), [
      "76:70 failure mode rate-limit: detection.query: queuename:Martech-Forwarder-Shopify-Order-Events selects no data, so nothing built on this query can ever alert: the forwarder has no queue martech-forwarder-shopify-order-events; every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq",
    ]);
  });
});
