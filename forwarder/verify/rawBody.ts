/**
 * The exact bytes a vendor signed, from a Function URL / API Gateway event. Binary or non-UTF-8
 * payloads arrive base64-encoded (isBase64Encoded); decoding anything else as utf-8 is exact
 * because API Gateway only hands out text bodies it could represent as a string.
 */
export function rawBody(event: { body?: string | null; isBase64Encoded?: boolean }): Buffer {
  const body = event?.body;
  if (typeof body !== "string") return Buffer.alloc(0);
  // Buffer.from decodes a string as UTF-8 unless told otherwise.
  return event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body);
}
