/** JSON with object keys sorted at every level, so equal data always gives the same text. */
export function stableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v), indent);
}
