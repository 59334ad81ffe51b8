/**
 * Klaviyo Create Event, `POST https://a.klaviyo.com/api/events`, as documented
 * (developers.klaviyo.com/en/reference/create_event, en/reference/api_overview):
 * - `Authorization: Klaviyo-API-Key <private key>`, else 401 `not_authenticated`;
 * - a `revision` header (YYYY-MM-DD, optionally `.pre`), required; revisions are retired two years
 *   after release (en/docs/api_versioning_and_deprecation_policy), so one older than that is refused;
 * - a JSON:API body (`application/json` or `application/vnd.api+json`): `data.type` "event",
 *   `attributes.properties`, `attributes.metric.data` (type "metric", a `name`) and
 *   `attributes.profile.data` (type "profile", an email, phone_number, external_id or id);
 * - 202 Accepted with no body; errors as `{"errors": [{"id", "status", "code", "title", "detail",
 *   "source": {"pointer"}}]}`.
 */
import { randomUUID } from "node:crypto";
import { isObject, mediaType, startFake, type FakeApi } from "./fakeServer";

export interface KlaviyoFake extends FakeApi {
  readonly events: unknown[];
}

export async function startKlaviyoApi(options: { privateKey: string; oldestRevision: string }): Promise<KlaviyoFake> {
  const events: unknown[] = [];
  const error = (status: number, code: string, title: string, detail: string, pointer?: string) => ({
    status,
    body: { errors: [{ id: randomUUID(), status, code, title, detail, ...(pointer !== undefined && { source: { pointer } }), meta: {} }] },
  });
  const invalid = (detail: string, pointer: string) => error(400, "invalid", "Invalid input.", detail, pointer);
  const fake = await startFake((req) => {
    if (req.method !== "POST" || !/^\/api\/events\/?$/.test(req.path)) return error(404, "not_found", "Not found.", "The path was not found.");
    if (req.headers.authorization !== `Klaviyo-API-Key ${options.privateKey}`) return error(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid private key.");
    const revision = String(req.headers.revision ?? "");
    if (!/^\d{4}-\d{2}-\d{2}(\.pre)?$/.test(revision)) return invalid("The revision header is required, in the form YYYY-MM-DD.", "/headers/revision");
    if (revision.slice(0, 10) < options.oldestRevision) return invalid(`Revision ${revision} has been retired.`, "/headers/revision");
    if (!["application/json", "application/vnd.api+json"].includes(mediaType(req))) return error(415, "unsupported_media_type", "Unsupported media type.", "Use application/vnd.api+json.");
    const data = isObject(req.json) && isObject(req.json.data) ? req.json.data : undefined;
    if (!data || data.type !== "event") return invalid("The type of the resource must be event.", "/data/type");
    const a = isObject(data.attributes) ? data.attributes : {};
    if (!isObject(a.properties)) return invalid("properties is required.", "/data/attributes/properties");
    const metric = isObject(a.metric) && isObject(a.metric.data) ? a.metric.data : undefined;
    if (!metric || metric.type !== "metric" || !isObject(metric.attributes) || typeof metric.attributes.name !== "string") return invalid("A metric with a name is required.", "/data/attributes/metric");
    const profile = isObject(a.profile) && isObject(a.profile.data) ? a.profile.data : undefined;
    const p = profile && isObject(profile.attributes) ? profile.attributes : {};
    if (!profile || profile.type !== "profile" || !["email", "phone_number", "external_id", "id"].some((k) => typeof p[k] === "string" || typeof profile[k] === "string")) {
      return invalid("A profile identifier (email, phone_number, external_id or id) is required.", "/data/attributes/profile");
    }
    events.push(data);
    return { status: 202 };
  });
  return { ...fake, events };
}
