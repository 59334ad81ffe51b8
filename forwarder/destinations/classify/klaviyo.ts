/**
 * Kind `klaviyo`: the JSON:API endpoints (`POST /api/events`, `/api/profile-import`...).
 *
 * Documented answers (developers.klaviyo.com/en/reference/api_overview, "Errors" and "Rate limits";
 * create_event): 202 Accepted with an empty body for an event; errors as a JSON:API `errors` array
 * `{"errors": [{"id", "status": 400, "code": "invalid", "title", "detail", "source": {"pointer":
 * "/data/attributes/metric"}}]}`, with 401 `not_authenticated`, 403 `permission_denied`, 429
 * `throttled` (with Retry-After). An `errors` array in a 2xx is not a success.
 */
import { failure, isObject, statusVerdict, type Classifier } from "./types";

export const classifyKlaviyo: Classifier = ({ status, json }) => {
  const errors = isObject(json) && Array.isArray(json.errors) ? json.errors.filter(isObject) : [];
  const code = errors.find((e) => typeof e.code === "string")?.code as string | undefined;
  if (status >= 200 && status < 300) return errors.length === 0 ? { ok: true } : failure(status, false, "client_error", code ?? "other");
  return statusVerdict(status, code);
};
