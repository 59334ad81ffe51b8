/**
 * The shape of one `forwardTo` target of a webhook (schema.ts): where it is, how its answer is read
 * (`kind`), its credentials (`auth`, as Pulumi secret config key NAMES), extra headers, the JSONata
 * `transform` that shapes its body and the `transformTests` beside it. The expressions' syntax and
 * the tests are checked by rules/transforms.ts; the vocabulary is the forwarder's own
 * (forwarder/destinations/kinds.ts), so what `check` accepts is what the Lambda understands.
 */
import { z } from "zod";
import { AUTH_TYPES, DESTINATION_KINDS, HEADER_NAME_PATTERN, isOAuth2, TARGET_METHODS } from "../../forwarder/destinations/kinds";
import { customIssue } from "./customIssue";

/**
 * Headers the forwarder sets itself: fetch owns the framing ones (the Fetch standard's forbidden
 * request headers), Content-Type comes from `contentType`, the rest from `auth` and `idempotencyHeader`.
 */
const RESERVED_HEADERS = new Set(["content-type", "content-length", "host", "transfer-encoding", "connection", "expect", "keep-alive", "te", "trailer", "upgrade"]);

const headerName = z.string().regex(HEADER_NAME_PATTERN, { error: "must be an HTTP header name: letters, digits and - _ . ! # $ % & ' * + ^ ` | ~" });
const oneLine = z.string().refine((v) => !/[\r\n\0]/.test(v), { error: "must be one line" });

/** `configKey`, `id` and `text` are schema.ts's, passed in so this module does not import it back. */
export function forwardTargetSchema(id: z.ZodType<string>, configKey: z.ZodType<string>, text: z.ZodType<string>) {
  const auth = z
    .strictObject({
      type: z.enum(AUTH_TYPES),
      secretConfigKey: configKey.describe("Name of the Pulumi secret config key holding the credential, never the credential."),
      header: headerName.optional(),
      prefix: oneLine.optional(),
      queryParam: z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: "must be a query parameter name such as access_token" }).optional(),
      tokenUrl: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).optional(),
      scope: text.optional(),
    })
    .superRefine((a, ctx) => {
      const onlyFor = (field: "header" | "prefix" | "queryParam" | "tokenUrl" | "scope", allowed: boolean, who: string) => {
        if (a[field] !== undefined && !allowed) ctx.addIssue(customIssue([field], `only ${who} takes ${field}; ${a.type} does not use it`));
      };
      onlyFor("header", a.type === "api-key", "api-key");
      onlyFor("prefix", a.type === "api-key", "api-key");
      onlyFor("queryParam", a.type === "api-key", "api-key");
      onlyFor("tokenUrl", isOAuth2(a.type), "oauth2-client-credentials and oauth2-refresh-token");
      onlyFor("scope", isOAuth2(a.type), "oauth2-client-credentials and oauth2-refresh-token");
      if (isOAuth2(a.type) && a.tokenUrl === undefined) {
        ctx.addIssue(customIssue(["type"], `${a.type} needs tokenUrl, the token endpoint (for example https://oauth2.googleapis.com/token)`));
      }
      if (a.type === "api-key" && a.queryParam !== undefined && (a.header !== undefined || a.prefix !== undefined)) {
        ctx.addIssue(customIssue(["queryParam"], "the key goes in a header (header, prefix) or in a query parameter (queryParam), not both"));
      }
    });

  const headerValue = z.union([oneLine, z.strictObject({ secretConfigKey: configKey })], {
    error: "must be the header's value, or { secretConfigKey: <Pulumi config key> } for a value kept secret",
  });

  // zod requires an unknown() key to be present, so a test without input or output is refused as missing it.
  const transformTest = z.strictObject({
    description: text.optional(),
    input: z.unknown().describe("The vendor's event, as its JSON body would parse."),
    output: z.unknown().describe("What the transform must produce from it."),
  });

  return z
    .strictObject({
      system: id.describe("The id of the destination system (systems.yaml)."),
      url: z.url({ protocol: /^https$/, error: "must be an https:// URL" }),
      kind: z.enum(DESTINATION_KINDS).default("generic").describe("How the destination's answer is read; generic reads the HTTP status alone."),
      method: z.enum(TARGET_METHODS).default("POST"),
      auth: auth.optional(),
      headers: z.record(headerName, headerValue).optional(),
      idempotencyHeader: headerName.optional().describe("Header carrying the delivery id (default Idempotency-Key)."),
      contentType: oneLine.optional().describe("Content-Type of the body sent; default application/json for a transformed body."),
      transform: text.optional().describe("JSONata from the vendor's event to the destination's body."),
      transformTests: z.array(transformTest).optional().describe("Examples the transform must turn into the expected body."),
    })
    .superRefine((t, ctx) => {
      if (t.transformTests !== undefined && t.transform === undefined) {
        ctx.addIssue(customIssue(["transformTests"], "transformTests test a transform, and this target has none"));
      }
      const authHeader = t.auth === undefined ? undefined : t.auth.type === "api-key" ? (t.auth.queryParam === undefined ? (t.auth.header ?? "Authorization") : undefined) : "Authorization";
      for (const name of Object.keys(t.headers ?? {})) {
        const lower = name.toLowerCase();
        const why = RESERVED_HEADERS.has(lower)
          ? lower === "content-type" ? "set it with contentType" : "the HTTP client sets it"
          : lower === authHeader?.toLowerCase() ? "auth sets it from the secret config key" : lower === (t.idempotencyHeader ?? "Idempotency-Key").toLowerCase() ? "it carries the delivery id (idempotencyHeader)" : undefined;
        if (why) ctx.addIssue(customIssue(["headers", name], `the forwarder sets ${name} itself: ${why}`));
      }
    });
}
