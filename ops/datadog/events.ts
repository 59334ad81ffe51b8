/**
 * Posting one event to Datadog: "Post an event", POST /api/v1/events
 * (https://docs.datadoghq.com/api/latest/events/post-an-event/, v1 tab). The documented request:
 * a JSON body with `title` (required, at most 100 characters) and `text` (required, at most 4000
 * characters), optional `alert_type` (error, warning, info, success, user_update, recommendation,
 * snapshot), `priority` (normal, low), `tags` (strings), `aggregation_key` (at most 100 characters);
 * authenticated by the API key alone, in the DD-API-KEY header (no application key). Datadog answers
 * 202 with `{"status": "ok", "event": {"id": ...}}`.
 *
 * The limits are checked here, before sending, so a long commit list or many teams never turn
 * into a 400 at the moment a deploy fails: the caller gets a clear error instead.
 */
import { readEnvKey } from "../http/envKey";
import { requestJson, type RetryOptions } from "../http/jsonApi";
import { ShapeReader } from "../http/shape";
import { datadogBaseUrl, MissingKeysError } from "./client";

export const EVENT_ALERT_TYPES = ["error", "warning", "info", "success", "user_update", "recommendation", "snapshot"] as const;
export type EventAlertType = (typeof EVENT_ALERT_TYPES)[number];
export const EVENT_PRIORITIES = ["normal", "low"] as const;

export const EVENT_TITLE_MAX = 100;
export const EVENT_TEXT_MAX = 4000;
export const EVENT_AGGREGATION_KEY_MAX = 100;

/** The body of POST /api/v1/events, as documented (the fields we use). */
export interface EventCreateRequest {
  readonly title: string;
  readonly text: string;
  readonly alert_type?: EventAlertType;
  readonly priority?: (typeof EVENT_PRIORITIES)[number];
  readonly tags?: readonly string[];
  readonly aggregation_key?: string;
}

export interface EventsClientOptions extends RetryOptions {
  readonly apiKey: string;
  /** https://api.<site>, or a loopback server in tests. */
  readonly baseUrl: string;
}

const PATH = "/api/v1/events";

/** What is wrong with an event before it is sent (empty when nothing). */
export function eventProblems(event: EventCreateRequest): string[] {
  const problems: string[] = [];
  if (!event.title.trim()) problems.push("the title is empty");
  if (event.title.length > EVENT_TITLE_MAX) problems.push(`the title has ${event.title.length} characters, more than Datadog's ${EVENT_TITLE_MAX}`);
  if (!event.text.trim()) problems.push("the text is empty");
  if (event.text.length > EVENT_TEXT_MAX) problems.push(`the text has ${event.text.length} characters, more than Datadog's ${EVENT_TEXT_MAX}`);
  if ((event.aggregation_key?.length ?? 0) > EVENT_AGGREGATION_KEY_MAX) problems.push(`the aggregation key is longer than ${EVENT_AGGREGATION_KEY_MAX} characters`);
  return problems;
}

/** Posts the event; resolves to Datadog's id for it. Throws ApiError (never quoting the key) when Datadog refuses. */
export async function postEvent(options: EventsClientOptions, event: EventCreateRequest): Promise<number> {
  const problems = eventProblems(event);
  if (problems.length) throw new Error(`the event was not sent: ${problems.join("; ")}.`);
  const { apiKey, baseUrl, ...retry } = options;
  const body = await requestJson({
    api: "Datadog API",
    method: "POST",
    baseUrl,
    path: PATH,
    headers: { "DD-API-KEY": apiKey },
    body: event,
    ...retry,
    refusals: {
      auth: { says: "rejected the API key", hint: "check DD_API_KEY and DD_SITE" },
      forbidden: { says: "refused the API key", hint: "check DD_API_KEY belongs to this Datadog organisation and site" },
    },
  });
  const read = new ShapeReader(`Datadog API answered POST ${PATH}`);
  const answer = read.object(body, "the response");
  if (answer.status !== "ok") read.fail(`status is ${JSON.stringify(answer.status)}, not "ok"`);
  return read.number(read.object(answer.event, "event").id, "event.id");
}

/** DD_API_KEY (the only key the endpoint needs) and the site as for every Datadog CLI here (DD_API_URL, DD_SITE, else `defaultSite`). */
export function eventsClientFromEnv(env: NodeJS.ProcessEnv, defaultSite?: string): EventsClientOptions {
  const apiKey = readEnvKey(env, "DD_API_KEY");
  if (!apiKey) throw new MissingKeysError("DD_API_KEY is not set: export the Datadog API key (from a secret store, never on the command line).");
  return { apiKey, baseUrl: datadogBaseUrl(env, defaultSite) };
}
