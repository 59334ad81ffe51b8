/**
 * Kind `salesforce`: the REST API (`/services/data/v<version>/...`), sObject rows and sObject
 * Collections (`composite/sobjects`, create, update and upsert by external id).
 *
 * Documented answers (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
 * resources_composite_sobjects_collections_upsert.htm, errorcodes.htm):
 * - a collection answers 200 with one result per record, in order:
 *   `[{"id": "...", "success": true, "errors": [], "created": true}, {"success": false, "errors":
 *   [{"statusCode": "REQUIRED_FIELD_MISSING", "message": "...", "fields": ["LastName"]}]}]`: with
 *   `allOrNone: false` some records may fail inside the 200;
 * - a single row answers 201/200 `{"id": "...", "success": true, "errors": []}` or 204;
 * - `/composite` answers 200 with `compositeResponse[].httpStatusCode` per subrequest;
 * - errors: `[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]` over 401,
 *   REQUEST_LIMIT_EXCEEDED over 403 (the org's API limit: retryable, it resets), and so on.
 *
 * Record-level failures make a partial_failure; UNABLE_TO_LOCK_ROW (another transaction held the row)
 * is the documented retryable one. The rest need the data or the org fixed.
 */
import { failure, isObject, statusVerdict, type Classifier } from "./types";

const RETRYABLE_CODES = new Set(["UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE"]);

export const classifySalesforce: Classifier = ({ status, json }) => {
  if (status >= 200 && status < 300) {
    const codes = recordErrors(json);
    if (codes === undefined) return { ok: true };
    return failure(status, codes.length > 0 && codes.every((c) => RETRYABLE_CODES.has(c)), "partial_failure", codes[0] ?? "other", "partial-failure");
  }
  const first = Array.isArray(json) && isObject(json[0]) ? json[0] : isObject(json) ? json : undefined;
  const code = first && typeof first.errorCode === "string" ? first.errorCode : undefined;
  if (code === "REQUEST_LIMIT_EXCEEDED") return failure(status, true, "rate_limited", code);
  return statusVerdict(status, code);
};

/** The statusCodes of failed records (undefined when every record, or the single row, succeeded). */
function recordErrors(json: unknown): string[] | undefined {
  const results = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.compositeResponse) ? json.compositeResponse : isObject(json) ? [json] : [];
  const codes: string[] = [];
  let failed = false;
  for (const r of results) {
    if (!isObject(r)) continue;
    const subStatus = typeof r.httpStatusCode === "number" ? r.httpStatusCode : undefined;
    if (r.success === false || (subStatus !== undefined && subStatus >= 400)) {
      failed = true;
      const errors = Array.isArray(r.errors) ? r.errors : Array.isArray(r.body) ? r.body : [];
      for (const e of errors) if (isObject(e)) codes.push(String(e.statusCode ?? e.errorCode ?? "other"));
    }
  }
  return failed ? codes : undefined;
}
