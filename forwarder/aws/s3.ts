/**
 * Amazon S3 objects over its REST API: PutObject (`PUT /<key>` with the bytes as the body) and
 * GetObject (`GET /<key>`) (Amazon S3 API Reference: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). Every request carries
 * `x-amz-content-sha256`, the hex SHA-256 of its body, which S3 requires with SigV4 and checks
 * ("Signature Calculations for the Authorization Header": https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html);
 * a PutObject with ChecksumSHA256 also sends `x-amz-checksum-sha256`, which S3 verifies on arrival (BadDigest).
 *
 * Addressing: AWS gets virtual-hosted-style requests, `https://<bucket>.s3.<region>.amazonaws.com/<key>`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html); an endpoint set in
 * code or the environment (a local S3-compatible server) gets path-style ones, `<endpoint>/<bucket>/<key>`.
 */
import { createHash } from "node:crypto";
import { createAwsClient, joinUrl, type AwsClientOptions } from "./client";
import { s3Error } from "./errors";

export interface PutObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly Body: Buffer;
  readonly ContentType?: string;
  /** Base64 SHA-256 of Body: S3 refuses the upload if the bytes it got differ. */
  readonly ChecksumSHA256?: string;
}
export interface PutObjectOutput {
  readonly ETag?: string;
}
export interface GetObjectInput {
  readonly Bucket: string;
  readonly Key: string;
}
export interface GetObjectOutput {
  readonly Body: Buffer;
  readonly ContentType?: string;
  readonly ETag?: string;
}

export interface S3Client {
  putObject(input: PutObjectInput, signal?: AbortSignal): Promise<PutObjectOutput>;
  getObject(input: GetObjectInput, signal?: AbortSignal): Promise<GetObjectOutput>;
}

export const S3_SERVICE = { signingName: "s3", endpointId: "S3" } as const;

/** RFC 3986 encoding of each key segment, slashes kept (what SigV4 for S3 signs). */
export const encodeKey = (key: string): string =>
  key.split("/").map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join("/");

const sha256Hex = (body: Buffer | string) => createHash("sha256").update(body).digest("hex");

/** Where an object is: path-style on a configured endpoint, virtual-hosted-style on AWS. */
export function objectUrl(endpoint: string | undefined, region: string, bucket: string, key: string): URL {
  if (endpoint) return joinUrl(endpoint, `/${encodeURIComponent(bucket)}/${encodeKey(key)}`);
  return new URL(`https://${bucket}.s3.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}/${encodeKey(key)}`);
}
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function createS3Client(options: AwsClientOptions = {}): S3Client {
  const client = createAwsClient({ ...S3_SERVICE, parseError: s3Error }, options);
  const urlOf = (bucket: string, key: string): URL => objectUrl(client.endpoint, client.region(), bucket, key);
  return {
    async putObject(input, signal) {
      const headers: Record<string, string> = {
        "content-type": input.ContentType ?? "application/octet-stream",
        "content-length": String(input.Body.length),
        "x-amz-content-sha256": sha256Hex(input.Body),
        ...(input.ChecksumSHA256 && { "x-amz-checksum-sha256": input.ChecksumSHA256 }),
      };
      const res = await client.send(() => ({ method: "PUT", url: urlOf(input.Bucket, input.Key), headers, body: input.Body }), signal);
      const etag = header(res.headers.etag);
      return etag ? { ETag: etag } : {};
    },
    async getObject(input, signal) {
      const headers = { "x-amz-content-sha256": sha256Hex("") };
      const res = await client.send(() => ({ method: "GET", url: urlOf(input.Bucket, input.Key), headers }), signal);
      const contentType = header(res.headers["content-type"]);
      const etag = header(res.headers.etag);
      return { Body: res.body, ...(contentType && { ContentType: contentType }), ...(etag && { ETag: etag }) };
    },
  };
}
