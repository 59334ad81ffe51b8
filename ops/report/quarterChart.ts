/**
 * The quarter's chart as hand-written SVG: one sparkline per SLO (weekly attainment over
 * thirteen weeks, oldest left) with its objective dashed, weeks under the objective marked with a
 * red cross (a shape, not only a colour), a status in words (✓ met every week, ✗ missed N weeks,
 * – no data) and the worst week's value. Each row has its own vertical scale, from just below its
 * lowest value or objective to 100%, so a dip is visible whatever the number of nines.
 *
 * Laid out with measured text as chart.ts is: names cut with "…", notes wrapped in the plot's
 * width, week labels kept apart; test/chartLayout.test.ts checks no two texts meet.
 */
import { closeChart } from "../../compiler/svg/chartFrame";
import { truncate, wrap } from "../../compiler/svg/fitText";
import { ACCENT as LINE_COLOUR, BAD, BASE, BOLD, GAP, GOOD_TEXT, LINE, MUTED, PAD, TITLE, TITLE_LINE } from "../../compiler/svg/style";
import { baselineIn, boxOf, overlaps, r, type TextSpec } from "../../compiler/svg/svgText";
import { textWidth, type Font } from "../../compiler/svg/textWidth";
import type { QuarterRow, QuarterSummary } from "./build";
import { ATTAINMENT_STATUS } from "./chart";
import { sli } from "./format";

// Fonts, margin, line heights and colours: compiler/svg/style.ts, shared by every chart.
const ROW = 44;
const LABEL_MAX = 320;
const LABEL_MIN = 160;
const PLOT_W = 390;
const NOTE_LINES = 2;

export const QUARTER_LEGEND = "Dashed: the objective. \u2717 red cross: a week under the objective. Gaps: weeks without data. Status: \u2713 met every week, \u2717 missed N weeks, \u2013 no data.";

/** The row's status in words: how many weeks missed the objective. */
export function quarterStatus(row: Pick<QuarterRow, "weekly" | "objective">): string {
  const measured = row.weekly.filter((v): v is number => v !== null);
  if (!measured.length) return ATTAINMENT_STATUS["no data"];
  const missed = measured.filter((v) => v < row.objective).length;
  return missed === 0 ? "\u2713 met every week" : `\u2717 missed ${missed} week${missed === 1 ? "" : "s"}`;
}

export function quarterChart(q: QuarterSummary, title: string): string {
  const widest = (texts: readonly string[], font: Font) => Math.max(0, ...texts.map((t) => textWidth(t, font)));
  const labels = q.rows.map((row) => `${row.integration} / ${row.slo}`);
  const labelW = Math.min(LABEL_MAX, Math.max(LABEL_MIN, widest(labels, BASE)));
  const statusW = widest(["Status", ...q.rows.map(quarterStatus)], BOLD);
  const worst = (row: QuarterRow) => (row.worst ? `worst ${sli(row.worst.attainment)}` : "");
  const worstW = widest(q.rows.map(worst), BASE);
  const statusX = PAD + labelW + GAP;
  const plotX = statusX + statusW + GAP;
  const worstX = plotX + PLOT_W + GAP;
  const width = Math.ceil(worstX + worstW + PAD);
  const step = PLOT_W / Math.max(1, q.weeks.length - 1);

  const texts: TextSpec[] = [];
  const shapes: string[] = [];
  let y = PAD;
  for (const line of wrap(title, width - 2 * PAD, TITLE)) {
    texts.push({ x: PAD, y: baselineIn(y, TITLE_LINE, TITLE), text: line, font: TITLE });
    y += TITLE_LINE;
  }
  y += 6;
  // Header: the status column's name; the first, middle and last weeks over the plot, the middle
  // one only when it clears the other two.
  const headerY = baselineIn(y, LINE, BASE);
  texts.push({ x: statusX, y: headerY, text: "Status", font: BOLD });
  const weekLabel = (i: number, anchor: TextSpec["anchor"]): TextSpec => ({ x: plotX + i * step, y: headerY, text: q.weeks[i] ?? "", font: BASE, anchor, fill: MUTED });
  const ends = q.weeks.length > 1 ? [weekLabel(0, "start"), weekLabel(q.weeks.length - 1, "end")] : q.weeks.length ? [weekLabel(0, "start")] : [];
  const middle = weekLabel(Math.floor((q.weeks.length - 1) / 2), "middle");
  const weekLabels = ends.length === 2 && q.weeks.length > 2 && ends.every((e) => !overlaps(boxWithGap(e), boxOf(middle))) ? [ends[0]!, middle, ends[1]!] : ends;
  texts.push(...weekLabels);
  y += LINE + 4;

  q.rows.forEach((row, n) => {
    const top = y + 6;
    const h = ROW - 14;
    const mid = baselineIn(y, ROW, BASE);
    texts.push({ x: PAD, y: mid, text: truncate(labels[n]!, labelW, BASE), font: BASE });
    const status = quarterStatus(row);
    texts.push({ x: statusX, y: mid, text: status, font: BASE, fill: status.startsWith("\u2717") ? BAD : status.startsWith("\u2713") ? GOOD_TEXT : MUTED });
    const values = row.weekly.filter((v): v is number => v !== null);
    if (!values.length) {
      const note = wrap(row.missing ?? "no data this quarter", worstX + worstW - plotX, BASE, NOTE_LINES);
      note.forEach((t, k) => texts.push({ x: plotX, y: baselineIn(y + (ROW - note.length * LINE) / 2 + k * LINE, LINE, BASE), text: t, font: BASE, fill: MUTED }));
      y += ROW;
      return;
    }
    const floor = Math.min(row.objective, ...values);
    const low = floor - (100 - floor) * 0.1;
    const yOf = (v: number) => r(top + (h * (100 - v)) / (100 - low || 1));
    shapes.push(`<line x1="${r(plotX)}" y1="${yOf(row.objective)}" x2="${r(plotX + PLOT_W)}" y2="${yOf(row.objective)}" stroke="${MUTED}" stroke-dasharray="4 3"/>`);
    // Gaps (weeks without data) break the line into segments.
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1) shapes.push(`<polyline points="${segment.join(" ")}" fill="none" stroke="${LINE_COLOUR}" stroke-width="2"/>`);
      segment = [];
    };
    const marks: string[] = [];
    row.weekly.forEach((v, i) => {
      if (v === null) return flush();
      const x = r(plotX + i * step);
      const cy = yOf(v);
      segment.push(`${x},${cy}`);
      if (v < row.objective) {
        const d = 3.5;
        marks.push(`<path d="M${r(x - d)},${r(cy - d)}L${r(x + d)},${r(cy + d)}M${r(x - d)},${r(cy + d)}L${r(x + d)},${r(cy - d)}" stroke="${BAD}" stroke-width="2"/>`);
      } else marks.push(`<circle cx="${x}" cy="${cy}" r="2" fill="${LINE_COLOUR}"/>`);
    });
    flush();
    shapes.push(...marks);
    if (row.worst) texts.push({ x: worstX, y: mid, text: worst(row), font: BASE, ...(row.worst.attainment < row.objective ? { fill: BAD } : {}) });
    y += ROW;
  });

  return closeChart({ width, y: y + 4, shapes, texts, legend: QUARTER_LEGEND, title });
}

/** A label's box widened by a space's worth each side: week labels that only touch still read as one. */
function boxWithGap(spec: TextSpec) {
  const b = boxOf(spec);
  return { ...b, left: b.left - 8, right: b.right + 8 };
}
