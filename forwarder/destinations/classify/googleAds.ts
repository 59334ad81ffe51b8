/**
 * Kind `google-ads`: `customers/<id>:uploadClickConversions` (and other REST methods with
 * `partialFailure: true`).
 *
 * Documented answers (developers.google.com/google-ads/api/reference/rpc/v26/UploadClickConversionsResponse,
 * .../docs/best-practices/partial-failures, .../docs/best-practices/error-types):
 * - 200 `{"results": [...], "partialFailureError": {google.rpc.Status}, "jobId": ...}`: errors "inside
 *   the conversions" come back in `partialFailureError` of a 200, whose `details[]` hold a
 *   `GoogleAdsFailure` with `errors[].errorCode` (`{"conversionUploadError": "UNPARSEABLE_GCLID"}`);
 * - errors outside the conversions (authentication, authorization, quota) are RPC errors:
 *   `{"error": {"code": 401, "status": "UNAUTHENTICATED", "details": [GoogleAdsFailure]}}` over the
 *   matching HTTP status.
 *
 * A partialFailureError is a failure (partial_failure), permanent, except:
 * - TOO_RECENT_EVENT and TOO_RECENT_CONVERSION_ACTION, which the enum's documentation says to retry
 *   after 6 hours: retryable (the message waits in the dead-letter queue for a redrive);
 * - CLICK_CONVERSION_ALREADY_EXISTS (and CALL_CONVERSION_ALREADY_EXISTS) for every refused conversion:
 *   "the same click and conversion_date_time as an existing conversion", the upload already
 *   accepted, which a redelivery (at-least-once) makes happen. That is a success.
 */
import { failure, isObject, statusVerdict, type Classifier } from "./types";

const RETRY_LATER = new Set(["TOO_RECENT_EVENT", "TOO_RECENT_CONVERSION_ACTION"]);
const ALREADY_ACCEPTED = new Set(["CLICK_CONVERSION_ALREADY_EXISTS", "CALL_CONVERSION_ALREADY_EXISTS"]);

export const classifyGoogleAds: Classifier = ({ status, json }) => {
  const body = isObject(json) ? json : {};
  if (status >= 200 && status < 300) {
    const partial = body.partialFailureError;
    // google.rpc.Status: code 0 is OK; a present status with another code (or errors in its details) is a failure.
    if (!isObject(partial) || (partial.code === 0 && errorCodes(partial).length === 0)) return { ok: true };
    const codes = errorCodes(partial);
    if (codes.length > 0 && codes.every((c) => ALREADY_ACCEPTED.has(c))) return { ok: true };
    const retryable = codes.length > 0 && codes.every((c) => RETRY_LATER.has(c) || ALREADY_ACCEPTED.has(c));
    return failure(status, retryable, "partial_failure", codes.find((c) => !ALREADY_ACCEPTED.has(c)) ?? "other", "partial-failure");
  }
  const error = isObject(body.error) ? body.error : undefined;
  return statusVerdict(status, error ? (errorCodes(error)[0] ?? (typeof error.status === "string" ? error.status : undefined)) : undefined);
};

/** The enum values of every GoogleAdsFailure error in a google.rpc.Status's details, in order. */
function errorCodes(status: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const detail of Array.isArray(status.details) ? status.details : []) {
    if (!isObject(detail) || !Array.isArray(detail.errors)) continue;
    for (const e of detail.errors) {
      if (!isObject(e) || !isObject(e.errorCode)) continue;
      for (const v of Object.values(e.errorCode)) if (typeof v === "string") out.push(v);
    }
  }
  return out;
}
