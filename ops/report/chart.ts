/**
 * The week's chart as hand-written SVG (no dependency): one row per SLO in revenue order,
 * this week's attainment against its objective on the left, the error budget left on the
 * right, each bar labelled with its value. Plain shapes, inline attributes and a generic
 * font family only, so GitHub renders it as an image (it drops scripts and style sheets).
 */
import type { Report } from "./build";
import { budget, sli } from "./format";

const ROW = 26;
const TOP = 56;
const LABEL_W = 330;
const BAR_W = 260;
const GAP = 40;
const WIDTH = LABEL_W + 2 * BAR_W + GAP + 90;
const GOOD = "#2da44e";
const BAD = "#cf222e";
const MUTED = "#8c959f";

interface Line {
  readonly label: string;
  readonly objective?: number;
  readonly attainment?: number | null;
  readonly remaining?: number | null;
  readonly missing?: string;
  readonly heading?: boolean;
}

export function weekChart(report: Report): string {
  const lines: Line[] = report.integrations.flatMap((i) => [
    { label: `${i.rank}. ${i.id}`, heading: true },
    ...(i.slos.length ? i.slos.map((s) => ({ label: s.slo, objective: s.objective, attainment: s.attainment, remaining: s.remaining, missing: s.missing })) : [{ label: "no SLO", missing: "no SLO" }]),
  ]);
  const measured = lines.flatMap((l) => [l.attainment, l.objective]).filter((v): v is number => typeof v === "number");
  // The attainment axis starts just below the lowest value or objective, so 99.5 and 99.9 differ visibly.
  const floor = Math.max(0, Math.floor(Math.min(100, ...measured) - 0.5));
  const x1 = LABEL_W;
  const x2 = LABEL_W + BAR_W + GAP;
  const height = TOP + lines.length * ROW + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(`SLO attainment and error budget remaining, ${report.week}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${esc(`${report.week}: attainment and error budget remaining, by revenue exposure`)}</text>`,
    `<text x="${x1}" y="${TOP - 12}" font-weight="bold">${esc(`Attainment this week (axis ${floor}% to 100%, | objective)`)}</text>`,
    `<text x="${x2}" y="${TOP - 12}" font-weight="bold">Error budget remaining (window)</text>`,
  ];
  lines.forEach((l, n) => {
    const y = TOP + n * ROW;
    const mid = y + ROW / 2 + 4;
    if (l.heading) {
      out.push(`<text x="10" y="${mid}" font-weight="bold">${esc(l.label)}</text>`);
      return;
    }
    out.push(`<text x="26" y="${mid}">${esc(l.label)}</text>`);
    out.push(`<rect x="${x1}" y="${y + 5}" width="${BAR_W}" height="${ROW - 10}" fill="#f6f8fa"/>`, `<rect x="${x2}" y="${y + 5}" width="${BAR_W}" height="${ROW - 10}" fill="#f6f8fa"/>`);
    if (l.attainment === undefined || l.attainment === null || l.objective === undefined) {
      out.push(`<text x="${x1 + 6}" y="${mid}" fill="${MUTED}">${esc(l.missing ?? "no data")}</text>`);
    } else {
      const scale = (v: number) => round((BAR_W * (Math.max(v, floor) - floor)) / (100 - floor));
      const met = l.attainment >= l.objective;
      out.push(
        `<rect x="${x1}" y="${y + 5}" width="${scale(l.attainment)}" height="${ROW - 10}" fill="${met ? GOOD : BAD}"/>`,
        `<line x1="${x1 + scale(l.objective)}" y1="${y + 2}" x2="${x1 + scale(l.objective)}" y2="${y + ROW - 2}" stroke="#24292f" stroke-width="2"/>`,
        `<text x="${x1 + BAR_W + 4}" y="${mid}">${esc(sli(l.attainment))}</text>`,
      );
    }
    if (l.remaining === undefined || l.remaining === null) {
      out.push(`<text x="${x2 + 6}" y="${mid}" fill="${MUTED}">no data</text>`);
    } else {
      const w = round((BAR_W * Math.min(100, Math.max(0, l.remaining))) / 100);
      out.push(
        `<rect x="${x2}" y="${y + 5}" width="${w}" height="${ROW - 10}" fill="${l.remaining > 0 ? GOOD : BAD}"/>`,
        `<text x="${x2 + BAR_W + 4}" y="${mid}"${l.remaining > 0 ? "" : ` fill="${BAD}" font-weight="bold"`}>${esc(budget(l.remaining))}</text>`,
      );
    }
  });
  out.push(`<text x="10" y="${height - 10}" fill="${MUTED}">Green: objective met / budget left. Red: objective missed / budget exhausted. Grey: no data.</text>`, "</svg>");
  return `${out.join("\n")}\n`;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Text content and attribute values: the five XML specials. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
