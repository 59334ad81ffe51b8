/**
 * `*` wildcards, as Datadog tag values take them (`functionname:martech-prod-webhook-*`,
 * https://docs.datadoghq.com/metrics/#filter) and as a query names this stack's resources:
 * `*` stands for any run of characters, empty included; every other character is itself.
 *
 * Matched without a regular expression on purpose. `^e.*e.*e.*...x$`, built from a pattern a pull
 * request wrote, backtracks exponentially (`e*e*e*e*e*e*e*e*e*e*x` against 64 e's does not
 * finish). Here the pattern is split on `*`: the first piece must start the text, the last must
 * end it, and each piece between is found left to right after the previous one. Taking the
 * leftmost place for each middle piece is never wrong, as a later piece can only gain room from
 * an earlier one ending sooner; so the text is scanned once, left to right, and nothing is ever
 * retried (at most text length x pattern length character comparisons).
 */
export function matchesGlob(pattern: string, text: string): boolean {
  const pieces = pattern.split("*");
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  // The first and last pieces must not overlap: `a*a` does not match `a`.
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
