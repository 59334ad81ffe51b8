/**
 * HubSpot Forms, `POST /submissions/v3/integration/secure/submit/<portalId>/<formGuid>` (the
 * authenticated endpoint: developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v3-legacy/
 * submit-data-authenticated): a private app token as `Authorization: Bearer`, a JSON body with
 * `fields` ([{objectTypeId, name, value}], up to 1000), an optional `context`. Answers 200
 * `{"inlineMessage": ...}`; 400 `{"status": "error", "message": "The request is not valid", "errors":
 * [{"message", "errorType": "INVALID_EMAIL"}]}`; 401 without a valid token; 404 for an unknown form.
 */
import { randomUUID } from "node:crypto";
import { bearerOf } from "./oauth2Server";
import { isObject, mediaType, startFake, type FakeApi } from "./fakeServer";

export interface HubspotFormsFake extends FakeApi {
  readonly submissions: unknown[];
}

export async function startHubspotFormsApi(options: { token: string; portalId: string; formGuid: string }): Promise<HubspotFormsFake> {
  const submissions: unknown[] = [];
  const fail = (status: number, message: string, errors?: { message: string; errorType: string }[]) => ({ status, body: { status: "error", message, correlationId: randomUUID(), ...(errors && { errors }) } });
  const fake = await startFake((req) => {
    if (bearerOf(req.headers.authorization) !== options.token) return fail(401, "Authentication credentials not found.");
    if (req.method !== "POST" || req.path !== `/submissions/v3/integration/secure/submit/${options.portalId}/${options.formGuid}`) return fail(404, "Form not found");
    if (mediaType(req) !== "application/json" || !isObject(req.json) || !Array.isArray(req.json.fields) || req.json.fields.length === 0) return fail(400, "The request is not valid", [{ message: "fields is required", errorType: "REQUIRED_FIELD" }]);
    for (const f of req.json.fields) {
      if (!isObject(f) || typeof f.name !== "string" || typeof f.value !== "string") return fail(400, "The request is not valid", [{ message: "Each field needs a name and a value", errorType: "REQUIRED_FIELD" }]);
      if (f.name === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.value)) return fail(400, "The request is not valid", [{ message: "Error in 'fields.email'. Invalid email address", errorType: "INVALID_EMAIL" }]);
    }
    submissions.push(req.json);
    return { status: 200, body: { inlineMessage: "Thanks for submitting the form." } };
  });
  return { ...fake, submissions };
}
