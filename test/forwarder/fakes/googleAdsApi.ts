/**
 * Google Ads API `POST /v<N>/customers/<id>:uploadClickConversions`, as documented
 * (developers.google.com/google-ads/api/rest/...; reference/rpc/v26/UploadClickConversionsRequest,
 * docs/best-practices/partial-failures, docs/sunset-dates):
 * - only active major versions answer (v23 to v26 on 2026-11-30; v22 was sunset on 2026-10-07);
 * - `Authorization: Bearer <OAuth2 access token>` and a `developer-token` header, or 401
 *   UNAUTHENTICATED with a GoogleAdsFailure naming the authenticationError;
 * - `partialFailure: true` is required (PARTIAL_FAILURE_MODE_REQUIRED otherwise); each conversion has
 *   `conversionAction` (a resource name), `conversionDateTime` ("yyyy-mm-dd hh:mm:ss+|-hh:mm") and a
 *   click id or user identifiers;
 * - per-conversion errors come back in `partialFailureError` of a 200: here UNPARSEABLE_GCLID for the
 *   gclids the test lists, and CLICK_CONVERSION_ALREADY_EXISTS for a click and time uploaded before.
 */
import { bearerOf } from "./oauth2Server";
import { isObject, mediaType, startFake, traceId, type FakeApi } from "./fakeServer";

const ACTIVE_VERSIONS = new Set([23, 24, 25, 26]);
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const ACTION = /^customers\/\d+\/conversionActions\/\d+$/;

export interface GoogleAdsFake extends FakeApi {
  /** Gclids Google cannot decode. */
  readonly unparseableGclids: Set<string>;
  readonly accepted: unknown[];
}

export async function startGoogleAdsApi(options: { developerToken: string; acceptsToken: (token: string | undefined) => boolean }): Promise<GoogleAdsFake> {
  const unparseableGclids = new Set<string>();
  const accepted: unknown[] = [];
  const seen = new Set<string>();
  const failure = (version: number, errors: { errorCode: Record<string, string>; message: string; index?: number }[]) => ({
    "@type": `type.googleapis.com/google.ads.googleads.v${version}.errors.GoogleAdsFailure`,
    errors: errors.map((e) => ({ errorCode: e.errorCode, message: e.message, ...(e.index !== undefined && { location: { fieldPathElements: [{ fieldName: "conversions", index: e.index }] } }) })),
    requestId: traceId(),
  });
  const rpcError = (status: number, grpc: string, version: number, errorCode: Record<string, string>, message: string) => ({
    status,
    body: { error: { code: status, message, status: grpc, details: [failure(version, [{ errorCode, message }])] } },
  });
  const fake = await startFake((req) => {
    const m = /^\/v(\d+)\/customers\/(\d{10}):uploadClickConversions$/.exec(req.path);
    if (req.method !== "POST" || !m || !ACTIVE_VERSIONS.has(Number(m[1]))) return { status: 404, body: { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } } };
    const version = Number(m[1]);
    if (!options.acceptsToken(bearerOf(req.headers.authorization))) {
      return rpcError(401, "UNAUTHENTICATED", version, { authenticationError: "OAUTH_TOKEN_INVALID" }, "Request had invalid authentication credentials. Expected OAuth 2 access token.");
    }
    if (req.headers["developer-token"] === undefined) return rpcError(401, "UNAUTHENTICATED", version, { authenticationError: "DEVELOPER_TOKEN_PARAMETER_MISSING" }, "Developer token parameter is missing.");
    if (req.headers["developer-token"] !== options.developerToken) return rpcError(403, "PERMISSION_DENIED", version, { authorizationError: "DEVELOPER_TOKEN_NOT_APPROVED" }, "The developer token is not approved.");
    const body = isObject(req.json) && mediaType(req) === "application/json" ? req.json : undefined;
    const invalid = (message: string) => rpcError(400, "INVALID_ARGUMENT", version, { requestError: "INVALID_INPUT" }, message);
    if (!body || !Array.isArray(body.conversions) || body.conversions.length === 0) return invalid("conversions: at least one conversion is required");
    if (body.conversions.length > 2000) return rpcError(400, "INVALID_ARGUMENT", version, { conversionUploadError: "TOO_MANY_CONVERSIONS_IN_REQUEST" }, "Upload fewer than 2001 events in a single request.");
    if (body.partialFailure !== true) return rpcError(400, "INVALID_ARGUMENT", version, { partialFailureError: "PARTIAL_FAILURE_MODE_REQUIRED" }, "The partial failure field was false in the request.");
    const errors: { errorCode: Record<string, string>; message: string; index: number }[] = [];
    const results: unknown[] = [];
    for (const [i, c] of body.conversions.entries()) {
      if (!isObject(c) || typeof c.conversionAction !== "string" || !ACTION.test(c.conversionAction)) return invalid(`conversions[${i}].conversion_action: must be a conversion action resource name`);
      if (typeof c.conversionDateTime !== "string" || !DATE_TIME.test(c.conversionDateTime)) return invalid(`conversions[${i}].conversion_date_time: must be "yyyy-mm-dd hh:mm:ss+|-hh:mm"`);
      if (c.gclid === undefined && c.gbraid === undefined && c.wbraid === undefined && !Array.isArray(c.userIdentifiers)) return invalid(`conversions[${i}]: a click id or user identifiers are required`);
      const key = `${String(c.gclid)}|${c.conversionDateTime}|${c.conversionAction}`;
      if (typeof c.gclid === "string" && unparseableGclids.has(c.gclid)) errors.push({ errorCode: { conversionUploadError: "UNPARSEABLE_GCLID" }, message: "The imported gclid could not be decoded.", index: i });
      else if (seen.has(key)) errors.push({ errorCode: { conversionUploadError: "CLICK_CONVERSION_ALREADY_EXISTS" }, message: "The imported event has the same click and conversion_date_time as an existing conversion.", index: i });
      else {
        seen.add(key);
        accepted.push(c);
        results.push({ gclid: c.gclid, conversionAction: c.conversionAction, conversionDateTime: c.conversionDateTime });
        continue;
      }
      results.push({});
    }
    return {
      status: 200,
      body: {
        results,
        jobId: "8473629150",
        ...(errors.length > 0 && { partialFailureError: { code: 3, message: errors.map((e) => e.message).join(", "), details: [failure(version, errors)] } }),
      },
    };
  });
  return { ...fake, unparseableGclids, accepted };
}
