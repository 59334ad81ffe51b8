/**
 * Kind `hubspot-forms`: the Forms submission API (`api.hsforms.com/submissions/v3/integration/
 * [secure/]submit/<portalId>/<formGuid>`).
 *
 * Documented answers (developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v3-legacy/
 * submit-data-authenticated): 200 `{"inlineMessage": "..."}` or `{"redirectUri": "..."}`; 400
 * `{"status": "error", "message": "The request is not valid", "correlationId": "...", "errors":
 * [{"message": "Error in 'fields.email'. Invalid email address", "errorType": "INVALID_EMAIL"}]}`;
 * 401/403 for a missing or insufficient private app token; 404 for an unknown form. A 2xx with
 * `"status": "error"` is not a success.
 */
import { failure, isObject, statusVerdict, type Classifier } from "./types";

export const classifyHubspotForms: Classifier = ({ status, json }) => {
  const body = isObject(json) ? json : {};
  const first = Array.isArray(body.errors) ? body.errors.find(isObject) : undefined;
  const code = first && typeof first.errorType === "string" ? first.errorType : undefined;
  if (status >= 200 && status < 300) return body.status === "error" ? failure(status, false, "client_error", code ?? "other") : { ok: true };
  return statusVerdict(status, code);
};
