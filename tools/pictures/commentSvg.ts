/**
 * A GitHub comment drawn as SVG from its markdown, for README's picture of the PR comment: a
 * plain, readable rendering of the subset the project's comments use, walked with marked's
 * lexer (headings, paragraphs, lists, tables, GitHub's `[!NOTE]`-style alerts and quotes,
 * code spans, `<details>` shown collapsed as "▶ summary", HTML comments hidden), spaced as
 * GitHub's stylesheet spaces them (16px between blocks, 14px text on 21px lines). Text is
 * placed with measured widths (./markdownLines.ts) in one font; long lines wrap, so no two
 * texts meet (test/support/svgTextBoxes.ts checks it).
 */
import { Lexer, type Token, type Tokens } from "marked";
import { baselineIn, r, svgOpen, svgText } from "../../compiler/svg/svgText";
import type { Font } from "../../compiler/svg/textWidth";
import { advance, breakLines, CODE_PAD, fontOf, layoutLine, nextOnGrid, widestWord, type Line } from "./markdownLines";
import { inlineRuns, inlineRunsOf, type Run } from "./markdownRuns";

const WIDTH = 880;
const SIZE = 14;
const BASE: Font = { size: SIZE };
const LINE = 21;
const BLOCK_GAP = 16;
const PAD = 16;
const HEADER = 40;
const INDENT = 28; // a list's padding-left, 2em
const CELL_X = 13;
const CELL_Y = 6;

/** GitHub's light theme (Primer primitives). */
const COLOR = {
  text: "#1f2328",
  muted: "#59636e",
  border: "#d1d9e0",
  subtle: "#f6f8fa",
  code: "#eff1f3",
  link: "#0969da",
} as const;

/** GitHub's alerts: a blockquote opening with `[!KIND]` (docs.github.com, "Basic writing and formatting syntax", Alerts). */
const ALERTS: Readonly<Record<string, { title: string; color: string }>> = {
  NOTE: { title: "Note", color: "#0969da" },
  TIP: { title: "Tip", color: "#1a7f37" },
  IMPORTANT: { title: "Important", color: "#8250df" },
  WARNING: { title: "Warning", color: "#9a6700" },
  CAUTION: { title: "Caution", color: "#d1242f" },
};

const HEADING_EM = [2, 1.5, 1.25, 1, 0.875, 0.85];

export interface CommentFrame {
  /** The SVG's accessible title. */
  readonly title: string;
  /** The comment header: "github-actions" and "bot commented". */
  readonly author: string;
  readonly action: string;
}

export function commentSvg(markdown: string, frame: CommentFrame): string {
  const out: string[] = [];
  const bottom = blocks(out, Lexer.lex(markdown), { x: PAD, width: WIDTH - 2 * PAD, fill: COLOR.text }, HEADER + PAD);
  const height = Math.ceil(bottom + PAD);
  const header = [
    `<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="6" fill="#ffffff" stroke="${COLOR.border}"/>`,
    `<path d="M0.5 ${HEADER}V6.5a6 6 0 0 1 6-6h${WIDTH - 13}a6 6 0 0 1 6 6V${HEADER}Z" fill="${COLOR.subtle}"/>`,
    `<line x1="0.5" y1="${HEADER}" x2="${WIDTH - 0.5}" y2="${HEADER}" stroke="${COLOR.border}"/>`,
    ...textLine(layoutLine([{ text: frame.author, style: { bold: true }, space: false }], SIZE), PAD, baselineIn(0, HEADER, BASE), SIZE, COLOR.text, { followed: true }),
    ...textLine(layoutLine([{ text: frame.action, style: {}, space: false }], SIZE), nextOnGrid(PAD + advance(`${frame.author} `, { size: SIZE, bold: true })), baselineIn(0, HEADER, BASE), SIZE, COLOR.muted),
  ];
  return [svgOpen(WIDTH, height, BASE, frame.title), ...header, ...out, "</svg>", ""].join("\n");
}

interface Box {
  readonly x: number;
  readonly width: number;
  readonly fill: string;
  /** How many lists it is inside: their bullets go disc, circle, square. */
  readonly lists?: number;
}

/** Margins around a block (GitHub collapses neighbours' to the larger); tight list items' text has none. */
function margins(t: Token, nested: boolean): { top: number; bottom: number } {
  if (t.type === "heading") return { top: 24, bottom: BLOCK_GAP };
  if (t.type === "hr") return { top: 24, bottom: 24 };
  if (t.type === "text" || (t.type === "list" && nested)) return { top: 0, bottom: 0 };
  return { top: 0, bottom: BLOCK_GAP };
}

/** Draws `tokens` from `top`; the bottom of the last one. */
function blocks(out: string[], tokens: readonly Token[], box: Box, top: number, nested = false): number {
  let y = top;
  let pending = -1; // the previous block's bottom margin; none before the first
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Blank lines, link reference definitions and HTML comments show nothing.
    if (t.type === "space" || t.type === "def" || (t.type === "html" && /^\s*<!--[\s\S]*-->\s*$/.test(t.text))) continue;
    const m = margins(t, nested);
    if (pending >= 0) y += Math.max(pending, m.top);
    if (t.type === "html" && /<details\b/i.test(t.text)) {
      const end = detailsEnd(tokens, i);
      y = details(out, t.text, /<details\s+open\b/i.test(t.text) ? tokens.slice(i + 1, end) : undefined, box, y);
      i = end;
    } else {
      y = block(out, t, box, y);
    }
    pending = m.bottom;
  }
  return y;
}

function block(out: string[], t: Token, box: Box, y: number): number {
  switch (t.type) {
    case "paragraph":
    case "text":
      return paragraph(out, "tokens" in t && t.tokens ? inlineRuns(t.tokens) : [{ text: t.text, style: {} }], box, y, SIZE, LINE);
    case "heading": {
      const h = t as Tokens.Heading;
      const size = SIZE * HEADING_EM[h.depth - 1]!;
      const end = paragraph(out, inlineRuns(h.tokens, { bold: true }), box, y, size, Math.ceil(size * 1.25));
      if (h.depth > 2) return end;
      out.push(`<line x1="${box.x}" y1="${r(end + 0.3 * size)}" x2="${box.x + box.width}" y2="${r(end + 0.3 * size)}" stroke="${COLOR.border}"/>`);
      return end + 0.3 * size + 1;
    }
    case "list":
      return list(out, t as Tokens.List, box, y);
    case "table":
      return table(out, t as Tokens.Table, box, y);
    case "blockquote":
      return quote(out, t as Tokens.Blockquote, box, y);
    case "code":
      return codeBlock(out, (t as Tokens.Code).text, box, y);
    case "hr":
      out.push(`<rect x="${box.x}" y="${r(y)}" width="${box.width}" height="4" fill="${COLOR.border}"/>`);
      return y + 4;
    case "html":
      // Raw HTML other than details: its text, as a paragraph.
      return paragraph(out, inlineRunsOf(t.text.trim()), box, y, SIZE, LINE);
    default:
      throw new Error(`markdown block "${t.type}" is not drawn: add it to tools/pictures/commentSvg.ts`);
  }
}

function paragraph(out: string[], runs: readonly Run[], box: Box, y: number, size: number, lineHeight: number): number {
  const lines = breakLines(runs, box.width, size);
  lines.forEach((line, i) => out.push(...textLine(line, box.x, baselineIn(y + i * lineHeight, lineHeight, { size }), size, box.fill)));
  return y + lines.length * lineHeight;
}

/**
 * One laid-out line at `x`: a `<text>` per segment, code spans on a shaded box, links blue, struck
 * text crossed. A segment another follows is given its measured width as `textLength`, so in a
 * font narrower than the estimate its letters spread to meet the next one instead of leaving a
 * gap (`followed`: the last one too, another line's text comes after it); a code span's fills
 * its shaded box. `end`: the line is right-aligned there (one segment is then anchored at its end).
 */
function textLine(line: Line, x: number, baseline: number, size: number, fill: string, { end, followed = false }: { end?: number; followed?: boolean } = {}): string[] {
  const out: string[] = [];
  const alone = line.segments.length === 1 && end !== undefined;
  line.segments.forEach((s, i) => {
    const at = alone ? end! - s.width : r(x + s.x);
    const font = fontOf(s.style, size);
    if (s.style.code) out.push(`<rect x="${r(at - CODE_PAD)}" y="${r(baseline - 0.93 * size)}" width="${r(s.width + 2 * CODE_PAD)}" height="${r(1.17 * size)}" rx="4" fill="${COLOR.code}"/>`);
    const spec = { y: baseline, text: s.text, font, fill: s.style.link ? COLOR.link : fill };
    const text = alone ? svgText({ ...spec, x: end!, anchor: "end" }, BASE) : svgText({ ...spec, x: at }, BASE);
    out.push(i < line.segments.length - 1 || followed || s.style.code ? text.replace(/^<text /, `<text textLength="${r(s.width)}" `) : text);
    if (s.style.strike) out.push(`<line x1="${r(at)}" y1="${r(baseline - 0.3 * size)}" x2="${r(at + s.width)}" y2="${r(baseline - 0.3 * size)}" stroke="${fill}"/>`);
  });
  return out;
}

/** The index of the html token closing the `<details>` opened at `start` (itself when it closes there too). */
function detailsEnd(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "html") continue;
    depth += (t.text.match(/<details\b/gi) ?? []).length - (t.text.match(/<\/details>/gi) ?? []).length;
    if (depth <= 0) return i;
  }
  return tokens.length - 1;
}

/** A `<details>`: its summary after a disclosure triangle (▶ collapsed, ▼ open), then what it holds when open. */
function details(out: string[], html: string, open: readonly Token[] | undefined, box: Box, y: number): number {
  const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(html)?.[1] ?? "Details";
  const marker = 16;
  const baseline = baselineIn(y, LINE, BASE);
  const [cx, cy] = [box.x + 5, baseline - 0.35 * SIZE];
  const triangle = open ? `${cx - 5},${r(cy - 3)} ${cx + 5},${r(cy - 3)} ${cx},${r(cy + 4)}` : `${cx - 3},${r(cy - 5)} ${cx + 4},${r(cy)} ${cx - 3},${r(cy + 5)}`;
  out.push(`<polygon points="${triangle}" fill="${box.fill}"/>`);
  let bottom = paragraph(out, inlineRunsOf(summary.trim()), { ...box, x: box.x + marker, width: box.width - marker }, y, SIZE, LINE);
  if (open?.length) bottom = blocks(out, open, box, bottom + BLOCK_GAP);
  return bottom;
}

function list(out: string[], t: Tokens.List, box: Box, y: number): number {
  const depth = (box.lists ?? 0) % 3;
  const inner: Box = { ...box, x: box.x + INDENT, width: box.width - INDENT, lists: (box.lists ?? 0) + 1 };
  let bottom = y;
  t.items.forEach((item, i) => {
    const top = i === 0 ? y : bottom + (t.loose ? BLOCK_GAP : 0.25 * SIZE);
    const baseline = baselineIn(top, LINE, BASE);
    if (t.ordered) {
      out.push(svgText({ x: inner.x - 6, y: baseline, text: `${Number(t.start || 1) + i}.`, font: BASE, anchor: "end", fill: box.fill }, BASE));
    } else {
      const [cx, cy] = [r(inner.x - 14), r(baseline - 0.3 * SIZE)];
      // disc, circle, square by depth, as browsers mark nested lists
      out.push(depth === 0 ? `<circle cx="${cx}" cy="${cy}" r="2.5" fill="${box.fill}"/>` : depth === 1 ? `<circle cx="${cx}" cy="${cy}" r="2.5" fill="none" stroke="${box.fill}"/>` : `<rect x="${r(cx - 2.5)}" y="${r(cy - 2.5)}" width="5" height="5" fill="${box.fill}"/>`);
    }
    bottom = Math.max(blocks(out, item.tokens, inner, top, true), top + LINE);
  });
  return bottom;
}

/** A GitHub table: as wide as its content up to the box, wide columns wrapped; header bold, every other row shaded. */
function table(out: string[], t: Tokens.Table, box: Box, y: number): number {
  const rows: { runs: Run[]; align: Tokens.TableCell["align"] }[][] = [t.header, ...t.rows].map((row, ri) => row.map((c) => ({ runs: inlineRuns(c.tokens, ri === 0 ? { bold: true } : {}), align: c.align })));
  const cols = t.header.length;
  const pad = 2 * CELL_X;
  const natural = Array.from({ length: cols }, (_, j) => Math.ceil(Math.max(...rows.map((row) => singleLine(row[j]?.runs ?? []))) + pad));
  const least = Array.from({ length: cols }, (_, j) => Math.ceil(Math.max(...rows.map((row) => widestWord(row[j]?.runs ?? [], SIZE))) + pad));
  const widths = columnWidths(natural, least, box.width);
  const xs = widths.map((_, j) => box.x + widths.slice(0, j).reduce((a, b) => a + b, 0));
  const total = widths.reduce((a, b) => a + b, 0);
  let top = y;
  rows.forEach((row, ri) => {
    const cells = row.map((c, j) => breakLines(c.runs, widths[j]! - pad, SIZE));
    const height = Math.max(1, ...cells.map((l) => l.length)) * LINE + 2 * CELL_Y;
    if (ri > 0 && ri % 2 === 0) out.push(`<rect x="${box.x}" y="${r(top)}" width="${total}" height="${height}" fill="${COLOR.subtle}"/>`);
    cells.forEach((lines, j) => {
      out.push(`<rect x="${xs[j]}" y="${r(top)}" width="${widths[j]}" height="${height}" fill="none" stroke="${COLOR.border}"/>`);
      lines.forEach((line, k) => {
        const inside = widths[j]! - pad;
        const align = row[j]!.align;
        const shift = align === "right" ? inside - line.width : align === "center" ? (inside - line.width) / 2 : 0;
        const baseline = baselineIn(top + CELL_Y + k * LINE, LINE, BASE);
        out.push(...textLine(line, Math.floor((xs[j]! + CELL_X + shift) * 10) / 10, baseline, SIZE, box.fill, align === "right" ? { end: xs[j]! + widths[j]! - CELL_X } : {}));
      });
    });
    top += height;
  });
  return top;
}

const singleLine = (runs: readonly Run[]) => breakLines(runs, Infinity, SIZE).reduce((w, l) => Math.max(w, l.width), 0);

/**
 * Each column its natural width when all fit; else each at least its widest word, the room left
 * shared by what more they want (as a browser's automatic table layout does); words that cannot
 * all fit even so share the room by their widths, and are cut.
 */
function columnWidths(natural: readonly number[], least: readonly number[], room: number): number[] {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(natural) <= room) return [...natural];
  if (sum(least) > room) return least.map((l) => Math.floor((room * l) / sum(least)));
  const spare = room - sum(least);
  const wants = natural.map((n, j) => n - least[j]!);
  const wanted = sum(wants);
  return least.map((l, j) => l + Math.floor(wanted ? (spare * wants[j]!) / wanted : 0));
}

/** A blockquote: a bar and its content; a GitHub alert also coloured, with its title line. */
function quote(out: string[], t: Tokens.Blockquote, box: Box, y: number): number {
  let tokens: readonly Token[] = t.tokens;
  let alert: (typeof ALERTS)[string] | undefined;
  let lead: Run[] = []; // the alert's first paragraph, its [!KIND] taken off
  const first = tokens[0];
  if (first?.type === "paragraph") {
    const runs = inlineRuns(first.tokens ?? []);
    const kind = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/.exec(runs[0]?.text ?? "");
    if (kind) {
      alert = ALERTS[kind[1]!];
      lead = [{ ...runs[0]!, text: runs[0]!.text.slice(kind[0].length) }, ...runs.slice(1)].filter((x) => x.text);
      tokens = tokens.slice(1);
    }
  }
  const inner: Box = { ...box, x: box.x + 4 + PAD, width: box.width - 4 - 2 * PAD, fill: alert ? box.fill : COLOR.muted };
  const padY = alert ? 8 : 0;
  let bottom = y + padY;
  if (alert) {
    out.push(...textLine(layoutLine([{ text: alert.title, style: { bold: true }, space: false }], SIZE), inner.x, baselineIn(bottom, LINE, BASE), SIZE, alert.color));
    bottom += LINE + 4;
  }
  if (lead.length) bottom = paragraph(out, lead, inner, bottom, SIZE, LINE);
  const rest = tokens.filter((x) => x.type !== "space");
  if (rest.length) bottom = blocks(out, rest, inner, bottom + (lead.length ? BLOCK_GAP : 0));
  bottom += padY;
  out.push(`<rect x="${box.x}" y="${r(y)}" width="4" height="${r(bottom - y)}" fill="${alert?.color ?? COLOR.border}"/>`);
  return bottom;
}

/** A fenced or indented code block: its lines on a shaded box, wrapped. */
function codeBlock(out: string[], text: string, box: Box, y: number): number {
  const inner: Box = { ...box, x: box.x + PAD, width: box.width - 2 * PAD };
  const lines = text.split("\n").flatMap((l) => (l.trim() ? breakLines([{ text: l, style: {} }], inner.width, SIZE) : [{ segments: [], width: 0 }]));
  const height = lines.length * LINE + 2 * PAD;
  out.push(`<rect x="${box.x}" y="${r(y)}" width="${box.width}" height="${height}" rx="6" fill="${COLOR.subtle}"/>`);
  lines.forEach((line, i) => out.push(...textLine(line, inner.x, baselineIn(y + PAD + i * LINE, LINE, BASE), SIZE, box.fill)));
  return y + height;
}
