/**
 * How wide a line of text is, estimated without a browser, so hand-written SVG charts can be laid
 * out with measured text: column widths from their labels, long names cut to fit, labels placed
 * where they cannot run into each other.
 *
 * The charts name `-apple-system, Segoe UI, Helvetica, Arial, sans-serif`: which font a reader
 * gets is theirs to decide, so the table is conservative. Each advance width (1/1000 em) is the
 * larger of two fonts':
 * - Helvetica and Helvetica-Bold: the WX of each character in Adobe's Core 14 AFM files
 *   Helvetica.afm and Helvetica-Bold.afm (freely redistributable; e.g.
 *   https://github.com/p6-pdf/Font-AFM-p6/blob/main/etc/Core14_AFMs/Helvetica.afm; GNU groff
 *   ships the same values as its devps fonts HR and HB).
 *   Arial and Liberation Sans have the same advance widths (checked against
 *   LiberationSans-Regular.ttf and -Bold.ttf, hmtx: identical for all 95 ASCII characters).
 * - DejaVu Sans and DejaVu Sans Bold (version 2.37, hmtx at 2048 units per em), the `sans-serif`
 *   Linux desktops fall back to: on average 16% (bold 22%) wider than Helvetica, up to 1.9x for
 *   `i`, `l` and `|`. San Francisco (-apple-system) and Segoe UI fall between the two.
 * Kerning is ignored: its pairs almost all narrow a line. A character outside the table counts
 * one em, as wide as any Latin glyph and as a CJK ideograph; the chart symbols ✓ ✗ → come from
 * a symbol font (DejaVu Sans: 838).
 */

export interface Font {
  /** Pixels (CSS px, the SVG user unit). */
  readonly size: number;
  readonly bold?: boolean;
}

/** Above the baseline and below it, in em: DejaVu Sans's hhea ascent 1901/2048 and descent 483/2048, over Helvetica's 718 and 207. */
export const ASCENT = 0.93;
export const DESCENT = 0.24;

/** Advance widths of U+0020 (space) to U+007E (~), in order. */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770,
  667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278,
  579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 762, 734, 830,
  683, 683, 821, 837, 372, 556, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 556, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343,
  665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
/** Beyond ASCII, the characters the charts write (same for bold but the middle dot). */
const EXTRA: Readonly<Record<string, readonly [regular: number, bold: number]>> = {
  "\u2013": [556, 556], // – en dash
  "\u2014": [1000, 1000], // — em dash
  "\u2026": [1000, 1000], // … ellipsis
  "\u00b7": [318, 380], // · middle dot
  "\u00d7": [838, 838], // × multiplication sign
  "\u2192": [838, 838], // → (DejaVu Sans)
  "\u2713": [838, 838], // ✓ (DejaVu Sans)
  "\u2717": [838, 838], // ✗ (DejaVu Sans)
};
const UNKNOWN = 1000;

/** Width in pixels of `text` on one line at `font`. */
export function textWidth(text: string, font: Font): number {
  const table = font.bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 0x20 && code <= 0x7e ? table[code - 0x20]! : (EXTRA[ch]?.[font.bold ? 1 : 0] ?? UNKNOWN);
  }
  return (units * font.size) / 1000;
}
