/**
 * Back-pressure: a message whose target asked for more time than the invocation has (429 or 503
 * with a long Retry-After) is hidden until then with ChangeMessageVisibility, instead of coming back
 * at the queue's visibility timeout and asking again too early. A message whose targets have all
 * settled, one of them refusing it for good, is made visible at once (0 s), so its remaining
 * receives, which send nothing, take it to the dead-letter queue now rather than over hours.
 *
 * SQS: "the new timeout counts from the time of the ChangeMessageVisibility call", 0 to 43,200 s
 * (12 hours) (API Reference, ChangeMessageVisibility), but the 12 hours are a limit on the message's
 * whole visibility counted from the receive that delivered it: a change whose total goes past it is
 * refused ("Total VisibilityTimeout for the message is beyond the limit [43200 seconds]", SQS
 * developer guide, visibility timeout). The change is sent after the invocation has run for up to
 * Lambda's longest timeout (900 s), so a deferral is capped at 12 h minus that: it is always
 * accepted. Lambda leaves a reported batch item failure invisible for the rest of its visibility
 * timeout, so the change stands.
 */
import type { SqsClient } from "../aws/sqs";

/** SQS's largest total visibility of a received message: 12 hours from the receive. */
export const SQS_MAX_VISIBILITY_SECONDS = 12 * 3600;
/** Lambda's longest function timeout: how long after the receive the change may be sent. */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** The longest deferral, so that receive-to-change plus the deferral stays within SQS's 12 hours. */
export const MAX_VISIBILITY_SECONDS = SQS_MAX_VISIBILITY_SECONDS - LAMBDA_MAX_TIMEOUT_SECONDS;

/** A Retry-After in ms as a visibility timeout: whole seconds, rounded up (never earlier than asked), at most 11 h 45 min. */
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
  readonly sqs?: Pick<SqsClient, "changeMessageVisibility">;
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
      await deps.sqs.changeMessageVisibility({ QueueUrl: deps.queueUrl, ReceiptHandle: c.receiptHandle, VisibilityTimeout: c.seconds }, signal);
      deps.log({ event: "visibility_changed", ...ids });
    } catch (err) {
      const e = err as { name?: unknown } | null;
      deps.log({ event: "visibility_change_failed", ...ids, error: typeof e?.name === "string" ? e.name : "unknown" });
    }
  }));
}
