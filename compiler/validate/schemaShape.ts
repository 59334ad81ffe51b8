/**
 * Reads a zod schema's shape at a path, so that an unknown key or value can be answered
 * with the keys and values that are allowed there.
 */
import type { z } from "zod";
import { valueAt, type Path } from "../path";

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
};

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema for the value at `path`, choosing union branches by the data's discriminator. */
export function schemaAt(schema: z.ZodType, data: unknown, path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema, data, []);
  for (let i = 0; i < path.length && s; i++) {
    const def = defOf(s);
    const seg = path[i];
    // Only an object's def has a shape, and only a list's an element.
    const next = def.shape ? def.shape[String(seg)] : def.element;
    s = next && unwrap(next, data, path.slice(0, i + 1));
  }
  return s;
}

function unwrap(schema: z.ZodType, data: unknown, path: Path): z.ZodType | undefined {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    // Only a discriminated union's def has a discriminator.
    else if (def.discriminator) {
      const tag = valueAt(data, [...path, def.discriminator]);
      const match = def.options!.find((o) => literalValues(defOf(o).shape?.[def.discriminator!]).includes(tag));
      if (!match) return undefined;
      s = match;
    } else return s;
  }
}

/** Keys an object schema allows. */
export function allowedKeys(schema: z.ZodType | undefined): string[] {
  const def = schema && defOf(schema);
  // Only an object's def has a shape.
  return def?.shape ? Object.keys(def.shape) : [];
}

/** Values an enum or literal schema allows. */
export function literalValues(schema: z.ZodType | undefined): unknown[] {
  if (!schema) return [];
  const def = defOf(schema);
  if (def.innerType) return literalValues(def.innerType);
  // Only an enum's def has entries, and only a literal's has values.
  if (def.entries) return Object.values(def.entries);
  if (def.values) return def.values;
  return [];
}
