/**
 * The AWS SDK's own SigV4 signer (@smithy/signature-v4, what every @aws-sdk/* v3 client signs
 * with), as a reference to check the forwarder's signatures against.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { AwsCredentials } from "../../../../forwarder/aws/credentials";

type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: Bytes): string | Buffer =>
  typeof data === "string" ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** The hash the SDK signer takes: SHA-256, or HMAC-SHA256 when given a key (node:crypto, as @smithy/hash-node). */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Bytes) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: Bytes): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface RequestToSign {
  readonly method: string;
  /** With the port, if any: it is signed as the Host header. */
  readonly host: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  /** Lower-case names; host, x-amz-date and x-amz-security-token are the signer's to add. */
  readonly headers: Record<string, string>;
  readonly body: string | Buffer | undefined;
}

/** The Authorization the SDK's signer gives `req` at `at`. */
export async function sdkAuthorization(req: RequestToSign, service: string, region: string, credentials: AwsCredentials, at: Date): Promise<string> {
  // S3 signs the path as given and the payload hash from x-amz-content-sha256; the other services escape the path again.
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256, uriEscapePath: service !== "s3", applyChecksum: false });
  const signed = await signer.sign(
    {
      method: req.method, protocol: "https:", hostname: req.host, path: req.path, query: req.query ?? {},
      headers: { ...req.headers, host: req.host }, ...(req.body !== undefined && { body: req.body }),
    },
    { signingDate: at },
  );
  return String(signed.headers["authorization"]);
}
