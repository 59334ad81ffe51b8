/**
 * Reading a destination's answer: one classifier per destination kind, each from its vendor's
 * documented response bodies (cited in its file). A classifier sees the status and, for kinds that
 * need it, the body parsed as JSON (at most forward.ts's MAX_RESPONSE_BYTES of it).
 *
 * The verdict says whether the delivery succeeded and, when not, whether retrying can help and the
 * bounded metric tags: `reason` (names.ts FAIL_REASONS) and, when the destination gave one, its code
 * as `error_code` (names.ts ERROR_CODES, anything else `other`).
 */
import { classifyStatus, type AttemptFailure } from "../../forward/retryPolicy";
import { errorCodeTag, failReasonForStatus, type ErrorCode, type FailReason } from "../../metrics/names";

export interface ResponseView {
  readonly status: number;
  /** The body parsed as JSON; undefined when empty, not JSON or not read. */
  readonly json: unknown;
}

export type Verdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly reason: FailReason;
      /** For logs: `http-<status>`, or what a 2xx carried (`partial-failure`, `destination-error`). */
      readonly failure: AttemptFailure;
      readonly errorCode?: ErrorCode;
    };

export type Classifier = (response: ResponseView) => Verdict;

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * The HTTP status alone: 2xx succeeds; 5xx, 429 and 408 are retryable; everything else (4xx, 3xx:
 * fetch runs with redirect "manual") is permanent. The generic kind and every kind's fallback.
 */
export function statusVerdict(status: number, errorCode?: string | number): Verdict {
  if (is2xx(status)) return { ok: true };
  const code = errorCodeTag(errorCode);
  return { ok: false, ...classifyStatus(status), reason: failReasonForStatus(status), ...(code && { errorCode: code }) };
}

/** A failure with its reason and code chosen by the classifier rather than the status. */
export function failure(status: number, retryable: boolean, reason: FailReason, errorCode?: string | number, what?: AttemptFailure): Verdict {
  const code = errorCodeTag(errorCode);
  return { ok: false, retryable, reason, failure: what ?? (is2xx(status) ? "destination-error" : `http-${status}`), ...(code && { errorCode: code }) };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
