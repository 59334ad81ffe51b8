/** The queue message's shape, checked before anything is forwarded (forwarder/config.ts QueuedDelivery). */
import { BODY_KEY_PREFIX, type QueuedDelivery } from "../config";

export type Parsed = { ok: true; delivery: QueuedDelivery } | { ok: false; problem: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Validates the queue message shape; the problem names a field, never echoes a value. */
export function parseDelivery(body: unknown): Parsed {
  if (typeof body !== "string") return { ok: false, problem: "body-not-string" };
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return { ok: false, problem: "invalid-json" };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false, problem: "not-an-object" };
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === "string" && (o[k] as string).length > 0;
  for (const k of ["source", "deliveryId", "method", "url"]) if (!str(k)) return { ok: false, problem: `field-${k}` };
  if (typeof o["receivedAt"] !== "number" || !Number.isFinite(o["receivedAt"])) return { ok: false, problem: "field-receivedAt" };
  if (o["bodyEncoding"] === "s3") {
    const c = o["bodyClaim"] as Record<string, unknown> | null | undefined;
    const valid = !!c && typeof c === "object" && typeof c["bucket"] === "string" && c["bucket"] !== ""
      && typeof c["key"] === "string" && c["key"].startsWith(BODY_KEY_PREFIX)
      && Number.isSafeInteger(c["bytes"]) && (c["bytes"] as number) >= 0
      && typeof c["sha256"] === "string" && SHA256_HEX.test(c["sha256"]);
    if (!valid) return { ok: false, problem: "field-bodyClaim" };
  } else {
    if (typeof o["body"] !== "string") return { ok: false, problem: "field-body" };
    if (o["bodyEncoding"] !== "utf8" && o["bodyEncoding"] !== "base64") return { ok: false, problem: "field-bodyEncoding" };
  }
  if (typeof o["synthetic"] !== "boolean") return { ok: false, problem: "field-synthetic" };
  const h = o["headers"];
  if (!h || typeof h !== "object" || Array.isArray(h) || Object.values(h).some((x) => typeof x !== "string")) return { ok: false, problem: "field-headers" };
  return { ok: true, delivery: o as unknown as QueuedDelivery };
}
