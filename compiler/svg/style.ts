/**
 * The look the charts share (the weekly report's week and quarter charts, ops/report/; the
 * simulation timeline, compiler/simulate/timelineChart.ts): fonts, the canvas margin and line
 * heights, and colours from GitHub's light theme (its Primer palette), where the charts are seen.
 * One place, so the pictures in the README look like one family and a change reaches them all.
 * Sizes a single chart needs (its rows, bars, columns) stay in that chart.
 */
import type { Font } from "./textWidth";

/** Body text; the root element's font, so a `<text>` in it carries no font attribute. */
export const BASE: Font = { size: 12 };
/** Integration names, column headings. */
export const BOLD: Font = { size: 12, bold: true };
export const TITLE: Font = { size: 15, bold: true };

/** Canvas margin. */
export const PAD = 12;
/** Space between two columns. */
export const GAP = 14;
/** A wrapped line of body text, and a title line (1.17 em of their font plus air). */
export const LINE = 16;
export const TITLE_LINE = 20;

/** Text. */
export const INK = "#24292f";
/** Secondary text: notes, legends, "no data". */
export const MUTED = "#6e7781";
/** A good state's bar, and its text (darker, to read on white). */
export const GOOD = "#2da44e";
export const GOOD_TEXT = "#1a7f37";
/** A bad state: a missed objective, an alert, a critical threshold. */
export const BAD = "#cf222e";
/** A warning threshold. */
export const WARNING = "#9a6700";
/** A data series: the quarter's sparklines, the timeline's compared value. */
export const ACCENT = "#0969da";
/** A bar's empty track. */
export const TRACK = "#eaeef2";
/** Grid and axis lines. */
export const GRID = "#d0d7de";
