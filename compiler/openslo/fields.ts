/** Reading untrusted plain data: own properties only, so a `__proto__` or `constructor` key is just a key. */

export type Fields = Readonly<Record<string, unknown>>;

export const isFields = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);

/** The own property `key` of `v`, or undefined. */
export function field(v: unknown, key: string): unknown {
  return isFields(v) && Object.hasOwn(v, key) ? v[key] : undefined;
}

export const has = (v: unknown, key: string): boolean => isFields(v) && Object.hasOwn(v, key);

/** A non-empty string (trimmed), or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** The value at `path` through own properties and list items, or undefined. */
export function fieldAt(v: unknown, path: readonly (string | number)[]): unknown {
  let at = v;
  for (const seg of path) at = typeof seg === "number" ? (Array.isArray(at) ? at[seg] : undefined) : field(at, seg);
  return at;
}
