/**
 * An in-memory S3-compatible server on 127.0.0.1 for the claim-check bucket: the REST calls the
 * forwarder makes (PutObject, GetObject; HeadObject for tools), path-style (`/<bucket>/<key>`: what
 * forwarder/aws/s3.ts sends to a configured endpoint, and the SDK's S3Client with `forcePathStyle`),
 * in the wire formats of both. Used by
 * `npm run serve:forwarder`, the tests and the benchmark; written here rather than taken from npm
 * because the fake S3 servers there are heavy, unmaintained or need a JVM, and these few rules are
 * the ones that matter to the forwarder:
 *
 * - every request is SigV4-signed for the s3 service (`Authorization: AWS4-HMAC-SHA256
 *   Credential=<id>/<date>/<region>/s3/aws4_request, ...`, an X-Amz-Date: ./sigv4Presence.ts), else
 *   403 (the signature itself is not recomputed: a wrong secret is not a case the forwarder can hit),
 *   and carries `x-amz-content-sha256`, which S3 requires of every SigV4 request, else 400;
 * - PUT needs Content-Length (411 MissingContentLength) and `x-amz-content-sha256`: a hex hash
 *   must match the payload (400 XAmzContentSHA256Mismatch), `UNSIGNED-PAYLOAD` is accepted, and
 *   the streaming trailer form's `aws-chunked` body is decoded;
 * - a flexible checksum header sent with the object (`x-amz-checksum-sha256` / `-crc32`, base64)
 *   must match it (400 BadDigest);
 * - an unknown bucket is 404 NoSuchBucket, an unknown key 404 NoSuchKey, as XML error documents;
 * - GET returns the bytes as stored, with ETag (MD5) and, when asked with `x-amz-checksum-mode:
 *   ENABLED`, the stored checksum, which the SDK then validates.
 * (Amazon S3 API Reference: PutObject, GetObject, Error responses; AWS SigV4 for S3.)
 * NOT a production store: no persistence, no auth, no lifecycle (expiry is the bucket's in AWS).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { crc32 } from "node:zlib";
import { listenLocal, type LocalFault } from "./localHttp";
import { signatureProblem } from "./sigv4Presence";

export type S3Fault = LocalFault;

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly etag: string;
  /** Flexible checksums sent with the object, by header name (`x-amz-checksum-sha256`...). */
  readonly checksums: Readonly<Record<string, string>>;
}

export interface S3Server {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  createBucket(name: string): void;
  /** The objects of a bucket by key (a live view). */
  objects(bucket: string): ReadonlyMap<string, StoredObject>;
  /** Every request seen, as `<Operation> <bucket>/<key>`, faulted ones included. */
  readonly calls: string[];
  fault: S3Fault;
  reset(): void;
  close(): Promise<void>;
}

const CHECKSUMS: Record<string, (b: Buffer) => string> = {
  "x-amz-checksum-sha256": (b) => createHash("sha256").update(b).digest("base64"),
  "x-amz-checksum-crc32": (b) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(b) >>> 0);
    return out.toString("base64");
  },
};

/** aws-chunked (the SDK's streaming upload): `<hex size>[;chunk-signature=...]\r\n<data>\r\n`... `0\r\n<trailers>\r\n\r\n`. */
function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol < 0) return undefined;
    const size = parseInt(raw.subarray(at, eol).toString("latin1").split(";")[0]!, 16);
    if (!Number.isFinite(size)) return undefined;
    at = eol + 2;
    if (size === 0) break;
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(at).toString("latin1").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) trailers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startS3Server(): Promise<S3Server> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const calls: string[] = [];

  const error = (res: ServerResponse, status: number, code: string, message: string, resource: string) => {
    const body = status === 404 && res.req.method === "HEAD"
      ? ""
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(resource)}</Resource><RequestId>local</RequestId></Error>`;
    res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body), "x-amz-request-id": "local" }).end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const url = new URL(req.url ?? "/", "http://s3.local");
    const [bucketName = "", ...rest] = url.pathname.slice(1).split("/");
    const bucket = decodeURIComponent(bucketName);
    const key = rest.map(decodeURIComponent).join("/");
    const method = req.method ?? "GET";
    const op = method === "PUT" ? "PutObject" : method === "GET" ? "GetObject" : method === "HEAD" ? "HeadObject" : method;
    calls.push(`${op} ${bucket}/${key}`);
    const resource = `/${bucket}/${key}`;
    if (http.fault === "refuse") return void req.socket.destroy();
    if (http.fault === "error500") return error(res, 500, "InternalError", "We encountered an internal error. Please try again.", resource);
    const unsigned = signatureProblem(req.headers, "s3");
    if (unsigned) return error(res, 403, "AccessDenied", `Access Denied: ${unsigned.message}`, resource);
    if (req.headers["x-amz-content-sha256"] === undefined) return error(res, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256", resource);
    const objects = buckets.get(bucket);
    if (!objects) return error(res, 404, "NoSuchBucket", "The specified bucket does not exist", resource);
    if (!key) return error(res, 400, "InvalidRequest", "bucket operations are not implemented", resource);

    if (method === "PUT") {
      if (req.headers["content-length"] === undefined) return error(res, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.", resource);
      const declared = String(req.headers["x-amz-content-sha256"] ?? "");
      let body = raw;
      let trailers: Record<string, string> = {};
      if (/^[0-9a-f]{64}$/.test(declared)) {
        if (createHash("sha256").update(raw).digest("hex") !== declared) {
          return error(res, 400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", resource);
        }
      } else if (declared === "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
        const decoded = decodeAwsChunked(raw);
        if (!decoded) return error(res, 400, "IncompleteBody", "The aws-chunked body could not be decoded", resource);
        ({ body, trailers } = decoded);
        const length = Number(req.headers["x-amz-decoded-content-length"]);
        if (length !== body.length) return error(res, 400, "IncompleteBody", "x-amz-decoded-content-length does not match the body", resource);
      } else if (declared !== "UNSIGNED-PAYLOAD") {
        return error(res, 400, "InvalidArgument", "x-amz-content-sha256 must be a SHA-256 hex digest, UNSIGNED-PAYLOAD or a streaming form", resource);
      }
      const checksums: Record<string, string> = {};
      for (const [name, compute] of Object.entries(CHECKSUMS)) {
        const sent = (req.headers[name] as string | undefined) ?? trailers[name];
        if (sent === undefined) continue;
        if (compute(body) !== sent) return error(res, 400, "BadDigest", `The ${name.slice("x-amz-checksum-".length).toUpperCase()} you specified did not match the calculated checksum.`, resource);
        checksums[name] = sent;
      }
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      objects.set(key, { body, contentType: req.headers["content-type"], etag, checksums });
      return void res.writeHead(200, { etag, "content-length": 0, "x-amz-request-id": "local", ...checksums }).end();
    }
    if (method === "GET" || method === "HEAD") {
      const o = objects.get(key);
      if (!o) return error(res, 404, "NoSuchKey", "The specified key does not exist.", resource);
      const withChecksums = String(req.headers["x-amz-checksum-mode"] ?? "").toUpperCase() === "ENABLED" ? o.checksums : {};
      res.writeHead(200, {
        "content-type": o.contentType ?? "binary/octet-stream", "content-length": o.body.length, etag: o.etag,
        "last-modified": new Date(0).toUTCString(), "x-amz-request-id": "local", ...withChecksums,
      });
      return void res.end(method === "HEAD" ? undefined : o.body);
    }
    return error(res, 405, "MethodNotAllowed", `The specified method is not allowed against this resource: ${method}`, resource);
  };

  const http = await listenLocal(handle);

  return Object.assign(http, {
    createBucket: (name: string) => void (buckets.has(name) || buckets.set(name, new Map())),
    objects: (name: string): ReadonlyMap<string, StoredObject> => buckets.get(name) ?? new Map(),
    calls,
    reset() {
      for (const objects of buckets.values()) objects.clear();
      calls.length = 0;
      http.fault = "none";
    },
  });
}
