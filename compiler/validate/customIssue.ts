/**
 * A refinement's own issue, for `ctx.addIssue` in a zod `superRefine`. The code is what
 * schemaIssues.ts reads: a custom issue keeps its message even where the field it points at is
 * absent (zod's own issues there read "missing required field"). `path` is relative to the
 * refined value; zod prefixes the rest.
 */
export function customIssue(path: PropertyKey[], message: string) {
  return { code: "custom" as const, path, message };
}
