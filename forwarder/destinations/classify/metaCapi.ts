/**
 * Kind `meta-capi`: the Conversions API (`POST /v<version>/<pixel or dataset id>/events`).
 *
 * Documented answers:
 * - success: 200 `{"events_received": <n>, "messages": [], "fbtrace_id": "..."}`; a batch with one
 *   invalid event is rejected whole (developers.facebook.com/docs/marketing-api/conversions-api/
 *   support: "If the event payload is valid, a 2xx ... If invalid, a 4xx ... with minimal error details");
 * - errors: the Graph API error object `{"error": {"message", "type", "code", "error_subcode",
 *   "is_transient", "fbtrace_id"}}` (developers.facebook.com/docs/graph-api/guides/error-handling),
 *   whose `code` says more than the HTTP status: 190 (token expired, revoked or invalid) and 102
 *   (session) arrive over HTTP 400 as often as 401, and throttling (4, 17, 32, 613, 80004) over 400 too.
 *
 * So the code decides: token codes are auth_error; throttling and temporary codes (1, 2, 341, 368, or
 * `is_transient: true`) are retryable; permission codes (3, 10, 200-299) are auth_error; anything
 * else the status decides. An `error` inside a 2xx is not a success.
 */
import { failure, isObject, statusVerdict, type Classifier } from "./types";

const TOKEN = new Set([102, 190]);
const THROTTLED = new Set([4, 17, 32, 341, 368, 613, 80004]);
const TEMPORARY = new Set([1, 2]);
const PERMISSION = (code: number) => code === 3 || code === 10 || (code >= 200 && code <= 299);

export const classifyMetaCapi: Classifier = ({ status, json }) => {
  const error = isObject(json) && isObject(json.error) ? json.error : undefined;
  if (!error) return statusVerdict(status);
  const ok2xx = status >= 200 && status < 300;
  const code = typeof error.code === "number" ? error.code : Number(error.code);
  if (!Number.isFinite(code)) return ok2xx ? failure(status, false, "unexpected_response") : statusVerdict(status);
  // The permission family 200-299 shares one tag value.
  const tag = code > 200 && code <= 299 ? 200 : code;
  if (TOKEN.has(code) || PERMISSION(code)) return failure(status, false, "auth_error", tag);
  if (THROTTLED.has(code)) return failure(status, true, "rate_limited", tag);
  if (TEMPORARY.has(code) || error.is_transient === true) return failure(status, true, "server_error", tag);
  // Anything else (100 invalid parameter...): the status decides, and an error in a 2xx is a refusal.
  if (ok2xx) return failure(status, false, "client_error", tag);
  return statusVerdict(status, tag);
};
