/** "did you mean" suggestions for misspelt keys and values. */
import { distance } from "fastest-levenshtein";

/** The closest candidate, if it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  if (bestDistance <= allowed) return best;
  // A shortened word ("reconcile" for "reconciliation") is a likely slip too.
  const needed = Math.max(4, Math.ceil(lower.length * 0.7));
  return candidates.find((c) => commonPrefixLength(lower, c.toLowerCase()) >= needed);
}

function commonPrefixLength(a: string, b: string): number {
  // Past b's end b[i] is undefined, which no character of a equals.
  for (let i = 0; i !== a.length; i++) {
    if (a[i] !== b[i]) return i;
  }
  return a.length;
}

export function suggestion(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match ? `; did you mean "${match}"?` : `; expected one of: ${candidates.join(", ")}`;
}
