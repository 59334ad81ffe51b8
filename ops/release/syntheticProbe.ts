/**
 * The post-deploy synthetic webhook: one event signed with the synthetic source's own secret,
 * sent through the real Function URL, then confirmed delivered by the consumer's idempotency
 * records (forwarder/consumer/idempotency.ts: one item per source, target and delivery id, state
 * `delivered` once the target answered 2xx). That record is written by the consumer right after
 * the target accepted the event, so it proves every hop: the ingress verified and queued it, the
 * consumer read it, loaded the target's credentials and delivered it. Metrics would say the same
 * minutes later and only in aggregate; the record names this very delivery.
 *
 * The clock, the sleep and the record reader are passed in, so tests run it against loopback
 * servers without waiting.
 */
import { randomUUID } from "node:crypto";
import { deliveryKey, STATE_DELIVERED, STATE_REJECTED } from "../../forwarder/consumer/idempotency";
import { SYNTHETIC_HEADER } from "../../forwarder/ingress/handler";
import { ApiError, requestJson, type RetryOptions } from "../http/jsonApi";
import { signStandardWebhook } from "./standardWebhookSigner";

export interface SyntheticProbe {
  /** The source's full webhook URL, from the stack output `webhookUrls`. */
  readonly url: string;
  /** `<integration>/<source>`: the key of the idempotency records. */
  readonly sourceKey: string;
  /** The source's targets (`forwardTo` systems): each must record the delivery. */
  readonly systems: readonly string[];
  /** whsec_...: the synthetic source's signing secret. */
  readonly secret: string;
  readonly stack: string;
  readonly commit: string;
}

export interface DeliveryRecord {
  readonly state: string;
  /** Set on a refusal: the `failed{reason}` value. */
  readonly reason?: string;
}

export interface ProbeDeps {
  /** The idempotency record under `key`, undefined while there is none. */
  readonly readDelivery: (key: string) => Promise<DeliveryRecord | undefined>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The webhook id (default msg_ + a random UUID). */
  readonly newId?: () => string;
  /** For the POST to the ingress (tests pass a sleep that records instead of waiting). */
  readonly send?: RetryOptions;
}

export interface ProbeTiming {
  /** How long to wait for every target's record, from the send (default 180 s). */
  readonly deadlineMs?: number;
  /** Between two reads of the records (default 5 s). */
  readonly pollMs?: number;
}

export type ProbeResult =
  | { readonly kind: "delivered"; readonly deliveryId: string; readonly afterMs: number }
  /** The ingress did not take it (a refused signature, an unknown source, a server error). */
  | { readonly kind: "refused"; readonly deliveryId: string; readonly why: string }
  /** A target refused it for good (the consumer recorded `rejected`). */
  | { readonly kind: "rejected"; readonly deliveryId: string; readonly system: string; readonly reason: string }
  | { readonly kind: "not-delivered"; readonly deliveryId: string; readonly waitedMs: number; readonly pending: readonly { readonly system: string; readonly state: string }[] };

/** The webhook id the sample inventory gives its synthetic source (README, "Synthetic webhook"). */
export const SYNTHETIC_SOURCE_ID = "synthetic-probe";

export const DEFAULT_DEADLINE_MS = 180_000;
export const DEFAULT_POLL_MS = 5_000;

export async function runSyntheticProbe(probe: SyntheticProbe, deps: ProbeDeps, timing: ProbeTiming = {}): Promise<ProbeResult> {
  const deliveryId = (deps.newId ?? (() => `msg_${randomUUID().replace(/-/g, "")}`))();
  const sentAt = deps.now();
  const payload = { type: "synthetic.probe", id: deliveryId, stack: probe.stack, commit: probe.commit, sentAt: new Date(sentAt).toISOString() };
  // requestJson sends JSON.stringify(payload): exactly these bytes are signed.
  const signed = signStandardWebhook(probe.secret, deliveryId, Math.floor(sentAt / 1000), JSON.stringify(payload));
  const url = new URL(probe.url);
  try {
    await requestJson({
      api: "The webhook forwarder",
      method: "POST",
      baseUrl: url.origin,
      path: url.pathname,
      headers: { ...signed, [SYNTHETIC_HEADER]: "true" },
      body: payload,
      ...deps.send,
      refusals: {
        auth: { says: "refused the synthetic webhook's signature", hint: "SYNTHETIC_WEBHOOK_SECRET must equal the stack's syntheticProbeWebhookSecret (README, \"Synthetic webhook\")" },
        "not-found": { says: "has no such source", hint: `the deploy did not create ${probe.sourceKey}` },
      },
    });
  } catch (e) {
    if (e instanceof ApiError) return { kind: "refused", deliveryId, why: e.message };
    throw e;
  }

  const deadline = sentAt + (timing.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const pollMs = timing.pollMs ?? DEFAULT_POLL_MS;
  for (;;) {
    const pending: { system: string; state: string }[] = [];
    for (const system of probe.systems) {
      const record = await deps.readDelivery(deliveryKey(probe.sourceKey, system, deliveryId));
      if (record?.state === STATE_REJECTED) return { kind: "rejected", deliveryId, system, reason: record.reason ?? "unknown" };
      if (record?.state !== STATE_DELIVERED) pending.push({ system, state: record?.state ?? "not received yet" });
    }
    const now = deps.now();
    if (pending.length === 0) return { kind: "delivered", deliveryId, afterMs: now - sentAt };
    if (now >= deadline) return { kind: "not-delivered", deliveryId, waitedMs: now - sentAt, pending };
    await deps.sleep(Math.min(pollMs, deadline - now));
  }
}

/** One sentence for the log and the step summary. */
export function describeProbe(result: ProbeResult, probe: Pick<SyntheticProbe, "sourceKey" | "systems" | "stack">): string {
  const to = probe.systems.join(", ");
  switch (result.kind) {
    case "delivered":
      return `delivered synthetic webhook ${result.deliveryId} through ${probe.sourceKey} on ${probe.stack} to ${to} in ${Math.round(result.afterMs / 1000)} s`;
    case "refused":
      return `synthetic webhook ${result.deliveryId} was not accepted on ${probe.stack}: ${result.why}`;
    case "rejected":
      return `synthetic webhook ${result.deliveryId} was refused for good by ${result.system} (${result.reason}) on ${probe.stack}: check the source's credentials for that target`;
    case "not-delivered":
      return `synthetic webhook ${result.deliveryId} was accepted but not delivered on ${probe.stack} within ${Math.round(result.waitedMs / 1000)} s (${result.pending.map((p) => `${p.system}: ${p.state}`).join("; ")}): the queue, the consumer or a target is not working`;
  }
}
