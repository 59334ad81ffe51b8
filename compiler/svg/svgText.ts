/**
 * One line of SVG text and the box it takes, by the estimates of textWidth.ts. A chart places
 * every label through `svgText`, and the tests read the boxes back from the SVG alone
 * (test/support/svgTextBoxes.ts) to prove no two meet and none leaves the canvas.
 */
import { ASCENT, DESCENT, textWidth, type Font } from "./textWidth";

export type Anchor = "start" | "middle" | "end";

export interface TextSpec {
  readonly x: number;
  /** The baseline. */
  readonly y: number;
  readonly text: string;
  readonly font: Font;
  readonly anchor?: Anchor;
  readonly fill?: string;
}

export interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The font every chart declares on its root element: what a `<text>` without attributes gets. */
export const FONT_FAMILY = "-apple-system, Segoe UI, Helvetica, Arial, sans-serif";

export function textBox(x: number, y: number, width: number, font: Font, anchor: Anchor = "start"): Box {
  const left = anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width;
  return { left, right: left + width, top: y - ASCENT * font.size, bottom: y + DESCENT * font.size };
}

export function boxOf(spec: TextSpec): Box {
  return textBox(spec.x, spec.y, textWidth(spec.text, spec.font), spec.font, spec.anchor);
}

/** Boxes that share more than an edge. */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The baseline of a line of `font` centred in a band `height` high starting at `top`. */
export function baselineIn(top: number, height: number, font: Font): number {
  return top + (height + (ASCENT - DESCENT) * font.size) / 2;
}

/** The `<text>` element; font attributes only where they differ from the root's `base` size and a regular weight. */
export function svgText(spec: TextSpec, base: Font): string {
  const attrs = [`x="${r(spec.x)}"`, `y="${r(spec.y)}"`];
  if (spec.anchor && spec.anchor !== "start") attrs.push(`text-anchor="${spec.anchor}"`);
  if (spec.font.size !== base.size) attrs.push(`font-size="${spec.font.size}"`);
  if (spec.font.bold) attrs.push(`font-weight="bold"`);
  if (spec.fill) attrs.push(`fill="${spec.fill}"`);
  return `<text ${attrs.join(" ")}>${esc(spec.text)}</text>`;
}

/** The root element's opening tag: size, view box, the font family and base size, and an accessible title. */
export function svgOpen(width: number, height: number, base: Font, title: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}" font-size="${base.size}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
  ].join("\n");
}

/** Coordinates to a tenth of a pixel: stable text, no float noise. */
export const r = (v: number) => Math.round(v * 10) / 10;

/**
 * Characters no XML 1.0 document may hold, escaped or not (the Char production,
 * https://www.w3.org/TR/xml/#charsets): C0 controls but tab, line feed and carriage return,
 * U+FFFE, U+FFFF, and surrogates not in a pair (`u` flag: a pair is one code point, never matched).
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu;

/**
 * Text content and attribute values: the five XML specials escaped, and characters XML forbids
 * (a chart's notes come from Datadog's responses) shown as U+FFFD, so one stray control character
 * cannot make the whole SVG unreadable. Each becomes one character that textWidth.ts measures as
 * wide as the one it replaces (one em), so the layout stays as measured.
 */
export function esc(text: string): string {
  return text.replace(NOT_XML, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
