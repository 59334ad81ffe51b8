/**
 * Whether a link people click (a status page in a monitor message, a Software Catalog link) is a
 * web address. `check` already refuses any other kind of link (validate/schema.ts `webAddress`);
 * this is the lowering's own guard, so a `javascript:` or `data:` link that reached it some other
 * way (an unchecked inventory, a future field) is refused rather than made clickable.
 *
 * Judged by its first characters, not by what a URL parser makes of it: a parser drops tabs and
 * line breaks (`java\tscript:` is `javascript:`) and completes `https:evil.example`, so anything
 * but a literal `http://` or `https://` start (any case) followed by a parseable URL is refused.
 */
export function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url) && URL.canParse(url);
}

/** The address, or an error naming where it was going, when it is not a web address. */
export function requireWebAddress(url: string, where: string): string {
  if (!isWebAddress(url)) throw new Error(`${where}: ${JSON.stringify(url)} is not an http:// or https:// address; refusing to make it a link (check refuses it first: run npm run check)`);
  return url;
}
