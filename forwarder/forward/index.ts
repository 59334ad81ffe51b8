export * from "./forward";
export { backoffDelayMs, classifyError, classifyStatus, honoursRetryAfter, parseRetryAfter, type Classified } from "./retryPolicy";
