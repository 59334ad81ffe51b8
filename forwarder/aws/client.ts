/**
 * What every service client here shares: where its requests go (./endpoints.ts), who signs them
 * (./credentials.ts, ./signedRequest.ts), how failures are named (./errors.ts) and retried
 * (./retry.ts). The service modules (./sqs.ts, ./secretsManager.ts, ./dynamodb.ts, ./s3.ts) only
 * say how an operation becomes an HTTP request and a response becomes a result.
 *
 * A client is cheap to build: the region and the credentials are read at the first request, so a
 * Lambda module can build its clients at import and a missing variable fails the call, not the import.
 */
import { credentialsFromEnv, regionFromEnv, type AwsCredentials } from "./credentials";
import { configuredEndpoint, type EndpointServiceId } from "./endpoints";
import type { AwsError, Headers } from "./errors";
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_ATTEMPTS, RetryQuota, sleep, withRetries, type RetryConfig } from "./retry";
import { sendRequest, signRequest, type AwsHttpResponse, type UnsignedRequest } from "./signedRequest";

export interface AwsClientOptions {
  /** Default AWS_REGION. */
  readonly region?: string;
  /** An endpoint for every request (a local server); default AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the regional one. */
  readonly endpoint?: string;
  /** Default the environment's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). */
  readonly credentials?: AwsCredentials | (() => AwsCredentials);
  /** Attempts per call, the first included; default the service's (3, DynamoDB 4). */
  readonly maxAttempts?: number;
  /** Retry jitter in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** The wait between attempts; default a timer. Tests pass one that returns at once. */
  readonly delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The signing clock (epoch ms); default Date.now. */
  readonly now?: () => number;
  /** Where AWS_* variables are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ServiceDescription {
  /** SigV4's service name. */
  readonly signingName: string;
  readonly endpointId: EndpointServiceId;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** The error a response with status >= 300 means. */
  readonly parseError: (status: number, headers: Headers, body: Buffer, now: number) => AwsError;
}

export interface AwsClient {
  region(): string;
  /** The endpoint set in code or the environment, if any (a local server, a VPC endpoint). */
  readonly endpoint: string | undefined;
  /** Signs and sends `build()`'s request (rebuilt and re-signed per attempt), retrying as ./retry.ts says; a status >= 300 rejects. */
  send(build: () => UnsignedRequest, signal?: AbortSignal): Promise<AwsHttpResponse>;
}

export function createAwsClient(service: ServiceDescription, options: AwsClientOptions = {}): AwsClient {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const retry: RetryConfig = {
    maxAttempts: options.maxAttempts ?? service.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    baseDelayMs: service.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    random: options.random ?? Math.random,
    delay: options.delay ?? sleep,
  };
  const quota = new RetryQuota();
  let region: string | undefined = options.region;
  const credentials = (): AwsCredentials =>
    typeof options.credentials === "function" ? options.credentials() : (options.credentials ?? credentialsFromEnv(env));

  const client: AwsClient = {
    region: () => (region ??= regionFromEnv(env)),
    endpoint: configuredEndpoint(service.endpointId, options.endpoint, env),
    send: (build, signal) => withRetries(async () => {
      const req = build();
      const at = now();
      const headers = signRequest(req, { service: service.signingName, region: client.region() }, credentials(), new Date(at));
      const res = await sendRequest(req.url, req.method, headers, req.body, signal);
      if (res.status >= 300) throw service.parseError(res.status, res.headers, res.body, at);
      return res;
    }, retry, quota, signal),
  };
  return client;
}

/** `base` + `path`, keeping a path the endpoint itself has (`http://host/prefix` + `/x` = `http://host/prefix/x`). */
export function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + path;
  return url;
}
