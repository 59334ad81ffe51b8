/**
 * Back-pressure: a message whose target asked for more time than the invocation has (429 or 503
 * with a long Retry-After) is hidden until then with ChangeMessageVisibility, instead of coming back
 * at the queue's visibility timeout and asking again too early. A message whose targets have all
 * settled, one of them refusing it for good, is made visible at once (0 s), so its remaining
 * receives, which send nothing, take it to the dead-letter queue now rather than over hours.
 *
 * SQS: "the new timeout counts from the time of the ChangeMessageVisibility call", 0 to 43,200 s
 * (12 hours) (API Reference, ChangeMessageVisibility). Lambda leaves a reported batch item failure
 * invisible for the rest of its visibility timeout, so the change stands.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** SQS's largest visibility timeout: 12 hours. */
export const MAX_VISIBILITY_SECONDS = 12 * 3600;

/** A Retry-After in ms as a visibility timeout: whole seconds, rounded up (never earlier than asked), at most 12 h. */
export function visibilityForRetryAfter(retryAfterMs: number): number {
  if (!Number.isFinite(retryAfterMs) || retryAfterMs <= 0) return 0;
  return Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(retryAfterMs / 1000));
}

export interface VisibilityChange {
  readonly messageId: string;
  readonly receiptHandle: string | undefined;
  readonly seconds: number;
  readonly why: "deferred" | "settled";
}

export interface VisibilityDeps {
  readonly sqs?: Pick<SQSClient, "send">;
  readonly queueUrl?: string;
  readonly log: (entry: Record<string, unknown>) => void;
}

/**
 * Applies the changes, concurrently; never throws. A change that cannot be made leaves the message
 * to the queue's own visibility timeout: later than asked, never earlier, so nothing is hammered.
 */
export async function changeVisibility(changes: readonly VisibilityChange[], deps: VisibilityDeps, signal?: AbortSignal): Promise<void> {
  await Promise.all(changes.map(async (c) => {
    const ids = { messageId: c.messageId, visibilitySeconds: c.seconds, why: c.why };
    if (!deps.sqs || !deps.queueUrl || !c.receiptHandle) {
      deps.log({ event: "visibility_change_unavailable", ...ids, missing: !c.receiptHandle ? "receiptHandle" : "queue" });
      return;
    }
    try {
      await deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: deps.queueUrl, ReceiptHandle: c.receiptHandle, VisibilityTimeout: c.seconds }), { abortSignal: signal });
      deps.log({ event: "visibility_changed", ...ids });
    } catch (err) {
      const e = err as { name?: unknown } | null;
      deps.log({ event: "visibility_change_failed", ...ids, error: typeof e?.name === "string" ? e.name : "unknown" });
    }
  }));
}
