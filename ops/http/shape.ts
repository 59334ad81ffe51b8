/** Small readers for untrusted JSON: a wrong shape is an ApiError("bad-response"), never a TypeError later. */
import { ApiError } from "./apiError";

export type Json = Record<string, unknown>;

export class ShapeReader {
  /** `where` is e.g. "Datadog API answered GET /api/v1/slo". */
  constructor(private readonly where: string) {}

  fail(what: string): never {
    throw new ApiError("bad-response", `${this.where} with an unexpected shape: ${what}.`);
  }
  object(value: unknown, what: string): Json {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : this.fail(`${what} is not an object`);
  }
  array(value: unknown, what: string): unknown[] {
    return Array.isArray(value) ? value : this.fail(`${what} is not a list`);
  }
  string(value: unknown, what: string): string {
    return typeof value === "string" ? value : this.fail(`${what} is not a string`);
  }
  number(value: unknown, what: string): number {
    return typeof value === "number" && Number.isFinite(value) ? value : this.fail(`${what} is not a number`);
  }
  /** null or absent -> null. */
  numberOrNull(value: unknown, what: string): number | null {
    return value === null || value === undefined ? null : this.number(value, what);
  }
  strings(value: unknown, what: string): string[] {
    return value === undefined || value === null ? [] : this.array(value, what).map((v, i) => this.string(v, `${what}[${i}]`));
  }
  numbers(value: unknown, what: string): number[] {
    return this.array(value, what).map((v, i) => this.number(v, `${what}[${i}]`));
  }
}
