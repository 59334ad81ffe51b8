/**
 * Resource inputs as plain data, with values that are unknown until apply (common during
 * `pulumi preview`) replaced by the UNKNOWN marker instead of throwing. The policy SDK hands
 * policies its props behind a proxy that throws UnknownValueError when an unknown value is
 * read; copying them once here lets each check use what is known and say exactly which
 * inputs it could not see.
 */
import { UnknownValueError } from "@pulumi/policy";

export const UNKNOWN: unique symbol = Symbol("unknown until apply");

export interface Known {
  /** The props with unknown values replaced by UNKNOWN. */
  readonly value: Record<string, unknown>;
  /** The SDK's own error for each unknown value, by dotted path (`inlinePolicies.0.policy`). */
  readonly unknowns: ReadonlyMap<string, Error>;
}

/** `prefix` keys the unknowns of one resource among many (stack policies). */
export function materialize(props: Record<string, unknown>, prefix = ""): Known {
  const unknowns = new Map<string, Error>();
  const copy = (value: unknown, path: string[]): unknown => {
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch (e) {
        if (!(e instanceof UnknownValueError)) throw e;
        unknowns.set(prefix + [...path, key].join("."), e as Error);
        child = UNKNOWN;
      }
      (out as Record<string, unknown>)[key] = child === UNKNOWN ? UNKNOWN : copy(child, [...path, key]);
    }
    return out;
  };
  return { value: copy(props, []) as Record<string, unknown>, unknowns };
}
