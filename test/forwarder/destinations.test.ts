/**
 * The destination building blocks on their own: response classifiers against each vendor's
 * documented response bodies (table-driven, the source beside each row), the credentials secret
 * format, credential placement, the OAuth2 token cache against a real token endpoint on loopback,
 * the JSONata runner's bounds, and forward() wiring them together.
 */
import { strict as assert } from "node:assert";
import { CLASSIFIERS } from "../../forwarder/destinations/classify";
import type { Verdict } from "../../forwarder/destinations/classify/types";
import { placeAuth } from "../../forwarder/destinations/authHeaders";
import { CredentialError, parseTargetCredentials, targetCredentialsSecretString } from "../../forwarder/destinations/credentials";
import type { DestinationKind } from "../../forwarder/destinations/kinds";
import { createTokenCache } from "../../forwarder/destinations/oauth2";
import { unsafeRegexReason } from "../../forwarder/destinations/regexSafety";
import { compileTransform } from "../../forwarder/destinations/transform";
import { forward, type ForwardPolicy } from "../../forwarder/forward/forward";
import { errorCodeTag } from "../../forwarder/metrics/names";
import { startFake } from "./fakes/fakeServer";
import { startOAuth2Server } from "./fakes/oauth2Server";

/**
 * Token requests' and attempts' timeouts (and forward()'s budget, on the real clock): generous, as
 * no test here is about them; on a busy machine a local fake's slow answer must not time out.
 */
const GENEROUS_MS = 60_000;

type Row = [kind: DestinationKind, status: number, body: unknown, expected: Verdict | { ok: false; retryable: boolean; reason: string; errorCode?: string }, source: string];

const googleFailure = (errorCode: Record<string, string>) => ({ "@type": "type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure", errors: [{ errorCode, message: "..." }] });

const ROWS: Row[] = [
  // Meta: developers.facebook.com/docs/graph-api/guides/error-handling ("Error Responses", "Error Codes").
  ["meta-capi", 200, { events_received: 1, messages: [], fbtrace_id: "AbC" }, { ok: true }, "conversions-api/using-the-api: success"],
  ["meta-capi", 400, { error: { message: "Error validating access token", type: "OAuthException", code: 190, error_subcode: 460, fbtrace_id: "EJplcsCHuLu" } }, { ok: false, retryable: false, reason: "auth_error", errorCode: "190" }, "190 over 400"],
  ["meta-capi", 401, { error: { type: "OAuthException", code: 190 } }, { ok: false, retryable: false, reason: "auth_error", errorCode: "190" }, "190 over 401"],
  ["meta-capi", 200, { error: { type: "OAuthException", code: 190 } }, { ok: false, retryable: false, reason: "auth_error", errorCode: "190" }, "an error object in a 2xx is not a success"],
  ["meta-capi", 400, { error: { message: "(#4) Application request limit reached", code: 4 } }, { ok: false, retryable: true, reason: "rate_limited", errorCode: "4" }, "4: throttling, retry"],
  ["meta-capi", 400, { error: { message: "(#613) Calls to this api have exceeded the rate limit.", code: 613 } }, { ok: false, retryable: true, reason: "rate_limited", errorCode: "613" }, "613"],
  ["meta-capi", 500, { error: { message: "An unknown error occurred", code: 1, is_transient: true } }, { ok: false, retryable: true, reason: "server_error", errorCode: "1" }, "1: temporary"],
  ["meta-capi", 400, { error: { message: "(#100) Invalid parameter", type: "OAuthException", code: 100, error_user_msg: "event_time is too far in the past" } }, { ok: false, retryable: false, reason: "client_error", errorCode: "100" }, "100: the payload"],
  ["meta-capi", 403, { error: { code: 272, message: "(#272) This Ads API call requires the user to be admin" } }, { ok: false, retryable: false, reason: "auth_error", errorCode: "200" }, "200-299: permissions"],
  ["meta-capi", 400, { error: { code: 2635 } }, { ok: false, retryable: false, reason: "client_error", errorCode: "other" }, "an unlisted code is tagged other"],
  ["meta-capi", 502, "<html>Bad Gateway</html>", { ok: false, retryable: true, reason: "server_error" }, "no error object: the status decides"],
  // Google Ads: reference/rpc/v26/UploadClickConversionsResponse, docs/best-practices/partial-failures.
  ["google-ads", 200, { results: [{ gclid: "x", conversionAction: "customers/1/conversionActions/2", conversionDateTime: "2026-11-29 14:05:13+00:00" }], jobId: "1" }, { ok: true }, "all accepted"],
  ["google-ads", 200, { results: [{}], partialFailureError: { code: 3, message: "The imported gclid could not be decoded.", details: [googleFailure({ conversionUploadError: "UNPARSEABLE_GCLID" })] } }, { ok: false, retryable: false, reason: "partial_failure", errorCode: "unparseable_gclid" }, "partialFailureError in a 200"],
  ["google-ads", 200, { results: [{}], partialFailureError: { code: 3, details: [googleFailure({ conversionUploadError: "TOO_RECENT_EVENT" })] } }, { ok: false, retryable: true, reason: "partial_failure", errorCode: "too_recent_event" }, "TOO_RECENT_EVENT: retry after 6 hours"],
  ["google-ads", 200, { results: [{}], partialFailureError: { code: 6, details: [googleFailure({ conversionUploadError: "CLICK_CONVERSION_ALREADY_EXISTS" })] } }, { ok: true }, "already uploaded: a redelivery"],
  ["google-ads", 200, { results: [{}], partialFailureError: { code: 3, details: [googleFailure({ conversionUploadError: "SOMETHING_NEW" })] } }, { ok: false, retryable: false, reason: "partial_failure", errorCode: "other" }, "an unlisted code is tagged other"],
  ["google-ads", 401, { error: { code: 401, status: "UNAUTHENTICATED", details: [googleFailure({ authenticationError: "OAUTH_TOKEN_EXPIRED" })] } }, { ok: false, retryable: false, reason: "auth_error", errorCode: "oauth_token_expired" }, "RPC error"],
  ["google-ads", 429, { error: { code: 429, status: "RESOURCE_EXHAUSTED" } }, { ok: false, retryable: true, reason: "rate_limited", errorCode: "other" }, "quota"],
  // Salesforce: resources_composite_sobjects_collections_upsert.htm, errorcodes.htm.
  ["salesforce", 200, [{ id: "00Q1", success: true, errors: [], created: true }], { ok: true }, "collection upsert"],
  ["salesforce", 200, [{ id: "00Q1", success: true, errors: [] }, { success: false, errors: [{ statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]", fields: ["LastName"] }] }], { ok: false, retryable: false, reason: "partial_failure", errorCode: "required_field_missing" }, "a record failing in a 200"],
  ["salesforce", 200, [{ success: false, errors: [{ statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access" }] }], { ok: false, retryable: true, reason: "partial_failure", errorCode: "unable_to_lock_row" }, "UNABLE_TO_LOCK_ROW is retryable"],
  ["salesforce", 200, { compositeResponse: [{ httpStatusCode: 201, body: { id: "1" } }, { httpStatusCode: 400, body: [{ errorCode: "INVALID_FIELD", message: "No such column" }] }] }, { ok: false, retryable: false, reason: "partial_failure", errorCode: "invalid_field" }, "composite subrequest"],
  ["salesforce", 201, { id: "00Q1", success: true, errors: [] }, { ok: true }, "a single row"],
  ["salesforce", 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }], { ok: false, retryable: false, reason: "auth_error", errorCode: "invalid_session_id" }, "session"],
  ["salesforce", 403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], { ok: false, retryable: true, reason: "rate_limited", errorCode: "request_limit_exceeded" }, "the org's API limit resets"],
  // Klaviyo: en/reference/api_overview (errors), create_event (202).
  ["klaviyo", 202, undefined, { ok: true }, "create event"],
  ["klaviyo", 400, { errors: [{ id: "1", status: 400, code: "invalid", title: "Invalid input.", source: { pointer: "/data/attributes/metric" } }] }, { ok: false, retryable: false, reason: "client_error", errorCode: "invalid" }, "invalid"],
  ["klaviyo", 401, { errors: [{ status: 401, code: "not_authenticated" }] }, { ok: false, retryable: false, reason: "auth_error", errorCode: "not_authenticated" }, "key"],
  ["klaviyo", 429, { errors: [{ status: 429, code: "throttled" }] }, { ok: false, retryable: true, reason: "rate_limited", errorCode: "throttled" }, "throttled"],
  // HubSpot Forms: forms/v3-legacy/submit-data-authenticated.
  ["hubspot-forms", 200, { inlineMessage: "Thanks" }, { ok: true }, "submitted"],
  ["hubspot-forms", 400, { status: "error", message: "The request is not valid", errors: [{ message: "Invalid email address", errorType: "INVALID_EMAIL" }] }, { ok: false, retryable: false, reason: "client_error", errorCode: "invalid_email" }, "invalid email"],
  // Snowflake SQL API: sql-api/reference, POST /api/v2/statements.
  ["snowflake-sql", 200, { code: "090001", message: "Statement executed successfully." }, { ok: true }, "executed"],
  ["snowflake-sql", 202, { code: "333334", message: "Asynchronous execution in progress." }, { ok: true }, "still running: accepted"],
  ["snowflake-sql", 422, { code: "002003", sqlState: "02000", message: "SQL compilation error" }, { ok: false, retryable: false, reason: "client_error" }, "statement error"],
  ["snowflake-sql", 408, { code: "000630" }, { ok: false, retryable: true, reason: "client_error" }, "statement timeout, cancelled"],
  ["generic", 204, undefined, { ok: true }, "any 2xx"],
  ["generic", 200, { error: "ignored" }, { ok: true }, "the generic kind trusts the status"],
];

describe("destination response classification (documented bodies)", () => {
  for (const [kind, status, body, expected, source] of ROWS) {
    it(`${kind} ${status}: ${source}`, () => {
      const v = CLASSIFIERS[kind]({ status, json: body });
      if (expected.ok) return assert.deepEqual(v, { ok: true });
      assert.equal(v.ok, false);
      if (v.ok) return;
      assert.deepEqual({ retryable: v.retryable, reason: v.reason, errorCode: v.errorCode }, { retryable: expected.retryable, reason: expected.reason, errorCode: "errorCode" in expected ? expected.errorCode : undefined });
    });
  }

  it("error codes are a bounded tag: allowlisted, lowercased, anything else `other`", () => {
    assert.equal(errorCodeTag(190), "190");
    assert.equal(errorCodeTag("UNPARSEABLE_GCLID"), "unparseable_gclid");
    assert.equal(errorCodeTag("totally-new<script>"), "other");
    assert.equal(errorCodeTag(undefined), undefined);
  });
});

describe("target credentials secret", () => {
  it("builds the SecretString from config values and reads it back", () => {
    const text = targetCredentialsSecretString({ type: "oauth2-refresh-token", configKey: "googleAdsOAuthClient", value: '{"clientId":"c","clientSecret":"s","refreshToken":"r"}' }, [{ name: "developer-token", configKey: "googleAdsDeveloperToken", value: "dev" }]);
    const read = parseTargetCredentials(text, { authType: "oauth2-refresh-token", headers: ["developer-token"] });
    assert.deepEqual(read, { auth: { type: "oauth2-refresh-token", clientId: "c", clientSecret: "s", refreshToken: "r" }, headers: { "developer-token": "dev" } });
  });

  it("refuses a malformed value at deployment, naming the config key and never the value", () => {
    const cases: [Parameters<typeof targetCredentialsSecretString>[0], RegExp][] = [
      [{ type: "oauth2-client-credentials", configKey: "salesforceBillingClient", value: "not-json-sup3rs3cret" }, /Pulumi config salesforceBillingClient \(oauth2-client-credentials credentials\) is not JSON/],
      [{ type: "oauth2-refresh-token", configKey: "k", value: '{"clientId":"c","clientSecret":"sup3rs3cret"}' }, /needs "refreshToken"/],
      [{ type: "basic", configKey: "k", value: '{"username":"a:b","password":"sup3rs3cret"}' }, /colon in "username"/],
      [{ type: "bearer", configKey: "k", value: "two\nlines-sup3rs3cret" }, /must be the token itself on one line/],
    ];
    for (const [auth, message] of cases) {
      assert.throws(() => targetCredentialsSecretString(auth, []), (err: Error) => err instanceof CredentialError && message.test(err.message) && !err.message.includes("sup3rs3cret"));
    }
  });

  it("a stored secret missing what the target needs is a CredentialError, not a crash", () => {
    assert.throws(() => parseTargetCredentials('{"headers":{}}', { authType: "bearer" }), CredentialError);
    assert.throws(() => parseTargetCredentials('{"auth":{"type":"bearer","token":"t"},"headers":{}}', { authType: "bearer", headers: ["developer-token"] }), /no value for header developer-token/);
    assert.throws(() => parseTargetCredentials("{", {}), /not JSON/);
  });
});

describe("credential placement", () => {
  it("puts each kind where its API expects it", async () => {
    const placed = async (auth: Parameters<typeof placeAuth>[0], credential: Parameters<typeof placeAuth>[1]) => {
      const r = await placeAuth(auth, credential, undefined, 1000);
      assert.ok(r.ok);
      return r.placement;
    };
    assert.deepEqual(await placed({ type: "bearer" }, { type: "bearer", token: "t" }), { headers: { authorization: "Bearer t" }, query: {} });
    assert.deepEqual(await placed({ type: "basic" }, { type: "basic", username: "writeKey", password: "" }), { headers: { authorization: `Basic ${Buffer.from("writeKey:").toString("base64")}` }, query: {} });
    assert.deepEqual(await placed({ type: "api-key", prefix: "Klaviyo-API-Key " }, { type: "api-key", key: "pk" }), { headers: { authorization: "Klaviyo-API-Key pk" }, query: {} });
    assert.deepEqual(await placed({ type: "api-key", header: "X-Api-Key" }, { type: "api-key", key: "k" }), { headers: { "x-api-key": "k" }, query: {} });
    assert.deepEqual(await placed({ type: "api-key", queryParam: "access_token" }, { type: "api-key", key: "EAA" }), { headers: {}, query: { access_token: "EAA" } });
  });
});

describe("OAuth2 token cache (against a token endpoint on loopback)", () => {
  const client = { type: "oauth2-refresh-token" as const, clientId: "c1", clientSecret: "s1", refreshToken: "r1" };

  it("asks once, shares one request between concurrent callers, and refreshes 60 s before expiry", async () => {
    const server = await startOAuth2Server([client], { expiresIn: 3600 });
    let clock = 1_000_000;
    try {
      const tokens = createTokenCache({ now: () => clock });
      const req = { tokenUrl: server.tokenUrl, credential: client, timeoutMs: GENEROUS_MS };
      const [a, b] = await Promise.all([tokens.get(req), tokens.get(req)]);
      assert.deepEqual(a, b);
      assert.equal(server.issued.length, 1);
      clock += 3_539_000; // 59 s before expiry: still fresh
      await tokens.get(req);
      assert.equal(server.issued.length, 1);
      clock += 2_000; // inside the last minute: replaced
      const c = await tokens.get(req);
      assert.equal(server.issued.length, 2);
      assert.ok(c.ok && c.accessToken === server.issued[1]);
      // The form is RFC 6749's: grant_type refresh_token, client credentials in the body.
      const form = new URLSearchParams(server.requests[0]!.body);
      assert.deepEqual([form.get("grant_type"), form.get("refresh_token"), form.get("client_id")], ["refresh_token", "r1", "c1"]);
    } finally {
      await server.close();
    }
  });

  it("without expires_in (Salesforce) assumes 15 minutes; invalidate() forgets exactly the refused token", async () => {
    const server = await startOAuth2Server([{ clientId: "cc", clientSecret: "ss" }], {});
    let clock = 0;
    try {
      const tokens = createTokenCache({ now: () => clock });
      const credential = { type: "oauth2-client-credentials" as const, clientId: "cc", clientSecret: "ss" };
      const req = { tokenUrl: server.tokenUrl, credential, timeoutMs: GENEROUS_MS };
      const first = await tokens.get(req);
      tokens.invalidate(req, "some-other-token");
      await tokens.get(req);
      assert.equal(server.issued.length, 1, "invalidating another token changes nothing");
      assert.ok(first.ok);
      tokens.invalidate(req, first.accessToken);
      await tokens.get(req);
      assert.equal(server.issued.length, 2);
      clock += 14 * 60_000 + 1;
      await tokens.get(req);
      assert.equal(server.issued.length, 3, "replaced a minute before the assumed 15 minutes");
    } finally {
      await server.close();
    }
  });

  it("classifies a failing token endpoint: down or rate-limited is retryable, a refused grant or client is permanent", async () => {
    const server = await startOAuth2Server([client]);
    try {
      const tokens = createTokenCache();
      const get = (credential = client) => tokens.get({ tokenUrl: server.tokenUrl, credential, timeoutMs: GENEROUS_MS });
      server.mode = "down";
      assert.deepEqual(await get(), { ok: false, retryable: true, failure: "http-503" });
      server.mode = "revoked";
      assert.deepEqual(await get(), { ok: false, retryable: false, failure: "http-400", errorCode: "invalid_grant" });
      server.mode = "ok";
      assert.deepEqual(await get({ ...client, clientSecret: "rotated" }), { ok: false, retryable: false, failure: "http-401", errorCode: "invalid_client" });
      const limited = await startFake(() => ({ status: 429, body: { error: "slow_down" } }));
      const r = await tokens.get({ tokenUrl: `${limited.origin}/token`, credential: client, timeoutMs: GENEROUS_MS });
      await limited.close();
      assert.equal(r.ok === false && r.retryable, true);
    } finally {
      await server.close();
    }
    // Nothing listening: a network error, retryable.
    const refused = await createTokenCache().get({ tokenUrl: server.tokenUrl, credential: client, timeoutMs: GENEROUS_MS });
    assert.deepEqual(refused, { ok: false, retryable: true, failure: "network" });
  });
});

describe("transform runner bounds (no clock involved)", () => {
  const evaluate = async (expression: string, input: unknown = {}) => {
    const c = compileTransform(expression);
    return c.ok ? c.transform.evaluate(input) : { ok: false as const, problem: c.problem };
  };

  it("stops an unbounded recursion by steps, a huge range by sequence length, a huge $pad by width", async () => {
    const recursion = await evaluate("( $f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000) )");
    assert.ok(!recursion.ok && ["U1001", "D1011"].includes(recursion.problem.code), JSON.stringify(recursion));
    const range = await evaluate("[1..10000000]");
    assert.ok(!range.ok && range.problem.code === "D2015");
    const pad = await evaluate('$pad("x", 100000000)');
    assert.ok(!pad.ok && pad.problem.code === "U1003");
  });

  it("bounds what the step count cannot see: many ranges built natively, a string doubled by recursion (memory, not only time)", async () => {
    // Each inner range is one step but 100,000 items: without a total the heap fills (10^10 items) and check dies.
    const ranges = await evaluate("$map([1..100000], function($v){ [1..100000] })");
    assert.ok(!ranges.ok && ranges.problem.code === "U1007", JSON.stringify(ranges));
    // Forty doublings are forty steps and 2^40 characters.
    const doubled = await evaluate('( $d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d("a", 40) )');
    assert.ok(!doubled.ok && doubled.problem.code === "U1008", JSON.stringify(doubled));
    // An ordinary mapping of a few hundred items stays well inside both bounds.
    const fine = await evaluate("$map([1..500], function($v){ { \"n\": $v } })");
    assert.ok(fine.ok, JSON.stringify(fine));
  });

  it("refuses $eval and exponential regular expressions before running anything, with their position", () => {
    const e = compileTransform('{ "a": $eval(name) }');
    assert.ok(!e.ok && e.problem.code === "U1002" && e.problem.position === 7);
    const r = compileTransform("$match(s, /(a|aa)+$/)");
    assert.ok(r.ok, "alternation inside one repeat is fine");
    const bad = compileTransform("$match(s, /(\\w+\\s?)*$/)");
    assert.ok(!bad.ok && bad.problem.code === "U1007" && bad.problem.position === 10);
  });

  it("passes a string result through as the body, and says when the event yields nothing", async () => {
    assert.deepEqual(await evaluate('name & "\\n"', { name: "x" }), { ok: true, value: "x\n" });
    const nothing = await evaluate("missing.field", { name: "x" });
    assert.ok(!nothing.ok && nothing.problem.code === "U1004");
  });

  it("regular expression safety, by shape", () => {
    const cases: [string, boolean][] = [["(a+)+", false], ["(\\w*)*x", false], ["(a{2,})+", false], ["(a|b)+", true], ["[^0-9]+", true], ["(ab)?c+", true], ["(a)\\1", false], ["(a{1,1})+", true]];
    for (const [source, safe] of cases) assert.equal(unsafeRegexReason(source) === undefined, safe, source);
  });
});

describe("forward() with destination features", () => {
  const policy: ForwardPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5, minAttemptMs: 1, budgetMs: 10 * GENEROUS_MS };

  it("sends the transform's JSON with its content type, the custom idempotency header and the query-parameter key", async () => {
    const fake = await startFake(() => ({ status: 200, body: { events_received: 1 } }));
    try {
      const credentials = { get: async () => ({ ok: true as const, credentials: { auth: { type: "api-key" as const, key: "EAAkey" }, headers: {} } }) };
      const r = await forward(
        { url: `${fake.origin}/v26.0/1/events?x=1`, timeoutMs: GENEROUS_MS, kind: "meta-capi", auth: { type: "api-key", queryParam: "access_token" }, credentialsSecretId: "s", idempotencyHeader: "X-Request-Id", transform: '{ "data": [{ "event_name": event }] }' },
        { body: Buffer.from('{"event":"Lead"}'), contentType: "text/plain", deliveryId: "d-1" },
        policy,
        { credentials },
      );
      assert.equal(r.outcome, "delivered");
      const req = fake.requests[0]!;
      assert.deepEqual(req.json, { data: [{ event_name: "Lead" }] });
      assert.equal(req.headers["content-type"], "application/json");
      assert.equal(req.headers["x-request-id"], "d-1");
      assert.equal(req.query.get("access_token"), "EAAkey");
      assert.equal(req.query.get("x"), "1");
    } finally {
      await fake.close();
    }
  });

  it("a transform failing on the event is permanent (transform_error) and sends nothing", async () => {
    const fake = await startFake(() => ({ status: 200 }));
    try {
      const r = await forward({ url: fake.origin, timeoutMs: GENEROUS_MS, transform: "$error('no conversion action for this event')" }, { body: Buffer.from("{}"), deliveryId: "d" }, policy);
      assert.deepEqual(r, { outcome: "failed-permanently", reason: "transform-failed", attempts: 0, tags: { reason: "transform_error" } });
      const notJson = await forward({ url: fake.origin, timeoutMs: GENEROUS_MS, transform: "$" }, { body: Buffer.from("<xml/>"), deliveryId: "d" }, policy);
      assert.equal(notJson.outcome === "failed-permanently" && notJson.tags.reason, "transform_error");
      assert.equal(fake.requests.length, 0);
    } finally {
      await fake.close();
    }
  });

  it("a 401 to an OAuth2 target refreshes the token once; a second 401 is auth_error, not a loop", async () => {
    const server = await startOAuth2Server([{ clientId: "c", clientSecret: "s" }]);
    const target = await startFake(() => ({ status: 401, body: [{ errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid" }] }));
    try {
      const tokens = createTokenCache();
      const credentials = { get: async () => ({ ok: true as const, credentials: { auth: { type: "oauth2-client-credentials" as const, clientId: "c", clientSecret: "s" }, headers: {} } }) };
      const r = await forward(
        { url: target.origin, timeoutMs: GENEROUS_MS, kind: "salesforce", auth: { type: "oauth2-client-credentials", tokenUrl: server.tokenUrl }, credentialsSecretId: "s" },
        { body: Buffer.from("{}"), deliveryId: "d" }, policy, { credentials, tokens },
      );
      assert.equal(r.outcome, "failed-permanently");
      assert.deepEqual(r.outcome === "failed-permanently" && r.tags, { reason: "auth_error", errorCode: "invalid_session_id" });
      assert.equal(target.requests.length, 2, "the first token, then one fresh token");
      assert.equal(server.issued.length, 2);
      assert.notEqual(target.requests[0]!.headers.authorization, target.requests[1]!.headers.authorization);
    } finally {
      await Promise.all([server.close(), target.close()]);
    }
  });

  it("credentials that cannot be read are retryable (credentials_unavailable); nothing is sent", async () => {
    const fake = await startFake(() => ({ status: 200 }));
    try {
      const credentials = { get: async () => ({ ok: false as const, retryable: true, problem: "secret-unavailable" as const }) };
      const r = await forward({ url: fake.origin, timeoutMs: GENEROUS_MS, auth: { type: "bearer" }, credentialsSecretId: "s" }, { body: Buffer.from("{}"), deliveryId: "d" }, policy, { credentials, sleep: async () => {} });
      assert.equal(r.outcome, "retry-later");
      assert.deepEqual(r.outcome === "retry-later" && [r.lastFailure, r.tags], ["credentials-unavailable", { reason: "credentials_unavailable" }]);
      assert.equal(fake.requests.length, 0);
    } finally {
      await fake.close();
    }
  });
});
