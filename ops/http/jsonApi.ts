/**
 * One JSON HTTP call with Node's fetch: a timeout per attempt, and retries with exponential
 * backoff and full jitter on 429, 5xx, timeouts and network errors, honouring the server's
 * `Retry-After` (seconds or HTTP-date) or Datadog's `X-RateLimit-Reset` (seconds). Every
 * failure is an ApiError whose message names the API and the endpoint path only: query
 * strings and header values (where keys live) never reach a message.
 */
import { redact } from "../../compiler/redact";
import { ApiError, type ApiErrorKind } from "./apiError";
import { headerValueProblem } from "./envKey";
import { retryDelayMs } from "./retryDelay";

export { ApiError, type ApiErrorKind } from "./apiError";

export interface RetryOptions {
  /** Attempts in all, first included (default 4). */
  readonly maxAttempts?: number;
  /** Per attempt, headers and body (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** How to wait between attempts; tests pass one that records the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Longest wait a server may ask for before we give up instead (default 60 000 ms). */
  readonly maxRetryAfterMs?: number;
  /** [0, 1) source for the jitter (default Math.random). */
  readonly random?: () => number;
}

/** What to say for a refusal: `<api> <says> (<status>) for <METHOD> <path>: <hint>.` */
export interface RefusalWording {
  readonly says?: string;
  readonly hint?: string;
}

export interface JsonRequest extends RetryOptions {
  /** Name used in messages, e.g. "Datadog API". */
  readonly api: string;
  readonly baseUrl: string;
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path without query string, e.g. `/api/v1/slo`. */
  readonly path: string;
  /** Array values repeat the key (PagerDuty's `service_ids[]=a&service_ids[]=b`). */
  readonly query?: Readonly<Record<string, string | number | boolean | readonly (string | number)[] | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Wording for refusals, so a message can name the key or permission to check. */
  readonly refusals?: Partial<Record<"auth" | "forbidden" | "not-found", RefusalWording>>;
}

const DEFAULTS = { maxAttempts: 4, timeoutMs: 10_000, maxRetryAfterMs: 60_000 };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function requestJson<T = unknown>(req: JsonRequest): Promise<T> {
  const maxAttempts = Math.max(1, req.maxAttempts ?? DEFAULTS.maxAttempts);
  const sleep = req.sleep ?? realSleep;
  const endpoint = `${req.method ?? "GET"} ${req.path}`;
  const say = (kind: ApiErrorKind, text: string, status?: number) => new ApiError(kind, redact(`${req.api} ${text}`, headerSecrets(req.headers), { shapes: false }), status);
  // A header value fetch would refuse (a key with a line break) is refused here, by name: fetch's own
  // TypeError quotes the value.
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    const problem = headerValueProblem(value);
    if (problem) throw say("auth", `was not called: the ${name} header is not valid (it contains ${problem}); check the key in the environment.`);
  }

  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(req);
    const last = attempt >= maxAttempts;
    if (outcome.kind === "ok") {
      if (outcome.status === 204 || outcome.text.trim() === "") return undefined as T;
      try {
        return JSON.parse(outcome.text) as T;
      } catch {
        throw say("bad-response", `answered ${endpoint} with a body that is not JSON (${outcome.status}).`, outcome.status);
      }
    }
    if (outcome.kind === "refused") throw refusal(req, endpoint, outcome.status, outcome.detail, say);
    // Retryable: 429, 5xx, timeout, network error.
    const wait = retryDelayMs({ attempt, status: outcome.kind === "retryable-status" ? outcome.status : undefined, headers: outcome.headers, random: req.random ?? Math.random });
    const maxRetryAfterMs = req.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    if (last || wait > maxRetryAfterMs) {
      const tries = attempt === 1 ? "1 attempt" : `${attempt} attempts`;
      const askedTooLong = !last && wait > maxRetryAfterMs ? `, and asked to wait ${Math.ceil(wait / 1000)} s, longer than we wait` : "";
      switch (outcome.kind) {
        case "retryable-status":
          if (outcome.status === 429) throw say("rate-limited", `kept rate-limiting ${endpoint} (429) after ${tries}${askedTooLong}: try again later.`, 429);
          throw say("server", `failed with ${outcome.status} on ${endpoint} after ${tries}${askedTooLong}: check the API's status page and try again.`, outcome.status);
        case "timeout":
          throw say("timeout", `did not answer ${endpoint} within ${req.timeoutMs ?? DEFAULTS.timeoutMs} ms, ${tries}.`);
        case "network":
          throw say("network", `could not be reached for ${endpoint} (${outcome.code}) after ${tries}: check the network and the API's base URL.`);
      }
    }
    await sleep(wait);
  }
}

type Outcome =
  | { kind: "ok"; status: number; text: string }
  | { kind: "refused"; status: number; detail?: string }
  | { kind: "retryable-status"; status: number; headers: Headers }
  | { kind: "timeout"; headers?: undefined }
  | { kind: "network"; code: string; headers?: undefined };

async function attemptOnce(req: JsonRequest): Promise<Outcome> {
  const hasBody = req.body !== undefined;
  // Headers.set, so a caller's Accept (PagerDuty's versioned type) replaces the default instead of joining it.
  const headers = new Headers({ accept: "application/json", ...(hasBody ? { "content-type": "application/json" } : {}) });
  for (const [name, value] of Object.entries(req.headers ?? {})) headers.set(name, value);
  try {
    const res = await fetch(buildUrl(req), {
      method: req.method ?? "GET",
      headers,
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULTS.timeoutMs),
      redirect: "error",
    });
    // The body is read under the same signal, so a stalled body is a timeout too.
    const text = await res.text();
    if (res.ok) return { kind: "ok", status: res.status, text };
    if (res.status === 429 || res.status >= 500 || res.status === 408) return { kind: "retryable-status", status: res.status, headers: res.headers };
    return { kind: "refused", status: res.status, detail: errorDetail(text) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === "TimeoutError" || err.name === "AbortError") return { kind: "timeout" };
    return { kind: "network", code: err.cause?.code ?? "connection failed" };
  }
}

function refusal(req: JsonRequest, endpoint: string, status: number, detail: string | undefined, say: (kind: ApiErrorKind, text: string, status?: number) => ApiError): ApiError {
  const kind = status === 401 ? "auth" : status === 403 ? "forbidden" : status === 404 ? "not-found" : undefined;
  if (kind) {
    const defaults = { auth: "rejected the credentials", forbidden: "refused access", "not-found": "found nothing" };
    const wording = req.refusals?.[kind] ?? {};
    return say(kind, `${wording.says ?? defaults[kind]} (${status}) for ${endpoint}${wording.hint ? `: ${wording.hint}` : ""}.`, status);
  }
  // 400, 409, 422...: our request was wrong; the API's own words say how.
  return say("bad-response", `refused ${endpoint} (${status})${detail ? `: ${detail}` : ""}.`, status);
}

/** The API's error text from a Datadog (`{"errors": [...]}`) or PagerDuty (`{"error": {"message"}}`) body. */
function errorDetail(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: unknown; error?: { message?: unknown } | string };
    const raw = Array.isArray(body.errors) ? body.errors.map(String).join("; ") : typeof body.error === "string" ? body.error : body.error?.message;
    return typeof raw === "string" && raw.trim() ? raw.trim().replace(/\s+/g, " ").replace(/[.]+$/, "").slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function buildUrl(req: JsonRequest): URL {
  const url = new URL(req.baseUrl.replace(/\/+$/, "") + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url;
}

/** Belt and braces: no header value (keys, tokens) may appear in a message, whatever an API echoes. */
function headerSecrets(headers: Readonly<Record<string, string>> | undefined): string[] {
  return Object.values(headers ?? {}).flatMap((value) => [value, value.replace(/^(?:Token token=|Bearer )/, "")]).filter((v) => v.length >= 8);
}
