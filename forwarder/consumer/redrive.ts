/**
 * Replay dead-lettered deliveries: starts SQS's server-side message move task from the DLQ back to
 * the queue the messages came from (StartMessageMoveTask; SQS moves them, nothing runs locally).
 * Messages keep their body (the full original request), so the consumer forwards them as is; a body
 * too large for a message stays in the claim-check bucket, which keeps it longer than the DLQ keeps
 * the message (CLAIM_CHECK_EXPIRY_DAYS), and the consumer reads it back from there. The per-target
 * idempotency records skip targets that already have them (within idempotencyTtlSeconds); a target
 * that refused a message for good is tried again, since SQS gives every redriven message a new id
 * ("All redriven messages are considered new messages and are assigned a new messageID": SQS
 * Developer Guide, configuring a dead-letter queue redrive).
 *
 * Fix the cause first (target back up, credentials rotated, configuration deployed), then:
 *
 *   npx tsx forwarder/consumer/redrive.ts --dlq-arn arn:aws:sqs:eu-west-1:123456789012:webhook-forwarder-dlq
 *
 * Options:
 *   --dlq-arn ARN            the dead-letter queue (required)
 *   --destination-arn ARN    move somewhere else than the original source queue (default: the source)
 *   --max-per-second N       throttle the move (default: SQS's own pace, up to 500/s)
 *   --region REGION          default: the ARN's region
 *   --status                 only list the DLQ's move tasks (status, messages moved) and exit
 *
 * Credentials and region come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN; a profile or SSO login is exported first with
 * `eval "$(aws configure export-credentials --profile NAME --format env)"`); the region defaults to
 * the ARN's. The calls are SigV4-signed SQS JSON requests (../aws/sqs.ts). Requires
 * sqs:StartMessageMoveTask / sqs:ListMessageMoveTasks on the DLQ and sqs:SendMessage on the destination.
 * Only one active move task per DLQ; cancel one with `aws sqs cancel-message-move-task --task-handle ...`.
 */
import { createSqsClient, type SqsClient } from "../aws/sqs";

export interface RedriveArgs {
  dlqArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  region?: string;
  status: boolean;
}

const ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

/** Parses argv (without node and script); throws a usage message on anything unexpected. */
export function parseRedriveArgs(argv: readonly string[]): RedriveArgs {
  const args: Partial<RedriveArgs> & { status: boolean } = { status: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--dlq-arn": args.dlqArn = value(); break;
      case "--destination-arn": args.destinationArn = value(); break;
      case "--region": args.region = value(); break;
      case "--max-per-second": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error(`--max-per-second must be an integer from 1 to 500\n${USAGE}`);
        args.maxPerSecond = n;
        break;
      }
      case "--status": args.status = true; break;
      default: throw new Error(`unknown argument ${String(flag)}\n${USAGE}`);
    }
  }
  if (!args.dlqArn) throw new Error(`--dlq-arn is required\n${USAGE}`);
  for (const [name, arn] of [["--dlq-arn", args.dlqArn], ["--destination-arn", args.destinationArn]] as const) {
    if (arn !== undefined && !ARN.test(arn)) throw new Error(`${name} is not an SQS queue ARN: ${arn}\n${USAGE}`);
  }
  return args as RedriveArgs;
}

export const USAGE = "usage: npx tsx forwarder/consumer/redrive.ts --dlq-arn ARN [--destination-arn ARN] [--max-per-second N] [--region R] [--status]";

export const regionOf = (arn: string): string | undefined => ARN.exec(arn)?.[1];

/** ListMessageMoveTasks' result entries (SQS API Reference, ListMessageMoveTasksResultEntry). */
interface MoveTask {
  readonly Status?: string;
  readonly ApproximateNumberOfMessagesMoved?: number;
  readonly ApproximateNumberOfMessagesToMove?: number;
  readonly DestinationArn?: string;
  readonly FailureReason?: string;
}

/** Starts the move (or lists tasks with --status); returns the lines to print. */
export async function redrive(sqs: Pick<SqsClient, "call">, args: RedriveArgs): Promise<string[]> {
  // No queue URL in these calls: they go to the configured endpoint or the region's (the ARN's).
  if (args.status) {
    const res = await sqs.call<{ Results?: MoveTask[] }>("ListMessageMoveTasks", { SourceArn: args.dlqArn, MaxResults: 10 });
    const rows = (res.Results ?? []).map((t) =>
      `${t.Status ?? "?"} moved ${t.ApproximateNumberOfMessagesMoved ?? 0}/${t.ApproximateNumberOfMessagesToMove ?? "?"} -> ${t.DestinationArn ?? "source queue"}${t.FailureReason ? ` (${t.FailureReason})` : ""}`);
    return rows.length > 0 ? rows : ["no move tasks for this queue"];
  }
  const res = await sqs.call<{ TaskHandle?: string }>("StartMessageMoveTask", {
    SourceArn: args.dlqArn,
    ...(args.destinationArn && { DestinationArn: args.destinationArn }),
    ...(args.maxPerSecond && { MaxNumberOfMessagesPerSecond: args.maxPerSecond }),
  });
  return [
    `started moving messages from ${args.dlqArn} to ${args.destinationArn ?? "their source queue"}`,
    `task handle: ${res.TaskHandle ?? "?"}`,
    `progress: npx tsx forwarder/consumer/redrive.ts --dlq-arn ${args.dlqArn} --status`,
  ];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // Help first, on stdout, before any argument is checked or AWS is asked anything.
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  let args: RedriveArgs;
  try {
    args = parseRedriveArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const region = args.region ?? regionOf(args.dlqArn);
  const sqs = createSqsClient(region ? { region } : {});
  try {
    for (const line of await redrive(sqs, args)) console.log(line);
  } catch (err) {
    console.error(`redrive failed: ${(err as Error).name}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
