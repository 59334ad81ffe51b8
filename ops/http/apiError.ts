/**
 * The one error type every API client throws. Its message is a single sentence naming the
 * API and the endpoint path, never a credential and never a query string (which could hold one).
 */

export type ApiErrorKind = "auth" | "forbidden" | "not-found" | "rate-limited" | "server" | "network" | "timeout" | "bad-response";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
