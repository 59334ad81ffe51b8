/**
 * The webhook forwarder's AWS resources, field by field: what IAM grants each function, how the
 * queues, table, bucket and secrets are configured, and who may call the Function URL. Each value
 * is a promise to AWS or to the Lambdas (forwarder/config.ts), written out here so an edit of
 * compiler/lower/forwarder.ts that changes one shows (the mutation-testing survivors of that file,
 * README "Mutation testing"). test/forwarderLower.test.ts holds the properties over all of them.
 */
import { strict as assert } from "node:assert";
import { BODY_KEY_PREFIX, CLAIM_CHECK_EXPIRY_DAYS, MAX_MESSAGE_BYTES } from "../forwarder/config";
import { FORWARDER_ANCHORS } from "../compiler/forwarderRunbook";
import { forwarderInvokes, forwarderSpecs, FORWARDER_COMPONENT, FORWARDER_INVOKE_KEYS, webhookUrls } from "../compiler/lower/forwarder";
import { MONITOR } from "../compiler/lower/monitors";
import { physicalNames } from "../compiler/lower/forwarderNames";
import { names } from "../compiler/lower/names";
import type { Inventory } from "../compiler/model";
import type { ResourceSpec } from "../compiler/lower/spec";
import { memo } from "./support/memo";
import { sharedSample } from "./support/sampleState";

const n = names.forwarder;
/** A reference to another resource's attribute, as the plan writes it (lower/spec.ts). */
const ref = (name: string, attr: string) => `\${ref:${name}:${attr}}`;
const TAGS = { "managed-by": "pulumi", env: "prod", service: "martech-webhook-forwarder" };
const aws = physicalNames("prod");

const find = (specs: readonly ResourceSpec[], name: string) => {
  const found = specs.find((s) => s.name === name);
  assert.ok(found, `no resource ${name}`);
  return found;
};
const statements = (specs: readonly ResourceSpec[], kind: "ingress" | "consumer") =>
  JSON.parse((find(specs, n(`${kind}-policy`)).inputs as { policy: string }).policy) as { Version: string; Statement: { Sid: string }[] };
const secretArns = (prefix: string) => `arn:${ref("aws-partition", "partition")}:secretsmanager:${ref("aws-region", "region")}:${ref("aws-caller-identity", "accountId")}:secret:${prefix}*`;

/** The sample with no forward targets, so no target credentials (auth or secret headers). */
const withoutTargets = (inventory: Inventory): Inventory => ({
  ...inventory,
  integrations: inventory.integrations.map((i) => ({ ...i, webhooks: i.webhooks.map((h) => ({ ...h, forwardTo: [] })) })),
});

describe("forwarder AWS resources, field by field (sample, prod)", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const specs = memo(() => forwarderSpecs(sharedSample.inventory(), sharedSample.settings()));
  const inputs = (name: string) => find(specs(), name).inputs as Record<string, unknown>;

  it("the queue redrives to the dead-letter queue after five receives; both keep the 1 MiB limit, SQS-managed encryption and the tags", () => {
    assert.deepEqual(inputs(n("queue")), {
      name: aws.queue,
      maxMessageSize: MAX_MESSAGE_BYTES,
      visibilityTimeoutSeconds: 360,
      messageRetentionSeconds: 4 * 86400,
      receiveWaitTimeSeconds: 20,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: ref(n("dlq"), "arn"), maxReceiveCount: 5 }),
      tags: TAGS,
    });
    assert.deepEqual(inputs(n("dlq")), { name: aws.dlq, maxMessageSize: MAX_MESSAGE_BYTES, messageRetentionSeconds: 14 * 86400, sqsManagedSseEnabled: true, tags: TAGS });
  });

  it("the idempotency table is keyed by the delivery key (a string) and expires rows by expiresAt", () => {
    assert.deepEqual(inputs(n("deliveries")), {
      name: aws.table,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "deliveryKey",
      attributes: [{ name: "deliveryKey", type: "S" }],
      ttl: { attributeName: "expiresAt", enabled: true },
      tags: TAGS,
    });
  });

  it("the claim-check bucket: named per account and region, AES256 at rest, no public access, bodies expired after the dead letters", () => {
    const bucket = ref(n("bodies"), "id");
    assert.deepEqual(inputs(n("bodies")), { bucket: aws.bodiesBucket(ref("aws-caller-identity", "accountId"), ref("aws-region", "region")), tags: TAGS });
    assert.deepEqual(inputs(n("bodies-encryption")), { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    assert.deepEqual(inputs(n("bodies-public-access")), { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    assert.deepEqual(inputs(n("bodies-lifecycle")), {
      bucket,
      rules: [{ id: "expire-claim-check-bodies", status: "Enabled", filter: { prefix: BODY_KEY_PREFIX }, expiration: { days: CLAIM_CHECK_EXPIRY_DAYS }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }],
    });
    assert.ok(CLAIM_CHECK_EXPIRY_DAYS >= 14, "a redriven dead letter still finds its body");
  });

  it("the Datadog API key: a secret deleted at once, valued from the provider's own config key", () => {
    assert.deepEqual(inputs(n("datadog-api-key")), { name: aws.secret("datadog-api-key"), description: "Datadog API key for the forwarder's Datadog Lambda extension.", recoveryWindowInDays: 0, tags: TAGS });
    const value = find(specs(), n("datadog-api-key-value"));
    assert.deepEqual(value.inputs, { secretId: ref(n("datadog-api-key"), "id"), secretString: { $configSecret: "datadog:apiKey" } });
    assert.deepEqual(value.secretInputs, ["secretString"]);
  });

  it("each function's role is assumable by Lambda only, and its policy grants exactly the listed actions", () => {
    for (const kind of ["ingress", "consumer"] as const) {
      const role = inputs(n(`${kind}-role`));
      assert.deepEqual(role, {
        name: kind === "ingress" ? aws.ingress : aws.consumer,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: TAGS,
      });
      assert.equal(inputs(n(`${kind}-policy`)).role, ref(n(`${kind}-role`), "id"));
      assert.equal(statements(specs(), kind).Version, "2012-10-17");
      assert.deepEqual(find(specs(), n(kind)).dependsOn, [n(`${kind}-policy`)], `${kind} starts once its grants exist`);
    }
    const ownLogs = (kind: string) => ({ Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${ref(n(`${kind}-logs`), "arn")}:*` });
    const bodyObjects = `${ref(n("bodies"), "arn")}/${BODY_KEY_PREFIX}*`;
    assert.deepEqual(statements(specs(), "ingress").Statement, [
      ownLogs("ingress"),
      { Sid: "Enqueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ref(n("queue"), "arn") },
      { Sid: "WriteClaimCheckBodies", Effect: "Allow", Action: ["s3:PutObject"], Resource: bodyObjects },
      { Sid: "ReadSigningSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns(aws.secretPrefix) },
    ]);
    assert.deepEqual(statements(specs(), "consumer").Statement, [
      ownLogs("consumer"),
      { Sid: "Consume", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource: ref(n("queue"), "arn") },
      { Sid: "Idempotency", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource: ref(n("deliveries"), "arn") },
      { Sid: "ReadClaimCheckBodies", Effect: "Allow", Action: ["s3:GetObject"], Resource: bodyObjects },
      { Sid: "ReadDatadogKey", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ref(n("datadog-api-key"), "arn") },
      { Sid: "ReadDestinationCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns(aws.destinationSecretPrefix) },
    ]);
  });

  it("grants the consumer no destination credentials when no target has any", () => {
    const bare = forwarderSpecs(withoutTargets(sharedSample.inventory()), sharedSample.settings());
    assert.deepEqual(statements(bare, "consumer").Statement.map((s) => s.Sid), ["OwnLogs", "Consume", "Idempotency", "ReadClaimCheckBodies", "ReadDatadogKey"]);
  });

  it("each function reads the queue, the bucket and the Datadog key from its environment, and logs only through its own group", () => {
    for (const kind of ["ingress", "consumer"] as const) {
      const fn = inputs(n(kind)) as { environment: { variables: Record<string, string> }; loggingConfig: unknown; handler: string };
      assert.deepEqual(fn.environment.variables, {
        FORWARDER_QUEUE_URL: ref(n("queue"), "url"),
        FORWARDER_BODY_BUCKET: ref(n("bodies"), "id"),
        DD_API_KEY_SECRET_ARN: ref(n("datadog-api-key-value"), "arn"),
        DD_SITE: sharedSample.settings().forwarder.datadogSite,
        DD_ENV: "prod",
        DD_SERVICE: "martech-webhook-forwarder",
        DD_SERVERLESS_LOGS_ENABLED: "false",
        NODE_OPTIONS: "--enable-source-maps",
      });
      assert.deepEqual(fn.loggingConfig, { logFormat: "Text", logGroup: ref(n(`${kind}-logs`), "name") });
      assert.equal(fn.handler, "index.handler");
    }
  });

  it("the queue triggers the consumer in batches of ten with partial failures, at most ten batches at once", () => {
    assert.deepEqual(inputs(n("consumer-trigger")), {
      eventSourceArn: ref(n("queue"), "arn"),
      functionName: ref(n("consumer"), "arn"),
      batchSize: 10,
      maximumBatchingWindowInSeconds: 1,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: 10 },
    });
  });

  it("the Function URL is public (vendors sign, ingress verifies) and invocable only through the URL", () => {
    assert.deepEqual(inputs(n("ingress-url")), { functionName: ref(n("ingress"), "name"), authorizationType: "NONE", invokeMode: "BUFFERED" });
    assert.deepEqual(inputs(n("ingress-url-public")), { function: ref(n("ingress"), "name"), action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" });
    assert.deepEqual(inputs(n("ingress-invoke-via-url")), { function: ref(n("ingress"), "name"), action: "lambda:InvokeFunction", principal: "*", invokedViaFunctionUrl: true });
  });

  it("each source's signing secret says where its value comes from, and its value carries the URL the vendor calls", () => {
    const lead = sharedSample.inventory().integrations.find((i) => i.id === "web-lead-form-to-crm")!;
    const hook = lead.webhooks.find((h) => h.id === "hubspot-contact-events")!;
    assert.deepEqual(inputs(names.webhookSecret(lead.id, hook.id)), {
      name: aws.secret(`${lead.id}/${hook.id}`),
      description: `Signing secret of webhook ${hook.id} (${hook.vendor}) of ${lead.id}, from Pulumi config ${hook.secretConfigKey}.`,
      recoveryWindowInDays: 0,
      tags: { ...TAGS, integration: lead.id },
    });
    const url = `${ref(n("ingress-url"), "functionUrl")}hooks/${lead.id}/${hook.id}`;
    assert.deepEqual(inputs(names.webhookSecretValue(lead.id, hook.id)), { secretId: ref(names.webhookSecret(lead.id, hook.id), "id"), secretString: { $configSecret: hook.secretConfigKey, publicUrl: url } });
    assert.equal(webhookUrls(sharedSample.inventory())[`${lead.id}/${hook.id}`], url);
  });

  it("the component comes first and outputs every source's URL; every other resource is its child", () => {
    const [component, ...children] = specs();
    assert.deepEqual(component, { type: FORWARDER_COMPONENT, name: names.forwarderComponent, inputs: {}, outputs: { webhookUrls: webhookUrls(sharedSample.inventory()) } });
    assert.equal(FORWARDER_COMPONENT, "martech:aws:WebhookForwarder");
    const sources = sharedSample.inventory().integrations.flatMap((i) => i.webhooks.map((h) => `${i.id}/${h.id}`));
    assert.deepEqual(Object.keys(webhookUrls(sharedSample.inventory())).sort(), sources.sort());
    for (const c of children) assert.equal(c.parent, names.forwarderComponent, c.name);
  });

  it("names each AWS look-up by the key the mock engine answers it under", () => {
    const invokes = forwarderInvokes(sharedSample.inventory());
    assert.equal(invokes.length, 3);
    for (const invoke of invokes) assert.equal(FORWARDER_INVOKE_KEYS[invoke.token], invoke.key, invoke.token);
  });

  it("links forwarder monitors to the anchors the runbook really renders, and to the standard ones without a parsed runbook", () => {
    const anchorsIn = (inventory: Inventory) =>
      new Set(forwarderSpecs(inventory, sharedSample.settings()).filter((s) => s.type === MONITOR).map((s) => /webhook-forwarder\.md#([\w-]+)/.exec(String((s.inputs as { message: string }).message))?.[1]));
    const sample = sharedSample.inventory();
    assert.ok(sample.forwarderRunbook, "the sample has the forwarder runbook");
    const renamed = Object.fromEntries(Object.entries(FORWARDER_ANCHORS).map(([section, anchor]) => [section, `our-${anchor}`])) as typeof FORWARDER_ANCHORS;
    assert.deepEqual([...anchorsIn({ ...sample, forwarderRunbook: { ...sample.forwarderRunbook, anchors: renamed } })].sort(), Object.values(renamed).sort());
    assert.deepEqual([...anchorsIn({ ...sample, forwarderRunbook: undefined })].sort(), Object.values(FORWARDER_ANCHORS).sort());
  });
});
