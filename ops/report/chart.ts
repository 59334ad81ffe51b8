/**
 * The week's chart as hand-written SVG (no dependency): one row per SLO in revenue order, its
 * status in words (✓ met, ✗ missed, – no data), this week's attainment against its objective, and
 * the error budget left, each bar labelled with its value. Plain shapes, inline attributes and a
 * generic font family only, so GitHub renders it as an image (it drops scripts and style sheets).
 *
 * Laid out with measured text (compiler/svg/textWidth.ts): every column is as wide as its widest
 * label, a long SLO name is cut with "…" (the markdown table has it whole), a note about missing
 * data wraps inside the attainment column and makes its row taller. No two texts can meet, which
 * test/chartLayout.test.ts checks on the SVG itself. Colour is never the only signal: each status
 * has its symbol and word, and the legend says which colour goes with which.
 */
import { closeChart } from "../../compiler/svg/chartFrame";
import { truncate, wrap } from "../../compiler/svg/fitText";
import { BAD, BASE, BOLD, GAP, GOOD, GOOD_TEXT, INK, LINE, MUTED, PAD, TITLE, TITLE_LINE, TRACK } from "../../compiler/svg/style";
import { baselineIn, esc, r, type TextSpec } from "../../compiler/svg/svgText";
import { textWidth, type Font } from "../../compiler/svg/textWidth";
import type { Report, SloRow } from "./build";
import { budget, sli } from "./format";

export { esc };

// Fonts, margin, line heights and colours: compiler/svg/style.ts, shared by every chart.
/** SLO names' indent under their integration. */
const INDENT = 16;
/** A row of one line. */
const ROW = 26;
const BAR_W = 220;
const BAR_H = 16;
/** Widest SLO name column before names are cut. */
const LABEL_MAX = 260;
const LABEL_MIN = 120;
const NOTE_LINES = 3;
/** Between a bar and its value. */
const VALUE_GAP = 6;

export type AttainmentStatus = "met" | "missed" | "no data";
/** What the status column says: a symbol and a word, so it reads without colour. */
export const ATTAINMENT_STATUS: Readonly<Record<AttainmentStatus, string>> = { met: "\u2713 met", missed: "\u2717 missed", "no data": "\u2013 no data" };
const STATUS_FILL: Readonly<Record<AttainmentStatus, string>> = { met: GOOD_TEXT, missed: BAD, "no data": MUTED };

export function attainmentStatus(row: Pick<SloRow, "attainment" | "objective">): AttainmentStatus {
  if (row.attainment === null) return "no data";
  return row.attainment >= row.objective ? "met" : "missed";
}

/** The budget's label, symbol first: `✓ 60% left`, `✗ -35% exhausted`, `– no data`. */
export function budgetLabel(remaining: number | null): string {
  if (remaining === null) return ATTAINMENT_STATUS["no data"];
  return remaining > 0 ? `\u2713 ${budget(remaining)} left` : `\u2717 ${budget(remaining)} exhausted`;
}

/** An exhausted budget's label is bold as well as red. */
const budgetFont = (remaining: number | null): Font => (remaining !== null && remaining <= 0 ? BOLD : BASE);

export const LEGEND =
  "\u2713 met: attainment at or above the objective (green bar). \u2717 missed: below it (red bar). \u2013 no data: nothing measured (no bar). " +
  "Budget: \u2713 left (green bar), \u2717 exhausted (red label, no bar). | on a bar: the objective.";

type Line = { readonly kind: "heading"; readonly text: string } | { readonly kind: "slo"; readonly label: string; readonly slo?: SloRow };

export function weekChart(report: Report): string {
  const lines: Line[] = report.integrations.flatMap((i): Line[] => [{ kind: "heading", text: `${i.rank}. ${i.id}` }, ...(i.slos.length ? i.slos.map((s): Line => ({ kind: "slo", label: s.slo, slo: s })) : [{ kind: "slo" as const, label: "no SLO" }])]);
  const slos = lines.flatMap((l) => (l.kind === "slo" && l.slo ? [l.slo] : []));
  const measured = slos.flatMap((s) => (s.attainment === null ? [s.objective] : [s.attainment, s.objective]));
  // The attainment axis starts just below the lowest value or objective, so 99.5 and 99.9 differ visibly.
  const floor = Math.max(0, Math.floor(Math.min(100, ...measured) - 0.5));

  // Columns, left to right, each as wide as its widest text.
  const widest = (texts: readonly string[], font: Font) => Math.max(0, ...texts.map((t) => textWidth(t, font)));
  const labelW = Math.min(LABEL_MAX, Math.max(LABEL_MIN, INDENT + widest(lines.flatMap((l) => (l.kind === "slo" ? [l.label] : [])), BASE)));
  const statusW = Math.max(widest(Object.values(ATTAINMENT_STATUS), BASE), textWidth("Status", BOLD));
  const valueW = widest(["100%", ...slos.flatMap((s) => (s.attainment === null ? [] : [sli(s.attainment)]))], BASE);
  const budgetW = Math.max(textWidth(ATTAINMENT_STATUS["no data"], BASE), ...slos.map((s) => textWidth(budgetLabel(s.remaining), budgetFont(s.remaining))));
  const statusX = PAD + labelW + GAP;
  const barX = statusX + statusW + GAP;
  const valueX = barX + BAR_W + VALUE_GAP;
  const budgetBarX = valueX + valueW + 2 * GAP;
  const budgetX = budgetBarX + BAR_W + VALUE_GAP;
  const width = Math.ceil(budgetX + budgetW + PAD);
  const attainmentW = valueX + valueW - barX;
  const budgetColW = budgetX + budgetW - budgetBarX;

  const texts: TextSpec[] = [];
  const shapes: string[] = [];
  let y = PAD;
  for (const line of wrap(`${report.week}: attainment and error budget remaining, by revenue exposure`, width - 2 * PAD, TITLE)) {
    texts.push({ x: PAD, y: baselineIn(y, TITLE_LINE, TITLE), text: line, font: TITLE });
    y += TITLE_LINE;
  }
  y += 6;

  // Column headers: a bold name, then what the axis shows, each wrapped inside its column.
  const header = (x: number, w: number, name: string, detail: string): number => {
    const rows = [...wrap(name, w, BOLD).map((t) => ({ t, font: BOLD, fill: undefined })), ...wrap(detail, w, BASE).map((t) => ({ t, font: BASE, fill: MUTED }))];
    rows.forEach((row, n) => texts.push({ x, y: baselineIn(y + n * LINE, LINE, row.font), text: row.t, font: row.font, ...(row.fill ? { fill: row.fill } : {}) }));
    return rows.length;
  };
  const headerLines = Math.max(
    header(statusX, statusW, "Status", ""),
    header(barX, attainmentW, "Attainment this week", `axis ${floor}% to 100%; | marks the objective`),
    header(budgetBarX, budgetColW, "Error budget remaining", "over the SLO's window"),
  );
  y += headerLines * LINE + 4;

  const scale = (v: number) => (BAR_W * (Math.min(100, Math.max(v, floor)) - floor)) / (100 - floor || 1);
  for (const line of lines) {
    if (line.kind === "heading") {
      texts.push({ x: PAD, y: baselineIn(y, ROW, BOLD), text: truncate(line.text, width - 2 * PAD, BOLD), font: BOLD });
      y += ROW;
      continue;
    }
    const s = line.slo;
    const status = s ? attainmentStatus(s) : "no data";
    const note = s && s.attainment === null ? wrap(s.missing ?? "no data", attainmentW, BASE, NOTE_LINES) : [];
    const height = Math.max(ROW, note.length * LINE + (ROW - LINE));
    const mid = baselineIn(y, ROW, BASE);
    texts.push({ x: PAD + INDENT, y: mid, text: truncate(line.label, labelW - INDENT, BASE), font: BASE, ...(s ? {} : { fill: MUTED }) });
    texts.push({ x: statusX, y: mid, text: ATTAINMENT_STATUS[status], font: BASE, fill: STATUS_FILL[status] });
    const barY = y + (ROW - BAR_H) / 2;
    if (s && s.attainment !== null) {
      const tick = barX + scale(s.objective);
      shapes.push(
        `<rect x="${r(barX)}" y="${r(barY)}" width="${BAR_W}" height="${BAR_H}" fill="${TRACK}"/>`,
        `<rect x="${r(barX)}" y="${r(barY)}" width="${r(scale(s.attainment))}" height="${BAR_H}" fill="${status === "met" ? GOOD : BAD}"/>`,
        `<line x1="${r(tick)}" y1="${r(barY - 3)}" x2="${r(tick)}" y2="${r(barY + BAR_H + 3)}" stroke="${INK}" stroke-width="2"/>`,
      );
      texts.push({ x: valueX, y: mid, text: sli(s.attainment), font: BASE });
    }
    note.forEach((t, n) => texts.push({ x: barX, y: baselineIn(y + (ROW - LINE) / 2 + n * LINE, LINE, BASE), text: t, font: BASE, fill: MUTED }));
    const remaining = s ? s.remaining : null;
    if (remaining !== null) {
      shapes.push(
        `<rect x="${r(budgetBarX)}" y="${r(barY)}" width="${BAR_W}" height="${BAR_H}" fill="${TRACK}"/>`,
        `<rect x="${r(budgetBarX)}" y="${r(barY)}" width="${r((BAR_W * Math.min(100, Math.max(0, remaining))) / 100)}" height="${BAR_H}" fill="${remaining > 0 ? GOOD : BAD}"/>`,
      );
    }
    texts.push({ x: budgetX, y: mid, text: budgetLabel(remaining), font: budgetFont(remaining), ...(remaining === null ? { fill: MUTED } : remaining <= 0 ? { fill: BAD } : {}) });
    y += height;
  }

  return closeChart({ width, y: y + 8, shapes, texts, legend: LEGEND, title: `SLO attainment and error budget remaining, ${report.week}` });
}
