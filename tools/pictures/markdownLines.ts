/**
 * Styled runs (./markdownRuns.ts) broken into lines no wider than a width, as a browser wraps
 * a paragraph: at spaces, a word wider than the whole line cut between characters. Each line
 * is segments of one style, each placed where the previous one ends (widths by
 * compiler/svg/textWidth.ts), so every segment is one `<text>` whose box meets no other.
 */
import { textWidth, type Font } from "../../compiler/svg/textWidth";
import { sameStyle, type Run, type RunStyle } from "./markdownRuns";

export interface Segment {
  /** From the line's start, on the tenth-of-a-pixel grid the SVG is written at. */
  readonly x: number;
  /** Without leading or trailing spaces (SVG would drop them). */
  readonly text: string;
  readonly style: RunStyle;
  /** The room it takes: at least its measured width. */
  readonly width: number;
}

export interface Line {
  readonly segments: readonly Segment[];
  readonly width: number;
}

/** Room on each side of a code span's text, inside its shaded box. */
export const CODE_PAD = 3;

/**
 * Colour emoji (✅ ❌ ⚠️ ⏳) are drawn from an emoji font whose glyphs are wider than the one em
 * textWidth counts for them (Noto Color Emoji: 2550/2048 em): the extra is left free after them.
 */
const EMOJI_EXTRA_EM = 0.3;
const isEmoji = (cp: number) => cp >= 0x2300 && cp !== 0xfe0f;

export const fontOf = (style: RunStyle, size: number): Font => ({ size, bold: !!style.bold });

/** The room `text` takes in `font`: its measured width, plus the emoji allowance. */
export function advance(text: string, font: Font): number {
  let emoji = 0;
  for (const ch of text) if (isEmoji(ch.codePointAt(0)!)) emoji++;
  return textWidth(text, font) + emoji * EMOJI_EXTRA_EM * font.size;
}

/** The next position on the grid, a little past `v` so that float noise never makes two boxes meet. */
export const nextOnGrid = (v: number) => Math.ceil((v + 0.01) * 10) / 10;

interface Piece {
  readonly text: string;
  readonly style: RunStyle;
  readonly space: boolean;
}

/** Lines of at most `maxWidth` (a word wider than that is cut); `size` is the font size of every run. */
export function breakLines(runs: readonly Run[], maxWidth: number, size: number): Line[] {
  // Hard breaks first: each part wraps on its own.
  return piecesOf(runs).flatMap((part) => wrapPieces(part, maxWidth, size));
}

/** Lays out pieces on one line: same-style neighbours joined, spaces turned into gaps. */
export function layoutLine(pieces: readonly Piece[], size: number): Line {
  const chunks: Piece[] = [];
  for (const p of pieces) {
    const last = chunks[chunks.length - 1];
    if (last && sameStyle(last.style, p.style)) chunks[chunks.length - 1] = { ...last, text: last.text + p.text };
    else chunks.push(p);
  }
  const segments: Segment[] = [];
  let cursor = 0;
  let end = 0;
  for (const c of chunks) {
    const font = fontOf(c.style, size);
    const [, lead, core, trail] = /^( *)(.*?)( *)$/.exec(c.text)!;
    cursor += textWidth(lead!, font);
    if (core) {
      if (c.style.code) cursor += CODE_PAD;
      const x = segments.length || cursor > 0 ? nextOnGrid(cursor) : 0;
      const width = advance(core, font);
      segments.push({ x, text: core, style: c.style, width });
      cursor = x + width + (c.style.code ? CODE_PAD : 0);
      end = cursor;
    }
    cursor += textWidth(trail!, font);
  }
  return { segments, width: end };
}

/** The widest word of `runs`: the narrowest they can be wrapped to without cutting one. */
export function widestWord(runs: readonly Run[], size: number): number {
  return Math.max(0, ...wordsOf(piecesOf(runs).flat()).map(({ word }) => layoutLine(word, size).width));
}

/** The runs' pieces (words and spaces), split at hard breaks. */
function piecesOf(runs: readonly Run[]): Piece[][] {
  const parts: Piece[][] = [[]];
  for (const run of runs) {
    if (run.text === "\n") parts.push([]);
    else {
      const part = parts[parts.length - 1]!;
      for (const text of run.text.split(/( +)/)) {
        if (text.startsWith(" ")) part.push({ text, style: run.style, space: true });
        // After a hyphen between letters a browser may break too (UAX #14, class HY), with no gap: an empty space.
        else if (text) text.split(HYPHEN_BREAK).forEach((t, i) => part.push(...(i ? [{ text: "", style: run.style, space: true }] : []), { text: t, style: run.style, space: false }));
      }
    }
  }
  return parts;
}

const HYPHEN_BREAK = /(?<=[\p{L}\p{N}]-)(?=\p{L})/u;

/** Words: what lies between spaces, whatever its styles; each with the spaces before it. */
function wordsOf(pieces: readonly Piece[]): { gap: Piece[]; word: Piece[] }[] {
  const words: { gap: Piece[]; word: Piece[] }[] = [];
  let gap: Piece[] = [];
  for (const p of pieces) {
    if (p.space) {
      gap.push(p);
      continue;
    }
    const last = words[words.length - 1];
    if (last && gap.length === 0) last.word.push(p);
    else words.push({ gap, word: [p] });
    gap = [];
  }
  return words;
}

function wrapPieces(pieces: readonly Piece[], maxWidth: number, size: number): Line[] {
  const lines: Line[] = [];
  let current: Piece[] = [];
  for (const { gap: before, word } of wordsOf(pieces)) {
    const candidate = current.length ? [...current, ...before, ...word] : word;
    if (layoutLine(candidate, size).width <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current.length) lines.push(layoutLine(current, size));
    current = [];
    // A word wider than a whole line: as many characters as fit on each line.
    let rest = word.flatMap((p) => [...p.text].map((ch) => ({ text: ch, style: p.style, space: false })));
    while (layoutLine(rest, size).width > maxWidth) {
      let n = rest.length - 1;
      while (n > 1 && layoutLine(rest.slice(0, n), size).width > maxWidth) n--;
      lines.push(layoutLine(rest.slice(0, n), size));
      rest = rest.slice(n);
    }
    current = rest;
  }
  if (current.length) lines.push(layoutLine(current, size));
  return lines;
}
