/**
 * The claim-check store as the Lambdas build it: @aws-sdk/client-s3 is loaded at the first body
 * that needs it, not at cold start. Loading it costs about as much as the SQS client again (see
 * `npm run bench`), and only bodies over the queue's 1 MiB ever use it.
 */
import type { BodyStore } from "./types";

export function lazyBodyStore(bucket: string): BodyStore {
  let store: BodyStore | undefined;
  const load = (): BodyStore => {
    if (!store) {
      // Plain require: esbuild keeps the SDK external and this module's own import lazy.
      const { S3Client } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
      const { createBodyStore } = require("./bodyStore") as typeof import("./bodyStore");
      store = createBodyStore(new S3Client({}), bucket);
    }
    return store;
  };
  return {
    put: (source, body, signal) => load().put(source, body, signal),
    get: (claim, signal) => load().get(claim, signal),
  };
}
