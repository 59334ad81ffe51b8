import { looksLikeSecret } from "./secretPatterns";

/** Short description of a value for messages; never echoes anything that looks like a secret. */
export function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return looksLikeSecret(value) ? "a value that looks like a secret" : value.length > 40 ? "a long text" : `"${value}"`;
  return String(value);
}
