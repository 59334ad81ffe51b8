/**
 * Text made to fit a width, by the estimates of textWidth.ts: cut with an ellipsis, or wrapped
 * onto lines (at spaces; a word longer than the line is cut between characters).
 */
import { textWidth, type Font } from "./textWidth";

const ELLIPSIS = "\u2026";
/** Widths are sums of floats: a text measured as exactly the width must fit it. */
const fits = (text: string, maxWidth: number, font: Font) => textWidth(text, font) <= maxWidth + 1e-6;

/** `text` itself when it fits, else its longest start that fits with "…" after it ("" when not even "…" fits). */
export function truncate(text: string, maxWidth: number, font: Font): string {
  if (fits(text, maxWidth, font)) return text;
  const chars = [...text];
  // Binary search for the longest prefix that fits with the ellipsis: width grows with length.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${chars.slice(0, mid).join("").trimEnd()}${ELLIPSIS}`, maxWidth, font)) lo = mid;
    else hi = mid - 1;
  }
  const cut = `${chars.slice(0, lo).join("").trimEnd()}${ELLIPSIS}`;
  return fits(cut, maxWidth, font) ? cut : "";
}

/**
 * Lines no wider than `maxWidth`, words kept whole where they fit; at most `maxLines`, the last
 * cut with "…" when the text does not end there. Empty text is no line.
 */
export function wrap(text: string, maxWidth: number, font: Font, maxLines = Infinity): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate, maxWidth, font)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    // A word wider than a whole line: cut it between characters.
    while (!fits(line, maxWidth, font)) {
      const chars = [...line];
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(""), maxWidth, font)) n--;
      n = Math.max(1, n); // one character wider than the line: on a line of its own, not forever
      lines.push(chars.slice(0, n).join(""));
      line = chars.slice(n).join("");
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  // The rest did not fit on the last line allowed (that is why it was broken): cut, it ends with "…".
  return [...lines.slice(0, maxLines - 1), truncate(lines.slice(maxLines - 1).join(" "), maxWidth, font)];
}
