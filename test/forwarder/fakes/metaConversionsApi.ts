/**
 * Meta Conversions API, `POST /v<version>/<pixel id>/events`, as documented:
 * - the access token in the `access_token` parameter (developers.facebook.com/documentation/
 *   ads-commerce/conversions-api/using-the-api: ".../{PIXEL_ID}/events?access_token={TOKEN}");
 *   a wrong one is Graph API error 190, `OAuthException`, over HTTP 400
 *   (developers.facebook.com/docs/graph-api/guides/error-handling);
 * - a body with `data`, 1 to 1,000 events; each with `event_name`, `event_time` (Unix seconds, at most
 *   7 days old), `action_source` and `user_data`; website events also need `event_source_url` and
 *   `client_user_agent` (conversions-api/parameters). Anything missing is error 100 over HTTP 400,
 *   and one invalid event rejects the whole batch;
 * - success: 200 `{"events_received": n, "messages": [], "fbtrace_id": "..."}`.
 */
import { isObject, mediaType, startFake, traceId, type FakeApi, type FakeRequest } from "./fakeServer";

const ACTION_SOURCES = new Set(["email", "website", "app", "phone_call", "chat", "physical_store", "system_generated", "business_messaging", "other"]);
const SEVEN_DAYS = 7 * 24 * 3600;

export interface MetaFake extends FakeApi {
  /** The access token Meta currently accepts; change it to model a revoked token. */
  token: string;
  readonly received: unknown[];
}

export async function startMetaConversionsApi(options: { token: string; now?: () => number }): Promise<MetaFake> {
  const state = { token: options.token };
  const now = options.now ?? (() => Date.now());
  const received: unknown[] = [];
  const graphError = (code: number, type: string, message: string) => ({ status: 400, body: { error: { message, type, code, fbtrace_id: traceId() } } });
  const invalid = (message: string) => graphError(100, "OAuthException", `(#100) ${message}`);
  const fake = await startFake((req: FakeRequest) => {
    if (req.method !== "POST" || !/^\/v\d+\.\d+\/\d+\/events$/.test(req.path)) return { status: 400, body: { error: { message: "Unknown path components", type: "OAuthException", code: 2500, fbtrace_id: traceId() } } };
    if (req.query.get("access_token") !== state.token) return graphError(190, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
    if (mediaType(req) !== "application/json") return invalid("The parameter data is required");
    const data = isObject(req.json) ? req.json.data : undefined;
    if (!Array.isArray(data) || data.length === 0 || data.length > 1000) return invalid("The parameter data is required and holds 1 to 1000 events");
    const nowSeconds = Math.floor(now() / 1000);
    for (const [i, e] of data.entries()) {
      if (!isObject(e)) return invalid(`data[${i}] is not an event`);
      if (typeof e.event_name !== "string" || e.event_name === "") return invalid(`data[${i}]: event_name is required`);
      if (!Number.isInteger(e.event_time)) return invalid(`data[${i}]: event_time must be a Unix timestamp in seconds`);
      if ((e.event_time as number) < nowSeconds - SEVEN_DAYS) return invalid(`data[${i}]: event_time is more than 7 days in the past`);
      if (typeof e.action_source !== "string" || !ACTION_SOURCES.has(e.action_source)) return invalid(`data[${i}]: action_source is required`);
      if (!isObject(e.user_data)) return invalid(`data[${i}]: user_data is required`);
      if (e.action_source === "website" && (typeof e.event_source_url !== "string" || typeof e.user_data.client_user_agent !== "string")) {
        return invalid(`data[${i}]: website events require event_source_url and user_data.client_user_agent`);
      }
    }
    received.push(...data);
    return { status: 200, body: { events_received: data.length, messages: [], fbtrace_id: traceId() } };
  });
  return {
    ...fake,
    received,
    get token() {
      return state.token;
    },
    set token(t) {
      state.token = t;
    },
  };
}
