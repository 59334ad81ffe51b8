/**
 * The claim-check store's contract, without its S3 implementation (./bodyStore.ts), so that code
 * which only names it (the handlers) can be given any store: the S3 one, or a test's.
 */
import { createHash } from "node:crypto";
import type { BodyClaim } from "../config";

export interface BodyStore {
  /** Writes the body under a new key for this source; rejects (the caller answers 500, the vendor retries) on any failure. */
  put(source: string, body: Buffer, signal?: AbortSignal): Promise<BodyClaim>;
  /** Reads a claimed body back; throws ClaimCheckError when it is gone or not what was written. */
  get(claim: BodyClaim, signal?: AbortSignal): Promise<Buffer>;
}

/** Why a claimed body could not be read back: a bounded set, safe as a log field. */
export type ClaimCheckProblem = "missing" | "wrong-bucket" | "corrupt" | "unavailable" | "unconfigured";

export class ClaimCheckError extends Error {
  override readonly name = "ClaimCheckError";
  constructor(readonly problem: ClaimCheckProblem, options?: { cause?: unknown }) {
    super(`claim-check body ${problem}`, options);
  }
}

export const sha256Hex = (body: Buffer): string => createHash("sha256").update(body).digest("hex");
