/**
 * The quarter's chart as hand-written SVG: one sparkline per SLO (weekly attainment over
 * thirteen weeks, oldest left) with its objective dashed, weeks under the objective marked
 * red, and the worst week labelled. Each row has its own vertical scale, from just below its
 * lowest value or objective to 100%, so a dip is visible whatever the number of nines.
 */
import type { QuarterSummary } from "./build";
import { esc } from "./chart";
import { sli } from "./format";

const ROW = 44;
const TOP = 50;
const LABEL_W = 360;
const PLOT_W = 390;
const WIDTH = LABEL_W + PLOT_W + 140;
const BAD = "#cf222e";
const LINE = "#0969da";
const MUTED = "#8c959f";

export function quarterChart(q: QuarterSummary, title: string): string {
  const height = TOP + q.rows.length * ROW + 40;
  const step = PLOT_W / Math.max(1, q.weeks.length - 1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  // Week labels along the top: first, middle, last.
  for (const i of [0, Math.floor((q.weeks.length - 1) / 2), q.weeks.length - 1]) out.push(`<text x="${r(LABEL_W + i * step)}" y="${TOP - 8}" text-anchor="middle" fill="${MUTED}">${esc(q.weeks[i])}</text>`);
  q.rows.forEach((row, n) => {
    const y = TOP + n * ROW;
    const top = y + 6;
    const h = ROW - 14;
    out.push(`<text x="10" y="${y + ROW / 2 + 4}">${esc(`${row.integration} / ${row.slo}`)}</text>`);
    const values = row.weekly.filter((v): v is number => v !== null);
    if (!values.length) {
      out.push(`<text x="${LABEL_W}" y="${y + ROW / 2 + 4}" fill="${MUTED}">${esc(row.missing ?? "no data this quarter")}</text>`);
      return;
    }
    const floor = Math.min(row.objective, ...values);
    const low = floor - (100 - floor) * 0.1;
    const yOf = (v: number) => r(top + (h * (100 - v)) / (100 - low));
    out.push(
      `<line x1="${LABEL_W}" y1="${yOf(row.objective)}" x2="${LABEL_W + PLOT_W}" y2="${yOf(row.objective)}" stroke="${MUTED}" stroke-dasharray="4 3"/>`,
    );
    // Gaps (weeks without data) break the line into segments.
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1) out.push(`<polyline points="${segment.join(" ")}" fill="none" stroke="${LINE}" stroke-width="2"/>`);
      segment = [];
    };
    row.weekly.forEach((v, i) => {
      if (v === null) return flush();
      const x = r(LABEL_W + i * step);
      segment.push(`${x},${yOf(v)}`);
      out.push(`<circle cx="${x}" cy="${yOf(v)}" r="${v < row.objective ? 3.5 : 2}" fill="${v < row.objective ? BAD : LINE}"/>`);
    });
    flush();
    if (row.worst) out.push(`<text x="${LABEL_W + PLOT_W + 10}" y="${y + ROW / 2 + 4}"${row.worst.attainment < row.objective ? ` fill="${BAD}"` : ""}>${esc(`worst ${sli(row.worst.attainment)}`)}</text>`);
  });
  out.push(`<text x="10" y="${height - 12}" fill="${MUTED}">Dashed: objective. Red points: weeks under the objective. Gaps: weeks without data.</text>`, "</svg>");
  return `${out.join("\n")}\n`;
}

const r = (v: number) => Math.round(v * 10) / 10;
