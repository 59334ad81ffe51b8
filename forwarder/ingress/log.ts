/**
 * Structured JSON log lines for the ingress. Everything handed to the logger is scrubbed first:
 * - emails, phone numbers, IPv4 and IPv6 addresses in ANY string (nested objects and arrays
 *   too) become `[email]`, `[phone]`, `[ip]`;
 * - header values whose name looks like a credential or a signature (Stripe-Signature,
 *   X-Hub-Signature-256, Authorization, Cookie, *token*, *secret*...) are replaced entirely;
 * - fields named like a body, secret or signature are dropped outright, so a careless call
 *   site cannot leak one.
 * The handler never passes bodies, query strings (Meta puts hub.verify_token there) or parser
 * error messages (JSON.parse quotes the body) to the logger in the first place.
 * Logging never throws: a broken sink must not fail a delivery.
 */
import { isIP, isIPv6 } from "node:net";

export type LogSink = (entry: object) => void;
export type Level = "info" | "warn" | "error";

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Writes one JSON line to stdout (CloudWatch keeps one event per line). */
export const stdoutSink: LogSink = (entry) => {
  process.stdout.write(JSON.stringify(entry) + "\n");
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g;
/** Anything with two colons made of hex digits, colons and dots: confirmed with isIPv6 before redacting. */
const IPV6_CANDIDATE = /[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/g;
/** Digits with the usual separators; confirmed by digit count (7-15, E.164) and not being a date. */
const PHONE_CANDIDATE = /(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T\s].*)?$/;

function redactIpv6(candidate: string): string {
  // Trailing "." or ":" are punctuation more often than part of the address.
  for (let end = candidate.length; end >= 2; end--) {
    const c = candidate.slice(0, end);
    if (isIPv6(c)) return "[ip]" + candidate.slice(end);
    if (!/[.:]$/.test(c)) break;
  }
  return candidate;
}

/** Personal data out of one string. */
export function redactString(value: string): string {
  return value
    .replace(EMAIL, "[email]")
    .replace(IPV6_CANDIDATE, redactIpv6)
    .replace(IPV4, (m) => (isIP(m) ? "[ip]" : m))
    .replace(PHONE_CANDIDATE, (m) => {
      const digits = m.replace(/\D/g, "").length;
      if (digits < 7 || digits > 15 || ISO_DATE.test(m.trim())) return m;
      return "[phone]";
    });
}

/** Header names whose value is a credential or a signature: never logged, not even redacted. */
const SENSITIVE_HEADER = /signature|hmac|secret|token|auth|cookie|api[-_]?key|session|password/i;
/** Field names never logged whatever their value. */
const FORBIDDEN_FIELD = /^(?:body|rawbody|payload|secret|secrets|signature|password|token|verifytoken|query|querystring|rawquerystring)$/i;

/** Header map for a log line: sensitive values replaced, the rest redacted, at most 50 headers of 256 chars. */
export function headersForLog(headers: unknown, extraSensitive: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== "object") return out;
  const extra = new Set(extraSensitive.map((h) => h.toLowerCase()));
  let n = 0;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (n++ >= 50) break;
    const key = redactString(name.slice(0, 100));
    if (SENSITIVE_HEADER.test(name) || extra.has(name.toLowerCase())) out[key] = "[redacted]";
    else out[key] = typeof value === "string" ? redactString(value.slice(0, 256)) : "[non-string]";
  }
  return out;
}

/** Deep copy with every string redacted and forbidden fields dropped; cycles and depth are bounded. */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : typeof value === "function" || typeof value === "symbol" ? undefined : value;
  }
  if (depth > 6 || seen.has(value)) return "[truncated]";
  seen.add(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Error) return { name: redactString(value.name), message: redactString(String(value.message).slice(0, 300)) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (FORBIDDEN_FIELD.test(k)) continue;
    out[redactString(k)] = scrub(v, depth + 1, seen);
  }
  return out;
}

/** A logger writing `{ time, level, event, ...fields }`, scrubbed, to `sink`. */
export function createLogger(sink: LogSink, now: () => number = Date.now): Logger {
  const write = (level: Level, event: string, fields?: Record<string, unknown>) => {
    try {
      const body = scrub(fields ?? {}) as Record<string, unknown>;
      sink({ time: new Date(now()).toISOString(), level, event: redactString(String(event)), ...body });
    } catch {
      // Logging must never fail a delivery.
    }
  };
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}

/** What may be logged about an error: its type and HTTP status, and a redacted, shortened message. */
export function errorForLog(err: unknown): Record<string, unknown> {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  return {
    errorName: typeof e?.name === "string" ? e.name : typeof err,
    ...(typeof e?.code === "string" ? { errorCode: e.code } : {}),
    ...(typeof e?.$metadata?.httpStatusCode === "number" ? { httpStatus: e.$metadata.httpStatusCode } : {}),
    errorMessage: typeof e?.message === "string" ? e.message.slice(0, 200) : undefined,
  };
}
