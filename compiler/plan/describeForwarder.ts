/** Plain words for the webhook forwarder's AWS resources in the plan. */
import { AWS } from "../lower/forwarder";
import { METRIC_TAG_CONFIGURATION } from "../lower/forwarderMetricConfigs";
import { names } from "../lower/names";
import { resolveRefsInString } from "../lower/spec";
import type { PlannedResource } from "./plannedResource";

/** References read as what they stand for; the Function URL's host is only known once AWS creates it. */
export function readable(s: string): string {
  return resolveRefsInString(s, (name, attr) => (name === names.forwarder("ingress-url") && attr === "functionUrl" ? INGRESS_URL : `<${attr} of ${name}>`));
}

const INGRESS_URL = "https://<ingress Function URL>/";

export function describeForwarder(r: PlannedResource): string {
  const i = r.inputs as Record<string, any>;
  switch (r.type) {
    case AWS.function:
      return `Lambda ${i.name} (${i.runtime}, ${i.memorySize} MB, ${i.timeout} s timeout${i.reservedConcurrentExecutions ? `, reserved concurrency ${i.reservedConcurrentExecutions}` : ""})`;
    case AWS.logGroup:
      return `log group ${i.name}, kept ${i.retentionInDays} days`;
    case AWS.role:
      return `IAM role ${i.name}, assumed by Lambda`;
    case AWS.rolePolicy: {
      const statements = JSON.parse(String(i.policy)).Statement as { Action: string[]; Resource: string }[];
      return `IAM policy of ${r.name.replace(/-policy$/, "")}: ${statements.map((st) => `${st.Action.join(", ")} on ${readable(st.Resource)}`).join("; ")}`;
    }
    case AWS.queue:
      return i.redrivePolicy
        ? `SQS queue ${i.name} (messages up to ${i.maxMessageSize / 1024} KiB, visibility ${i.visibilityTimeoutSeconds} s, dead-lettered after ${JSON.parse(String(i.redrivePolicy)).maxReceiveCount} receives)`
        : `SQS dead-letter queue ${i.name} (kept ${i.messageRetentionSeconds / 86400} days)`;
    case AWS.table:
      return `DynamoDB table ${i.name} (delivery ids, expire by TTL on ${i.ttl.attributeName})`;
    case AWS.bucket:
      return `S3 bucket ${readable(String(i.bucket))} for bodies too large for a queue message (claim check)`;
    case AWS.bucketEncryption:
      return `its objects encrypted at rest (${(i.rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[]).map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm).join(", ")})`;
    case AWS.bucketPublicAccessBlock:
      return "no public access to it (all four public access blocks on)";
    case AWS.bucketLifecycle:
      return (i.rules as { filter?: { prefix?: string }; expiration?: { days?: number } }[])
        .map((r) => `objects under ${r.filter?.prefix ?? "/"} deleted ${r.expiration?.days} days after they are written`).join("; ");
    case AWS.eventSourceMapping:
      return `the consumer reads the queue in batches of ${i.batchSize}, retrying only failed records`;
    case AWS.functionUrl:
      return `public HTTPS endpoint of the ingress (Function URL, auth ${i.authorizationType}: ingress verifies every signature)`;
    case AWS.permission:
      return `anyone may call ${readable(String(i.function))} through its Function URL (${i.action})`;
    case AWS.secret: {
      // A source's secret is named after its route: martech/<env>/forwarder/<integration>/<source>.
      // A target's credentials: martech/<env>/forwarder-destinations/<integration>/<source>/<system>.
      const target = /^martech\/[^/]+\/forwarder-destinations\/([^/]+\/[^/]+)\/([^/]+)$/.exec(String(i.name));
      if (target) return `credentials of ${target[2]} for webhook ${target[1]} (secret ${i.name}, from Pulumi config ${/from Pulumi config ([\w, ]+)\./.exec(String(i.description))?.[1] ?? "config"})`;
      const route = /^martech\/[^/]+\/forwarder\/([^/]+\/[^/]+)$/.exec(String(i.name))?.[1];
      return route ? `webhook URL ${INGRESS_URL}hooks/${route} (signing secret ${i.name}, ${/from Pulumi config (\w+)/.exec(String(i.description))?.[1] ?? "config"})` : `secret ${i.name}`;
    }
    case AWS.secretVersion:
      return `its value, from the stack's secret config (never shown)`;
    case METRIC_TAG_CONFIGURATION:
      return `percentiles on ${i.metricName}, which SLOs count, queryable by ${(i.tags as string[]).join(", ")} only`;
    default:
      return `${r.type.split(":").pop()} ${r.name}`;
  }
}
