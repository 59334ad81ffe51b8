/** Shapes shared by every verifier. Nothing here may carry a secret or a body back out. */

export interface WebhookRequest {
  method: string;
  /** Full PUBLIC url (scheme, host, path, query), rebuilt from configuration: never from the Lambda's Host header. */
  url: string;
  /** Header names are matched case-insensitively: use `header()`. */
  headers: Record<string, string | undefined>;
  /** Raw bytes as the vendor sent them (already base64-decoded, see rawBody.ts). */
  body: Buffer;
}

export type FailureReason =
  | "missing-signature"
  | "bad-signature"
  | "stale-timestamp"
  | "future-timestamp"
  | "bad-timestamp"
  | "not-allowed";

export type Verdict = { ok: true; deliveryId?: string } | { ok: false; reason: FailureReason };

export interface VerifyOptions {
  /** Active secrets; during a rotation configure old and new: any match is accepted. Empty strings are ignored. */
  secrets: readonly string[];
  /** Current time in ms, injectable for tests. */
  now: () => number;
  /** Allowed clock difference, past AND future; default 300. */
  toleranceSeconds?: number;
}

export type Verifier = (req: WebhookRequest, opts: VerifyOptions) => Verdict;

export const fail = (reason: FailureReason): Verdict => ({ ok: false, reason });

/** Longest header value we will look at; real signature headers are well under 1 KiB. */
export const MAX_HEADER_LENGTH = 8192;

/**
 * Case-insensitive header lookup. Values that differ only by the name's case are ambiguous
 * (a proxy or a forger doubled the header), so they read as absent and the request fails closed.
 */
export function header(req: Pick<WebhookRequest, "headers">, name: string): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  const headers: unknown = req?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || typeof value !== "string") continue;
    if (found !== undefined && found !== value) return undefined;
    found = value;
  }
  return found?.trim();
}

/** Usable secrets: an empty HMAC key would let anyone sign. */
export const usableSecrets = (opts: VerifyOptions): string[] =>
  Array.isArray(opts?.secrets) ? opts.secrets.filter((s): s is string => typeof s === "string" && s.length > 0) : [];

/** The body, or an empty buffer if a caller broke the type contract at runtime. */
export const bodyOf = (req: WebhookRequest): Buffer => (Buffer.isBuffer(req?.body) ? req.body : Buffer.alloc(0));

/** Dedupe keys end up in queue attributes and logs: keep them short and printable, or drop them. */
export function cleanId(value: unknown): string | undefined {
  return typeof value === "string" && /^[\x21-\x7e]{1,256}$/.test(value) ? value : undefined;
}

/** Wraps a verifier so that an unexpected exception still yields a rejection rather than a crash (fail closed). */
export function failClosed<A extends unknown[]>(fn: (...args: A) => Verdict): (...args: A) => Verdict {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch {
      return fail("bad-signature");
    }
  };
}
