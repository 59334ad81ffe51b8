/** A path into a YAML document: mapping keys and sequence indexes, as zod reports them. */
export type Path = readonly (string | number)[];

/** A stable string key for a path (segments cannot contain the unit separator). */
export function pointer(path: Path): string {
  return path.join("\u001f");
}

/** `slos[1].sli.good` style, for messages. */
export function formatPath(path: Path): string {
  return path.reduce<string>((s, seg) => (typeof seg === "number" ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), "");
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
