/**
 * The shared webhook forwarder: one ingress Lambda behind a Function URL, one SQS queue with
 * its dead-letter queue, one consumer Lambda, one DynamoDB idempotency table, one Secrets
 * Manager secret per webhook source, Datadog monitors on the forwarder itself and, once the
 * stack enables them, percentiles on the forwarder distributions its SLOs count.
 *
 * One forwarder for all sources rather than one per integration: a single URL host and a
 * single pair of functions to patch, and a resource count that grows by three per source
 * instead of twenty. Isolation between sources comes from per-source secrets, metrics and
 * silence monitors, and from ingress's reserved concurrency.
 *
 * Function URL rather than API Gateway: no per-request charge or extra hop, the same 6 MB
 * payload limit and `isBase64Encoded` raw body, and no 29 s integration timeout to reason
 * about; ingress already verifies every request, so API Gateway's authorizers add nothing.
 */
import type { EventSourceMappingArgs } from "@pulumi/aws/lambda/eventSourceMapping";
import type { FunctionArgs } from "@pulumi/aws/lambda/function";
import type { FunctionUrlArgs } from "@pulumi/aws/lambda/functionUrl";
import type { PermissionArgs } from "@pulumi/aws/lambda/permission";
import type { LogGroupArgs } from "@pulumi/aws/cloudwatch/logGroup";
import type { TableArgs } from "@pulumi/aws/dynamodb/table";
import type { RoleArgs } from "@pulumi/aws/iam/role";
import type { RolePolicyArgs } from "@pulumi/aws/iam/rolePolicy";
import type { SecretArgs } from "@pulumi/aws/secretsmanager/secret";
import type { SecretVersionArgs } from "@pulumi/aws/secretsmanager/secretVersion";
import type { QueueArgs } from "@pulumi/aws/sqs/queue";
import type { BucketArgs } from "@pulumi/aws/s3/bucket";
import type { BucketLifecycleConfigurationArgs } from "@pulumi/aws/s3/bucketLifecycleConfiguration";
import type { BucketPublicAccessBlockArgs } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import type { BucketServerSideEncryptionConfigurationArgs } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { FORWARDER_ANCHORS, type ForwarderSection } from "../forwarderRunbook";
// The forwarder's own definitions (these modules import nothing from AWS), so what is deployed is what the Lambdas read.
import { BODY_KEY_PREFIX, CLAIM_CHECK_EXPIRY_DAYS, MAX_MESSAGE_BYTES } from "../../forwarder/config";
import { CONFIG_FILE } from "../../forwarder/configSource";
import { lambdaFiles, type LambdaName } from "../../forwarder/build/layout";
import { hookPath, sourceKey as routeKey } from "../../forwarder/route";
import type { Integration, Inventory } from "../model";
import type { WebhookDoc } from "../validate/schema";
import { durationSeconds } from "./durations";
import { metricTagConfigSpecs } from "./forwarderMetricConfigs";
import { forwarderMonitorSpecs, sourceSilenceSpecs } from "./forwarderMonitors";
import { targetConfigKeys } from "../targetCredentials";
import { targetConfig, targetCredentialSpecs } from "./forwardTargets";
import { physicalNames, type PhysicalNames } from "./forwarderNames";
import { names } from "./names";
import type { LowerSettings } from "./settings";
import { ref, type ArchiveValue, type ConfigSecretValue, type InvokeSpec, type ResourceSpec } from "./spec";

export const FORWARDER_COMPONENT = "martech:aws:WebhookForwarder";

export const AWS = {
  queue: "aws:sqs/queue:Queue",
  bucket: "aws:s3/bucket:Bucket",
  bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  table: "aws:dynamodb/table:Table",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  function: "aws:lambda/function:Function",
  functionUrl: "aws:lambda/functionUrl:FunctionUrl",
  permission: "aws:lambda/permission:Permission",
  eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  getCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
  getRegion: "aws:index/getRegion:getRegion",
  getPartition: "aws:index/getPartition:getPartition",
} as const;

/** Vendors give up after about 5 s; ingress only verifies and enqueues. */
export const INGRESS_TIMEOUT_SECONDS = 10;
/** A consumer batch: up to ten deliveries, each to its targets with retries inside the attempt. */
export const CONSUMER_TIMEOUT_SECONDS = 60;
/** AWS's guidance for SQS-triggered functions: visibility at least six times the function timeout. */
export const VISIBILITY_TIMEOUT_SECONDS = 6 * CONSUMER_TIMEOUT_SECONDS;
/** Receives before a delivery moves to the dead-letter queue. */
export const MAX_RECEIVES = 5;
/** The longest SQS retention. Counted from the vendor's delivery, not from arrival in the dead-letter queue. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** Vendors retry for up to three days (Stripe); a delivery id is remembered a little longer. */
const IDEMPOTENCY_TTL_SECONDS = 4 * 24 * 3600;
const SECRET_TTL_SECONDS = 300;
const TARGET_TIMEOUT_MS = 10_000;
const LOG_RETENTION_DAYS = 30;
/** Deleted at once: the values live in Pulumi config, and a pending deletion would block re-adding a source for 30 days. */
const SECRET_RECOVERY_DAYS = 0;
/** The AWS account Datadog publishes its Lambda layers from in the commercial partition; GovCloud and China stacks set `datadogExtensionLayerArn`. */
const DATADOG_LAYER_ACCOUNT = "464622532012";
/** The consumer drains at most this many batches at once, so a burst cannot flood a CRM's API. */
const CONSUMER_MAX_CONCURRENCY = 10;
/** What `npm run build:forwarder` writes per function (forwarder/build/layout.ts; the consumer's transform.js too). */
const bundleFiles = (dir: string, kind: LambdaName) => Object.fromEntries(lambdaFiles(kind).map((f) => [f, { path: `${dir}/${f}` }]));

export const CALLER = "aws-caller-identity";
export const REGION = "aws-region";
/** The stack's AWS partition (aws, aws-cn, aws-us-gov): ARNs built here take it from the provider, never a literal "aws". */
export const PARTITION = "aws-partition";
/** Look-up keys by function token (the mock engine names the results of its calls with them). */
export const FORWARDER_INVOKE_KEYS: Readonly<Record<string, string>> = { [AWS.getCallerIdentity]: CALLER, [AWS.getRegion]: REGION, [AWS.getPartition]: PARTITION };

/** Integrations that receive webhooks, highest revenue first. */
export const webhookIntegrations = (inventory: Inventory) => inventory.integrations.filter((i) => i.webhooks.length > 0);

/** The config key `<integration>/<source>`: source ids are unique only within their integration. */
export const sourceKey = (integration: Integration, hook: WebhookDoc) => routeKey(integration.id, hook.id);

/** The Datadog provider's own key, which the forwarder's extension uses too. */
const DATADOG_API_KEY = "datadog:apiKey";

/** The secret config keys the forwarder reads, without lowering (equal to spec.ts configSecretKeys of the state). */
export function forwarderSecretKeys(inventory: Inventory): string[] {
  const hooks = webhookIntegrations(inventory).flatMap((i) => i.webhooks.flatMap((h) => [h.secretConfigKey, ...targetConfigKeys(h)]));
  return hooks.length === 0 ? [] : [...new Set([DATADOG_API_KEY, ...hooks])].sort();
}

export function forwarderInvokes(inventory: Inventory): InvokeSpec[] {
  if (webhookIntegrations(inventory).length === 0) return [];
  return [
    { key: CALLER, token: AWS.getCallerIdentity, args: {} },
    { key: REGION, token: AWS.getRegion, args: {} },
    { key: PARTITION, token: AWS.getPartition, args: {} },
  ];
}

export function forwarderSpecs(inventory: Inventory, settings: LowerSettings): ResourceSpec[] {
  const integrations = webhookIntegrations(inventory);
  if (integrations.length === 0) return [];
  const aws = physicalNames(settings.environment);
  const n = names.forwarder;
  const tags = { "managed-by": "pulumi", env: settings.environment, service: "martech-webhook-forwarder" };

  const queue: QueueArgs = {
    name: aws.queue,
    maxMessageSize: MAX_MESSAGE_BYTES,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    messageRetentionSeconds: 4 * 24 * 3600,
    receiveWaitTimeSeconds: 20,
    sqsManagedSseEnabled: true,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: ref(n("dlq"), "arn"), maxReceiveCount: MAX_RECEIVES }),
    tags,
  };
  const dlq: QueueArgs = { name: aws.dlq, maxMessageSize: MAX_MESSAGE_BYTES, messageRetentionSeconds: DLQ_RETENTION_SECONDS, sqsManagedSseEnabled: true, tags };
  const bodies = claimCheckBucketSpecs(aws, tags);
  /** Where both functions' claim-check grants apply: the body objects only, never the bucket itself. */
  const bodyObjects = `${ref(n("bodies"), "arn")}/${BODY_KEY_PREFIX}*`;
  const table: TableArgs = {
    name: aws.table,
    billingMode: "PAY_PER_REQUEST",
    hashKey: "deliveryKey",
    attributes: [{ name: "deliveryKey", type: "S" }],
    ttl: { attributeName: "expiresAt", enabled: true },
    tags,
  };
  const datadogKey: SecretArgs = {
    name: aws.secret("datadog-api-key"),
    description: "Datadog API key for the forwarder's Datadog Lambda extension.",
    recoveryWindowInDays: SECRET_RECOVERY_DAYS,
    tags,
  };
  const datadogKeyValue: Omit<SecretVersionArgs, "secretString"> & { secretString: ConfigSecretValue } = {
    secretId: ref(n("datadog-api-key"), "id"),
    secretString: { $configSecret: DATADOG_API_KEY },
  };
  const credentialSpecs = integrations.flatMap((integration) => integration.webhooks.flatMap((hook) => targetCredentialSpecs(integration, hook, aws, tags, SECRET_RECOVERY_DAYS)));
  const secretArns = (prefix: string) => `arn:${ref(PARTITION, "partition")}:secretsmanager:${ref(REGION, "region")}:${ref(CALLER, "accountId")}:secret:${prefix}*`;
  const config = JSON.stringify(forwarderConfig(integrations, aws));
  // The model has the anchors the runbook really renders (check requires the file once any webhook exists).
  const anchor = (section: ForwarderSection) => (inventory.forwarderRunbook?.anchors ?? FORWARDER_ANCHORS)[section];

  const children: ResourceSpec[] = [
    { type: AWS.queue, name: n("dlq"), inputs: dlq },
    { type: AWS.queue, name: n("queue"), inputs: queue },
    { type: AWS.table, name: n("deliveries"), inputs: table },
    ...bodies,
    { type: AWS.secret, name: n("datadog-api-key"), inputs: datadogKey },
    { type: AWS.secretVersion, name: n("datadog-api-key-value"), inputs: datadogKeyValue, secretInputs: ["secretString"] },
    ...lambdaSpecs("ingress", aws.ingress, settings, tags, config, [
      { Sid: "Enqueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ref(n("queue"), "arn") },
      { Sid: "WriteClaimCheckBodies", Effect: "Allow", Action: ["s3:PutObject"], Resource: bodyObjects },
      // Every source secret and the Datadog key share this prefix; listing each ARN would outgrow IAM's 10 KB inline limit.
      { Sid: "ReadSigningSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns(aws.secretPrefix) },
    ]),
    ...lambdaSpecs("consumer", aws.consumer, settings, tags, config, [
      {
        Sid: "Consume",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: ref(n("queue"), "arn"),
      },
      // Claims, releases and outcomes are all conditional UpdateItems (an upsert); reads after a lost race are GetItems.
      { Sid: "Idempotency", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource: ref(n("deliveries"), "arn") },
      // Read only: objects expire by the bucket's lifecycle rule, so a dead letter can be redriven with its body.
      { Sid: "ReadClaimCheckBodies", Effect: "Allow", Action: ["s3:GetObject"], Resource: bodyObjects },
      { Sid: "ReadDatadogKey", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ref(n("datadog-api-key"), "arn") },
      // Targets' credentials (forwardTargets.ts): under their own prefix, which the ingress's grant does not cover.
      ...(credentialSpecs.length > 0
        ? [{ Sid: "ReadDestinationCredentials", Effect: "Allow" as const, Action: ["secretsmanager:GetSecretValue"], Resource: secretArns(aws.destinationSecretPrefix) }]
        : []),
    ]),
    {
      type: AWS.eventSourceMapping,
      name: n("consumer-trigger"),
      inputs: {
        eventSourceArn: ref(n("queue"), "arn"),
        functionName: ref(n("consumer"), "arn"),
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: CONSUMER_MAX_CONCURRENCY },
      } satisfies EventSourceMappingArgs,
    },
    { type: AWS.functionUrl, name: n("ingress-url"), inputs: { functionName: ref(n("ingress"), "name"), authorizationType: "NONE", invokeMode: "BUFFERED" } satisfies FunctionUrlArgs },
    // A public Function URL needs both grants since October 2025; the second is limited to calls through the URL.
    { type: AWS.permission, name: n("ingress-url-public"), inputs: { function: ref(n("ingress"), "name"), action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" } satisfies PermissionArgs },
    { type: AWS.permission, name: n("ingress-invoke-via-url"), inputs: { function: ref(n("ingress"), "name"), action: "lambda:InvokeFunction", principal: "*", invokedViaFunctionUrl: true } satisfies PermissionArgs },
    ...integrations.flatMap((integration) => integration.webhooks.flatMap((hook) => sourceSpecs(integration, hook, aws, tags))),
    ...credentialSpecs,
    ...forwarderMonitorSpecs(inventory, integrations, settings, anchor),
    // Percentiles on the distributions SLOs count, once the stack says Datadog has them.
    ...metricTagConfigSpecs(inventory, settings),
    ...integrations.flatMap((integration) => sourceSilenceSpecs(inventory, integration, settings, anchor)),
  ];
  return [
    { type: FORWARDER_COMPONENT, name: names.forwarderComponent, inputs: {}, outputs: { webhookUrls: webhookUrls(inventory) } },
    ...children.map((spec) => ({ ...spec, parent: names.forwarderComponent })),
  ];
}

/** What both functions read from `forwarder-config.json` (forwarder/config.ts ForwarderConfig, less the queue URL). */
function forwarderConfig(integrations: readonly Integration[], aws: PhysicalNames) {
  const sources = Object.fromEntries(
    integrations.flatMap((integration) =>
      integration.webhooks.map((hook) => [
        sourceKey(integration, hook),
        {
          integration: integration.id,
          source: hook.id,
          vendor: hook.vendor,
          secretId: aws.secret(sourceKey(integration, hook)),
          targets: hook.forwardTo.map((t) => targetConfig(integration, hook, t, aws, TARGET_TIMEOUT_MS)),
          sloLatencyMs: durationSeconds(hook.deliverWithin) * 1000,
          // Stryker disable next-line ConditionalExpression: the config is JSON.stringify'd, which drops an undefined toleranceSeconds.
          ...(hook.toleranceSeconds === undefined ? {} : { toleranceSeconds: hook.toleranceSeconds }),
          // Stryker disable next-line ConditionalExpression: the config is JSON.stringify'd, which drops an undefined genericHmac.
          ...(hook.genericHmac === undefined ? {} : { genericHmac: hook.genericHmac }),
        },
      ]),
    ),
  );
  return { sources, tableName: aws.table, maxReceives: MAX_RECEIVES, idempotencyTtlSeconds: IDEMPOTENCY_TTL_SECONDS, secretTtlSeconds: SECRET_TTL_SECONDS };
}

interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: string;
}

/** A function with its own log group, role and inline policy: it may write only its own logs. */
function lambdaSpecs(
  kind: "ingress" | "consumer",
  functionName: string,
  settings: LowerSettings,
  tags: Record<string, string>,
  config: string,
  statements: readonly Statement[],
): ResourceSpec[] {
  const n = names.forwarder;
  const logs: LogGroupArgs = { name: `/aws/lambda/${functionName}`, retentionInDays: LOG_RETENTION_DAYS, tags };
  const role: RoleArgs = {
    name: functionName,
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    tags,
  };
  const policy: RolePolicyArgs = {
    role: ref(n(`${kind}-role`), "id"),
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${ref(n(`${kind}-logs`), "arn")}:*` }, ...statements],
    }),
  };
  const fn: Omit<FunctionArgs, "code"> & { code: ArchiveValue } = {
    name: functionName,
    role: ref(n(`${kind}-role`), "arn"),
    runtime: settings.forwarder.lambdaRuntime,
    handler: "index.handler",
    code: { $archive: { ...bundleFiles(`${settings.forwarder.bundleDir.replace(/\/+$/, "")}/${kind}`, kind), [CONFIG_FILE]: { text: config } } },
    memorySize: 256,
    timeout: kind === "ingress" ? INGRESS_TIMEOUT_SECONDS : CONSUMER_TIMEOUT_SECONDS,
    ...(kind === "ingress" ? { reservedConcurrentExecutions: settings.forwarder.ingressConcurrency } : {}),
    layers: [datadogExtensionLayer(settings)],
    // Naming the log group makes the function wait for it, and keeps Lambda from creating one without retention.
    loggingConfig: { logFormat: "Text", logGroup: ref(n(`${kind}-logs`), "name") },
    environment: {
      variables: {
        // The ingress sends to the queue; the consumer delays or releases messages on it (ChangeMessageVisibility).
        FORWARDER_QUEUE_URL: ref(n("queue"), "url"),
        // A bucket's id is its name.
        FORWARDER_BODY_BUCKET: ref(n("bodies"), "id"),
        // The version's ARN (the secret's), so the function starts only once the key has a value.
        DD_API_KEY_SECRET_ARN: ref(n("datadog-api-key-value"), "arn"),
        DD_SITE: settings.forwarder.datadogSite,
        DD_ENV: settings.environment,
        DD_SERVICE: "martech-webhook-forwarder",
        // The functions log structured JSON themselves (with redaction); the extension only carries metrics.
        DD_SERVERLESS_LOGS_ENABLED: "false",
        NODE_OPTIONS: "--enable-source-maps",
      },
    },
    tags,
  };
  return [
    { type: AWS.logGroup, name: n(`${kind}-logs`), inputs: logs },
    { type: AWS.role, name: n(`${kind}-role`), inputs: role },
    { type: AWS.rolePolicy, name: n(`${kind}-policy`), inputs: policy },
    // Its permissions before it runs: the SQS trigger and the extension need them at once.
    { type: AWS.function, name: n(kind), inputs: fn, dependsOn: [n(`${kind}-policy`)] },
  ];
}

/**
 * The claim-check bucket (forwarder/claimCheck): bodies whose queue message would exceed SQS's 1 MiB.
 * Encrypted at rest (SSE-S3), public access blocked on all four counts, and objects expired after
 * CLAIM_CHECK_EXPIRY_DAYS, no sooner than a dead letter, so a redrive finds its body. Object
 * ownership is left at S3's default for new buckets (BucketOwnerEnforced: ACLs disabled).
 */
function claimCheckBucketSpecs(aws: PhysicalNames, tags: Record<string, string>): ResourceSpec[] {
  const n = names.forwarder;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,CallExpression: compares two constants (15 days, 14 days), so it never throws today; it stops a future edit of either.
  if (CLAIM_CHECK_EXPIRY_DAYS * 86400 < DLQ_RETENTION_SECONDS) throw new Error("claim-check bodies must outlive dead letters");
  const bucket = ref(n("bodies"), "id");
  return [
    { type: AWS.bucket, name: n("bodies"), inputs: { bucket: aws.bodiesBucket(ref(CALLER, "accountId"), ref(REGION, "region")), tags } satisfies BucketArgs },
    {
      type: AWS.bucketEncryption,
      name: n("bodies-encryption"),
      inputs: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } satisfies BucketServerSideEncryptionConfigurationArgs,
    },
    {
      type: AWS.bucketPublicAccessBlock,
      name: n("bodies-public-access"),
      inputs: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } satisfies BucketPublicAccessBlockArgs,
    },
    {
      type: AWS.bucketLifecycle,
      name: n("bodies-lifecycle"),
      inputs: {
        bucket,
        rules: [{
          id: "expire-claim-check-bodies",
          status: "Enabled",
          filter: { prefix: BODY_KEY_PREFIX },
          expiration: { days: CLAIM_CHECK_EXPIRY_DAYS },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        }],
      } satisfies BucketLifecycleConfigurationArgs,
    },
  ];
}

/** The Datadog extension layer in the stack's own region (Lambda only takes layers from its region), unless configured. */
function datadogExtensionLayer(settings: LowerSettings): string {
  return settings.forwarder.datadogExtensionLayerArn ?? `arn:${ref(PARTITION, "partition")}:lambda:${ref(REGION, "region")}:${DATADOG_LAYER_ACCOUNT}:layer:Datadog-Extension:${settings.forwarder.datadogExtensionVersion}`;
}

/** A source's signing secret, and the value written from its Pulumi secret config key with the URL vendors call. */
function sourceSpecs(integration: Integration, hook: WebhookDoc, aws: PhysicalNames, tags: Record<string, string>): ResourceSpec[] {
  const secret: SecretArgs = {
    name: aws.secret(sourceKey(integration, hook)),
    description: `Signing secret of webhook ${hook.id} (${hook.vendor}) of ${integration.id}, from Pulumi config ${hook.secretConfigKey}.`,
    recoveryWindowInDays: SECRET_RECOVERY_DAYS,
    tags: { ...tags, integration: integration.id },
  };
  const value: Omit<SecretVersionArgs, "secretString"> & { secretString: ConfigSecretValue } = {
    secretId: ref(names.webhookSecret(integration.id, hook.id), "id"),
    secretString: { $configSecret: hook.secretConfigKey, publicUrl: webhookUrl(integration, hook) },
  };
  return [
    { type: AWS.secret, name: names.webhookSecret(integration.id, hook.id), inputs: secret },
    { type: AWS.secretVersion, name: names.webhookSecretValue(integration.id, hook.id), inputs: value, secretInputs: ["secretString"] },
  ];
}

/** The URL a vendor is configured with (the Function URL ends with a slash). */
function webhookUrl(integration: Integration, hook: WebhookDoc): string {
  return `${ref(names.forwarder("ingress-url"), "functionUrl")}${hookPath(sourceKey(integration, hook)).slice(1)}`;
}

/** Every source's webhook URL by `<integration>/<source>`: the program's `webhookUrls` output. */
export function webhookUrls(inventory: Inventory): Record<string, string> {
  return Object.fromEntries(webhookIntegrations(inventory).flatMap((i) => i.webhooks.map((h) => [sourceKey(i, h), webhookUrl(i, h)])));
}
