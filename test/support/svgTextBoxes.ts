/**
 * Every `<text>` of a chart's SVG as the box it takes, read from the SVG alone: x, y, anchor,
 * font size and weight (the root's when the element has none), its text's estimated width
 * (compiler/svg/textWidth.ts) and the font's ascent and descent. Then the layout problems: two
 * boxes that meet, a box that leaves the canvas. Charts write one line per `<text>`, without
 * `<tspan>`, `transform` or `dx`/`dy`: anything else is refused rather than measured wrongly.
 */
import { textBox, overlaps, type Anchor, type Box } from "../../compiler/svg/svgText";
import { textWidth, type Font } from "../../compiler/svg/textWidth";

export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: Anchor;
  readonly font: Font;
  readonly fill?: string;
  readonly box: Box;
}

export interface SvgLayout {
  readonly width: number;
  readonly height: number;
  readonly texts: readonly TextBox[];
}

export function svgLayout(svg: string): SvgLayout {
  const root = /<svg\b([^>]*)>/.exec(svg);
  if (!root) throw new Error("no <svg> element");
  const rootAttrs = attributes(root[1]!);
  const base: Font = { size: number(rootAttrs, "font-size", 16), bold: isBold(rootAttrs["font-weight"]) };
  const width = number(rootAttrs, "width");
  const height = number(rootAttrs, "height");
  if (/<tspan\b|\btransform=|<text\b[^>]*\bd[xy]=/.test(svg)) throw new Error("a <tspan>, transform or dx/dy: this reader measures plain one-line <text> only");
  const texts: TextBox[] = [];
  for (const m of svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)) {
    const a = attributes(m[1]!);
    const font: Font = { size: number(a, "font-size", base.size), bold: a["font-weight"] === undefined ? base.bold : isBold(a["font-weight"]) };
    const anchor = (a["text-anchor"] ?? "start") as Anchor;
    if (!["start", "middle", "end"].includes(anchor)) throw new Error(`text-anchor "${anchor}"`);
    const text = unescape(m[2]!);
    const x = number(a, "x");
    const y = number(a, "y");
    texts.push({ text, x, y, anchor, font, ...(a.fill ? { fill: a.fill } : {}), box: textBox(x, y, textWidth(text, font), font, anchor) });
  }
  if (texts.length !== (svg.match(/<text\b/g) ?? []).length) throw new Error("a <text> element this reader could not read (nested markup?)");
  return { width, height, texts };
}

/** One sentence per pair of texts that meet and per text that leaves the canvas; empty when the layout is clean. */
export function layoutProblems(svg: string): string[] {
  const { width, height, texts } = svgLayout(svg);
  const problems: string[] = [];
  const show = (t: TextBox) => `"${t.text}" at (${t.x}, ${t.y}) [${f(t.box.left)}..${f(t.box.right)} x ${f(t.box.top)}..${f(t.box.bottom)}]`;
  texts.forEach((a, i) => {
    if (a.box.left < 0 || a.box.top < 0 || a.box.right > width || a.box.bottom > height) problems.push(`${show(a)} leaves the ${width}x${height} canvas`);
    for (const b of texts.slice(i + 1)) if (overlaps(a.box, b.box)) problems.push(`${show(a)} overlaps ${show(b)}`);
  });
  return problems;
}

const f = (v: number) => Math.round(v * 10) / 10;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) out[m[1]!] = unescape(m[2]!);
  return out;
}

function number(a: Record<string, string>, key: string, fallback?: number): number {
  const v = a[key];
  if (v === undefined && fallback !== undefined) return fallback;
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n)) throw new Error(`${key}="${v}" is not a number`);
  return n;
}

const isBold = (w: string | undefined) => w === "bold" || w === "bolder" || (w !== undefined && Number(w) >= 600);

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!);
}
