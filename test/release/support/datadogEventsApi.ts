/**
 * A loopback fake of Datadog's "Post an event" (POST /api/v1/events,
 * https://docs.datadoghq.com/api/latest/events/post-an-event/, v1): it accepts only the documented
 * request and answers as documented, so a test that passes proves the shape, not a stub.
 * - the API key in the DD-API-KEY header (403 `{"errors": ["Forbidden"]}` otherwise);
 * - a JSON body (Content-Type application/json) whose fields are the documented ones: `title` and
 *   `text` required strings, at most 100 and 4000 characters; `alert_type` one of error, warning,
 *   info, success, user_update, recommendation, snapshot; `priority` normal or low; `tags` strings;
 *   `aggregation_key` at most 100 characters; `date_happened`, `related_event_id` integers; `host`,
 *   `device_name`, `source_type_name` strings. Anything else is a 400 `{"errors": [...]}`;
 * - 202 `{"status": "ok", "event": {...}}` with a new id on success.
 */
import { isObject, mediaType, startFake, type FakeApi, type FakeRequest } from "../../forwarder/fakes/fakeServer";

export interface PostedEvent {
  readonly id: number;
  readonly body: Record<string, unknown>;
  readonly headers: FakeRequest["headers"];
}

export interface DatadogEventsFake extends FakeApi {
  readonly events: PostedEvent[];
}

const ALERT_TYPES = ["error", "warning", "info", "success", "user_update", "recommendation", "snapshot"];
const STRING_FIELDS = ["host", "device_name", "source_type_name"];
const INTEGER_FIELDS = ["date_happened", "related_event_id"];
const KNOWN = new Set(["title", "text", "alert_type", "priority", "tags", "aggregation_key", ...STRING_FIELDS, ...INTEGER_FIELDS]);

export async function startDatadogEventsApi(options: { apiKey: string }): Promise<DatadogEventsFake> {
  const events: PostedEvent[] = [];
  let nextId = 7_000_000_000;
  const bad = (why: string) => ({ status: 400, body: { errors: [why] } });
  const fake = await startFake((req) => {
    if (req.path !== "/api/v1/events") return { status: 404, body: { errors: ["Not found"] } };
    if (req.method !== "POST") return { status: 405, body: { errors: ["Method Not Allowed"] } };
    if (req.headers["dd-api-key"] !== options.apiKey) return { status: 403, body: { errors: ["Forbidden"] } };
    if (mediaType(req) !== "application/json") return bad("Content-Type must be application/json");
    const body = req.json;
    if (!isObject(body)) return bad("Invalid JSON body");
    const unknown = Object.keys(body).filter((k) => !KNOWN.has(k));
    if (unknown.length) return bad(`Unknown field(s): ${unknown.join(", ")}`);
    if (typeof body.title !== "string" || body.title === "" || body.title.length > 100) return bad("title is required, at most 100 characters");
    if (typeof body.text !== "string" || body.text === "" || body.text.length > 4000) return bad("text is required, at most 4000 characters");
    if (body.alert_type !== undefined && !ALERT_TYPES.includes(body.alert_type as string)) return bad("alert_type is not an allowed value");
    if (body.priority !== undefined && body.priority !== "normal" && body.priority !== "low") return bad("priority must be normal or low");
    if (body.tags !== undefined && !(Array.isArray(body.tags) && body.tags.every((t) => typeof t === "string"))) return bad("tags must be a list of strings");
    if (body.aggregation_key !== undefined && (typeof body.aggregation_key !== "string" || body.aggregation_key.length > 100)) return bad("aggregation_key must be a string of at most 100 characters");
    for (const f of STRING_FIELDS) if (body[f] !== undefined && typeof body[f] !== "string") return bad(`${f} must be a string`);
    for (const f of INTEGER_FIELDS) if (body[f] !== undefined && !Number.isInteger(body[f])) return bad(`${f} must be an integer`);
    const id = nextId++;
    events.push({ id, body, headers: req.headers });
    return { status: 202, body: { status: "ok", event: { id, id_str: String(id), title: body.title, text: body.text, tags: body.tags ?? [], date_happened: Math.floor(Date.now() / 1000), url: `https://app.datadoghq.com/event/event?id=${id}` } } };
  });
  return { ...fake, events };
}
