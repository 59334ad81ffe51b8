/**
 * The local forwarder's config file (npm run serve:forwarder -- --config FILE), and how it becomes
 * the real ForwarderConfig the Lambda handlers run with.
 *
 * !!! LOCAL DEVELOPMENT ONLY: signing secrets sit INLINE in this file, in plain text. Use made-up
 * secrets (like example.json's). Never put a real vendor secret here. !!!
 *
 *   {
 *     "sources": {
 *       "<source id>": {                      // POST http://127.0.0.1:<port>/hooks/<source id>
 *                                             // or "<integration>/<source>", as deployed: /hooks/<integration>/<source>
 *         "vendor": "stripe" | "generic-hmac" | "shopify" | ...,
 *         "secrets": ["..."],                  // active signing secrets (two during a rotation)
 *         "integration": "...",                // metric tag, default: the key's <integration> or the source id
 *         "genericHmac": { "header": "X-Signature", "encoding": "hex", "prefix": "sha256=" },  // generic-hmac only
 *         "verifyToken": "...",                // meta only (GET handshake)
 *         "toleranceSeconds": 300, "sloLatencyMs": 60000,
 *         "targets": [ { "system": "billing" }, // no url: the built-in echo target /echo/billing
 *                      { "system": "crm", "url": "http://127.0.0.1:9000/in", "timeoutMs": 5000 } ]
 *       }
 *     },
 *     "maxReceives": 3, "visibilityTimeoutSeconds": 10     // optional queue settings
 *   }
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ForwarderConfig, SourceConfig } from "../config";
import { isRoutableKey } from "../route";
import { VERIFIER_VENDORS } from "../verify";

/** Lower case: ids become metric tag values, which must be lower case. */
const ID = /^[a-z0-9][a-z0-9._~-]{0,127}$/;

const targetSchema = z.strictObject({
  system: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, "system: lower-case letters, digits, _ . -, starting with a letter"),
  url: z.url({ protocol: /^https?$/ }).optional(),
  timeoutMs: z.number().int().positive().max(60_000).default(5_000),
});

const sourceSchema = z.strictObject({
  vendor: z.enum(VERIFIER_VENDORS),
  secrets: z.array(z.string().min(1)).min(1),
  integration: z.string().regex(ID).optional(),
  verifyToken: z.string().min(1).optional(),
  genericHmac: z.strictObject({ header: z.string().min(1), encoding: z.enum(["hex", "base64"]), prefix: z.string().optional() }).optional(),
  toleranceSeconds: z.number().int().nonnegative().optional(),
  sloLatencyMs: z.number().int().positive().default(60_000),
  targets: z.array(targetSchema).min(1),
}).refine((s) => (s.vendor === "generic-hmac") === (s.genericHmac !== undefined), { message: "genericHmac is required for vendor generic-hmac and only allowed there" });

export const serveConfigSchema = z.object({
  /** Free text, ignored: example.json uses it for its warning. */
  WARNING: z.string().optional(),
  sources: z.record(z.string(), sourceSchema)
    .superRefine((sources, ctx) => {
      for (const key of Object.keys(sources)) {
        if (ID.test(key) || (key.includes("/") && isRoutableKey(key))) continue;
        ctx.addIssue({ code: "custom", path: [key], message: "source keys: a source id (lower-case letters, digits, . _ ~ -) or <integration>/<source> (kebab-case)" });
      }
    })
    .refine((s) => Object.keys(s).length > 0, { message: "at least one source" }),
  /** Receives before a message is dead-lettered (moved to the local DLQ and printed). Default 3. */
  maxReceives: z.number().int().min(1).max(100).default(3),
  /** How long a received message stays invisible, i.e. the retry delay of a failed delivery. Default 10 s. */
  visibilityTimeoutSeconds: z.number().int().min(2).max(900).default(10),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;
export type ServeSource = ServeConfig["sources"][string];

/** Validates a parsed config document; throws an Error naming every problem. */
export function parseServeConfig(value: unknown): ServeConfig {
  const result = serveConfigSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid serve config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function loadServeConfig(file: string): ServeConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error, which may be a signing secret: keep only the position.
    const at = /at position (\d+)/.exec((err as Error).message);
    throw new Error(`config file ${file} is not valid JSON${at ? ` (${lineColumn(text, Number(at[1]))})` : ""}`);
  }
  return parseServeConfig(parsed);
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

export const LOCAL_TABLE = "forwarder-idempotency-local";
export const LOCAL_QUEUE = "forwarder-local";
export const secretIdFor = (sourceId: string) => `local/${sourceId}`;
export const echoUrl = (baseUrl: string, system: string) => `${baseUrl}/echo/${system}`;

/** The ForwarderConfig the real handlers get, once the server's own URL (and so the echo URLs) is known. */
export function toForwarderConfig(config: ServeConfig, baseUrl: string, queueUrl: string): ForwarderConfig {
  const sources: Record<string, SourceConfig> = {};
  for (const [id, s] of Object.entries(config.sources)) {
    // "<integration>/<source>" keys name both metric tags; a simple key is the source id.
    const slash = id.indexOf("/");
    sources[id] = {
      integration: s.integration ?? (slash < 0 ? id : id.slice(0, slash)),
      source: slash < 0 ? id : id.slice(slash + 1),
      vendor: s.vendor,
      publicUrl: `${baseUrl}/hooks/${id}`,
      secretId: secretIdFor(id),
      targets: s.targets.map((t) => ({ system: t.system, url: t.url ?? echoUrl(baseUrl, t.system), timeoutMs: t.timeoutMs })),
      sloLatencyMs: s.sloLatencyMs,
      ...(s.toleranceSeconds !== undefined && { toleranceSeconds: s.toleranceSeconds }),
      ...(s.genericHmac && { genericHmac: s.genericHmac }),
    };
  }
  return {
    sources,
    queueUrl,
    tableName: LOCAL_TABLE,
    maxReceives: config.maxReceives,
    idempotencyTtlSeconds: 24 * 3600,
    secretTtlSeconds: 300,
  };
}
