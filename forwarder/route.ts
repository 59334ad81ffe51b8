/**
 * How a request path names a source. Source ids are unique only within their integration, so
 * the config's `sources` map is keyed `<integration>/<source>` and vendors call
 * `/hooks/<integration>/<source>`. A single-segment key (`/hooks/<key>`, the local serve
 * example's simple ids) still routes when the config holds such a key.
 *
 * Matching is on the RAW path: percent-encoded characters (`%2F`, `%2e`), `.`/`..` segments,
 * empty or extra segments never match, so nothing reaches the sources map but a plain key.
 * No AWS import: the Pulumi program may use sourceKey/hookPath to build the same URLs.
 */

/** One segment of `/hooks/<integration>/<source>`: the inventory's kebab-case ids, bounded. */
export const KEY_SEGMENT = /^[a-z0-9][a-z0-9-]{0,127}$/;
/** A single-segment key, as accepted before integration-scoped keys (the local serve config's ids). */
const SIMPLE_KEY = /^[A-Za-z0-9._~-]{1,128}$/;

/** The `sources` map key (and the queued delivery's `source`) for an integration's webhook. */
export const sourceKey = (integration: string, source: string): string => `${integration}/${source}`;

/** The path vendors call for a key (append it to the Function URL's origin). */
export const hookPath = (key: string): string => `/hooks/${key}`;

/**
 * The key a raw request path names, or undefined when the path cannot name one. The caller
 * still looks it up in the config: an unknown key is an unknown source.
 */
export function routeKey(rawPath: string): string | undefined {
  if (!rawPath.startsWith("/hooks/")) return undefined;
  const rest = rawPath.slice("/hooks/".length).replace(/\/$/, "");
  const parts = rest.split("/");
  if (parts.length === 2 && KEY_SEGMENT.test(parts[0]!) && KEY_SEGMENT.test(parts[1]!)) return rest;
  if (parts.length === 1 && SIMPLE_KEY.test(rest) && rest !== "." && rest !== "..") return rest;
  return undefined;
}

/** Whether a config key can be reached by some request path (a check for the config's author). */
export const isRoutableKey = (key: string): boolean => routeKey(hookPath(key)) === key;
