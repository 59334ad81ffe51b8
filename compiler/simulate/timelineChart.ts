/**
 * One scenario's timelines as an SVG picture (README, "Simulating alerts"): for each monitor the
 * test names, the value the monitor compares against its threshold over simulated time, its state
 * as a strip with each state's word, and every notification it sends listed under it with its time
 * and the change it reports. What `npm run simulate -- <integration> --scenario NAME` prints as
 * text (renderTimeline.ts), drawn.
 *
 * Hand-written SVG laid out with measured text (compiler/svg/), like the weekly report's chart:
 * names cut with "…", notes wrapped, notification labels on as many lanes as they need so no two
 * meet; a state's word appears in its strip span where it fits, and every change of state is also
 * written out below, so the picture reads without colour.
 */
import { truncate, wrap } from "../svg/fitText";
import { assignLanes } from "../svg/lanes";
import { ACCENT as SERIES, BAD as CRITICAL, BASE, BOLD, GOOD_TEXT, GRID, INK, LINE, MUTED, PAD, TITLE, TITLE_LINE, WARNING } from "../svg/style";
import { baselineIn, r, svgOpen, svgText, type TextSpec } from "../svg/svgText";
import { textWidth } from "../svg/textWidth";
import { namedMonitors } from "./alertTest";
import { comparedValue } from "./evaluate";
import { plural, simulatedTime } from "./format";
import type { PlannedMonitor } from "./plannedMonitors";
import { rounded } from "./rounded";
import { scenarioPassed, type ScenarioResult } from "./simulateInventory";
import type { MonitorState } from "./states";
import type { Notification, Timeline, TimelineStep } from "./timeline";

// Fonts, margin, line heights and colours: compiler/svg/style.ts, shared by every chart.
const WIDTH = 900;
const PLOT_H = 80;
const STRIP_H = 18;
const PANEL_GAP = 18;
/** Least room between two notification labels on a lane, and between two time ticks' labels. */
const LABEL_GAP = 12;
const TICK_GAP = 30;

/** Each state's strip colour and the colour of its word on it. */
const STATE_STYLE: Readonly<Record<MonitorState, { readonly fill: string; readonly text: string }>> = {
  OK: { fill: "#dafbe1", text: GOOD_TEXT },
  ALERT: { fill: CRITICAL, text: "#ffffff" },
  WARN: { fill: "#f5d76e", text: "#4d2d00" },
  "NO DATA": { fill: "#8c959f", text: "#ffffff" },
};

export const TIMELINE_LEGEND =
  "Blue line: the value the monitor compares. Dashed red: the threshold it alerts beyond (dashed amber: its warning threshold). " +
  "Strip: the monitor's state, named where the span is wide enough: OK (green), ALERT (red), WARN (amber), NO DATA (grey). " +
  "Under each strip, every notification with its time and the change it reports.";

/** Time ticks, the first one at least as far apart as the widest label needs. */
const TICK_STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

export function scenarioTimelineChart(integration: string, result: ScenarioResult, monitors: ReadonlyMap<string, PlannedMonitor>): string {
  const texts: TextSpec[] = [];
  const shapes: string[] = [];
  const inner = WIDTH - 2 * PAD;
  let y = PAD;
  for (const line of wrap(`${integration} \u203a ${result.test.name} (${result.kind})`, inner, TITLE)) {
    texts.push({ x: PAD, y: baselineIn(y, TITLE_LINE, TITLE), text: line, font: TITLE });
    y += TITLE_LINE;
  }
  const expected = expectationCount(result);
  const verdict =
    result.error !== undefined ? `could not be simulated: ${result.error}` : scenarioPassed(result) ? `passed: ${plural(expected, "expectation")} held` : `failed: ${result.failures.length} of ${plural(expected, "expectation")} not met`;
  const inputs = `${result.test.input.length} input series, one sample every ${simulatedTime(result.test.intervalSeconds)}`;
  for (const line of wrap(`${inputs}; ${verdict}`, inner, BASE)) {
    texts.push({ x: PAD, y: baselineIn(y, LINE, BASE), text: line, font: BASE, fill: MUTED });
    y += LINE;
  }
  y += PANEL_GAP / 2;

  const panels = namedMonitors(result.test).flatMap((ref) => {
    const planned = monitors.get(ref);
    const timeline = result.timelines.get(ref);
    return groupsOf(timeline).map((group) => panelModel(ref, planned, timeline, group));
  });
  // One plot width for every panel, so their time axes line up: gutters as wide as the widest labels.
  const drawn = panels.flatMap((p) => (p.plot ? [p.plot] : []));
  const left = Math.max(0, ...drawn.map((p) => widest(p.tickLabels))) + 8;
  const right = Math.max(0, ...drawn.map((p) => widest(p.markLabels))) + 8;
  const frame: Frame = { plotX: PAD + left, plotW: inner - left - right };
  for (const p of panels) y = drawPanel(p, frame, y, texts, shapes) + PANEL_GAP;

  for (const line of wrap(TIMELINE_LEGEND, inner, BASE)) {
    texts.push({ x: PAD, y: baselineIn(y, LINE, BASE), text: line, font: BASE, fill: MUTED });
    y += LINE;
  }
  const height = Math.ceil(y + PAD);
  const title = `Simulated timeline of ${integration}: ${result.test.name}`;
  return `${[svgOpen(WIDTH, height, BASE, title), ...shapes, ...texts.map((t) => svgText(t, BASE)), "</svg>"].join("\n")}\n`;
}

const widest = (texts: readonly string[]) => Math.max(0, ...texts.map((t) => textWidth(t, BASE)));

interface Frame {
  readonly plotX: number;
  readonly plotW: number;
}

interface PlotModel {
  readonly thresholds: Thresholds;
  readonly steps: readonly TimelineStep[];
  readonly notifications: readonly Notification[];
  readonly lo: number;
  readonly hi: number;
  /** The value axis's top and bottom labels. */
  readonly tickLabels: readonly [string, string];
  /** The critical threshold's label, then the warning's. */
  readonly markLabels: readonly string[];
}

interface PanelModel {
  readonly heading: string;
  readonly title?: string;
  /** Why there is nothing to draw, instead of a plot. */
  readonly note?: string;
  readonly plot?: PlotModel;
}

function panelModel(ref: string, planned: PlannedMonitor | undefined, timeline: Timeline | undefined, group: string | undefined): PanelModel {
  const head = { heading: group && group !== "*" ? `${ref} (${group})` : ref, ...(planned ? { title: `\u201c${planned.title}\u201d` } : {}) };
  if (!planned) return { ...head, note: "the plan creates no such monitor" };
  if (!timeline) return { ...head, note: "not simulated" };
  if (timeline.notEvaluated) return { ...head, note: `not simulated: ${timeline.notEvaluated.message}` };
  if (group === undefined) return { ...head, note: "no evaluation" };
  const thresholds = thresholdsOf(planned);
  const steps = timeline.steps.filter((s) => s.group === group);
  const values = steps.flatMap((s) => (s.value === undefined ? [] : [s.value]));
  const marks = [thresholds.critical, ...(thresholds.warning === undefined ? [] : [thresholds.warning])];
  const lo = Math.min(0, ...values, ...marks);
  const hi = lo + niceCeil(Math.max(...values, ...marks) - lo);
  const number = (v: number) => `${rounded(v, 3)}${thresholds.unit}`;
  return {
    ...head,
    plot: {
      thresholds,
      steps,
      notifications: timeline.notifications.filter((n) => n.group === group),
      lo,
      hi,
      tickLabels: [number(hi), number(lo)],
      markLabels: [`${thresholds.comparator} ${number(thresholds.critical)}`, ...(thresholds.warning === undefined ? [] : [`warn ${thresholds.comparator} ${number(thresholds.warning)}`])],
    },
  };
}

/** The value axis's top: a round number (1, 2, 2.5 or 5 times a power of ten) above the span, with room over the highest point. */
function niceCeil(span: number): number {
  if (!(span > 0)) return 1;
  const target = span * 1.1;
  const power = 10 ** Math.floor(Math.log10(target));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= target) ?? 10) * power;
}

/** One monitor (one group of it): heading, what is compared, the plot, the state strip, time ticks, notifications. Returns the y below it. */
function drawPanel(p: PanelModel, frame: Frame, top: number, texts: TextSpec[], shapes: string[]): number {
  const inner = WIDTH - 2 * PAD;
  let y = top;
  // Heading: the reference in bold, then the monitor's name as far as it fits.
  const heading = truncate(p.heading, inner, BOLD);
  texts.push({ x: PAD, y: baselineIn(y, LINE, BOLD), text: heading, font: BOLD });
  const titleX = PAD + textWidth(heading, BOLD) + 10;
  const name = p.title ? truncate(p.title, PAD + inner - titleX, BASE) : "";
  if (name) texts.push({ x: titleX, y: baselineIn(y, LINE, BASE), text: name, font: BASE, fill: MUTED });
  y += LINE;
  const paragraph = (text: string) => {
    for (const line of wrap(text, inner, BASE)) {
      texts.push({ x: PAD, y: baselineIn(y, LINE, BASE), text: line, font: BASE, fill: MUTED });
      y += LINE;
    }
  };
  if (!p.plot) {
    paragraph(p.note ?? "");
    return y;
  }
  const { thresholds, steps, lo, hi, tickLabels, markLabels } = p.plot;
  paragraph(thresholds.words);
  y += 6;

  const { plotX, plotW } = frame;
  const from = steps[0]!.at;
  const to = Math.max(from + 1, steps[steps.length - 1]!.at);
  const xOf = (t: number) => plotX + (plotW * (t - from)) / (to - from);
  const plotTop = y;
  const yOf = (v: number) => plotTop + PLOT_H - (PLOT_H * (Math.min(hi, Math.max(lo, v)) - lo)) / (hi - lo);

  shapes.push(`<rect x="${r(plotX)}" y="${r(plotTop)}" width="${r(plotW)}" height="${PLOT_H}" fill="none" stroke="${GRID}"/>`);
  texts.push({ x: plotX - 6, y: plotTop + 10, text: tickLabels[0], font: BASE, anchor: "end", fill: MUTED });
  texts.push({ x: plotX - 6, y: plotTop + PLOT_H, text: tickLabels[1], font: BASE, anchor: "end", fill: MUTED });
  // Threshold lines, labelled in the right margin; a warning label too close to the critical one moves off it.
  const critY = yOf(thresholds.critical);
  shapes.push(`<line x1="${r(plotX)}" y1="${r(critY)}" x2="${r(plotX + plotW)}" y2="${r(critY)}" stroke="${CRITICAL}" stroke-dasharray="5 3"/>`);
  const critBaseline = clampBaseline(critY, plotTop, PLOT_H);
  texts.push({ x: plotX + plotW + 6, y: critBaseline, text: markLabels[0]!, font: BASE, fill: CRITICAL });
  if (thresholds.warning !== undefined) {
    const warnY = yOf(thresholds.warning);
    shapes.push(`<line x1="${r(plotX)}" y1="${r(warnY)}" x2="${r(plotX + plotW)}" y2="${r(warnY)}" stroke="${WARNING}" stroke-dasharray="5 3"/>`);
    let warnBaseline = clampBaseline(warnY, plotTop, PLOT_H);
    if (Math.abs(warnBaseline - critBaseline) < LINE) warnBaseline = critBaseline + (warnBaseline >= critBaseline ? LINE : -LINE);
    texts.push({ x: plotX + plotW + 6, y: warnBaseline, text: markLabels[1]!, font: BASE, fill: WARNING });
  }
  // The value, a line broken where there is none (no points in the window).
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 1) shapes.push(`<polyline points="${segment.join(" ")}" fill="none" stroke="${SERIES}" stroke-width="2"/>`);
    segment = [];
  };
  for (const s of steps) {
    if (s.value === undefined) flush();
    else segment.push(`${r(xOf(s.at))},${r(yOf(s.value))}`);
  }
  flush();
  y = plotTop + PLOT_H + 4;

  // The state strip: one span per run of a state, its word inside when it fits.
  const stripTop = y;
  for (const run of runsOf(steps)) {
    const x1 = xOf(run.from);
    const x2 = run.to === undefined ? plotX + plotW : xOf(run.to);
    const style = STATE_STYLE[run.state];
    shapes.push(`<rect x="${r(x1)}" y="${r(stripTop)}" width="${r(Math.max(0, x2 - x1))}" height="${STRIP_H}" fill="${style.fill}"/>`);
    if (textWidth(run.state, BOLD) + 8 <= x2 - x1) texts.push({ x: (x1 + x2) / 2, y: baselineIn(stripTop, STRIP_H, BOLD), text: run.state, font: BOLD, anchor: "middle", fill: style.text });
  }
  for (const n of p.plot.notifications) shapes.push(`<line x1="${r(xOf(n.at))}" y1="${r(stripTop - 3)}" x2="${r(xOf(n.at))}" y2="${r(stripTop + STRIP_H + 3)}" stroke="${INK}" stroke-width="1.5"/>`);
  y = stripTop + STRIP_H + 2;

  // Time ticks under the strip, the first spacing in TICK_STEPS that leaves their labels well apart.
  const ticksEvery = (every: number) => {
    const times: number[] = [];
    for (let t = Math.ceil(from / every) * every; t <= to; t += every) times.push(t);
    return times;
  };
  const roomy = (every: number) => (plotW * every) / (to - from) >= widest(ticksEvery(every).map(simulatedTime)) + TICK_GAP;
  for (const t of ticksEvery(TICK_STEPS.find(roomy) ?? to - from)) texts.push({ x: xOf(t), y: baselineIn(y, LINE, BASE), text: simulatedTime(t), font: BASE, anchor: "middle", fill: MUTED });
  y += LINE + 2;

  // Notifications on lanes: a label starts at its time, or ends there near the right edge.
  const labels = p.plot.notifications.map((n) => {
    const text = notificationText(n);
    const w = textWidth(text, BASE);
    const x = xOf(n.at);
    const anchor: TextSpec["anchor"] = x + w > PAD + inner ? "end" : "start";
    return { text, x, anchor, left: anchor === "end" ? x - w : x, right: anchor === "end" ? x : x + w };
  });
  const lanes = assignLanes(labels, LABEL_GAP);
  labels.forEach((l, k) => texts.push({ x: l.x, y: baselineIn(y + lanes[k]! * LINE, LINE, BASE), text: l.text, font: BASE, anchor: l.anchor, fill: INK }));
  return y + (labels.length ? Math.max(...lanes) + 1 : 0) * LINE;
}

/** `95m OK → ALERT`, `155m ALERT, renotified`. */
export function notificationText(n: Notification): string {
  return n.renotify ? `${simulatedTime(n.at)} ${n.state}, renotified` : `${simulatedTime(n.at)} ${n.from} \u2192 ${n.state}`;
}

/** The groups a timeline has steps for, in order of first step; [undefined] when there is nothing to draw. */
function groupsOf(timeline: Timeline | undefined): (string | undefined)[] {
  const groups = [...new Set((timeline?.steps ?? []).map((s) => s.group))];
  return groups.length && !timeline?.notEvaluated ? groups : [undefined];
}

interface Thresholds {
  readonly words: string;
  readonly comparator: string;
  readonly critical: number;
  readonly warning?: number;
  readonly unit: string;
}

function thresholdsOf(planned: PlannedMonitor): Thresholds {
  const m = planned.monitor;
  // Both kinds read a warning threshold from options.thresholds.warning (evaluate.ts, burnRate.ts).
  const raw = m.options.monitorThresholds?.warning;
  const warning = raw === undefined ? undefined : Number(raw);
  const warn = warning !== undefined && Number.isFinite(warning) ? { warning } : {};
  if (m.kind === "burn_rate") {
    const q = m.query;
    const short = q.shortWindow ? ` and over ${q.shortWindow}` : "";
    return { words: `the line: burn rate over ${q.longWindow}; alerts when the burn rates over ${q.longWindow}${short} are both ${q.comparator} ${q.threshold}`, comparator: q.comparator, critical: q.threshold, unit: "", ...warn };
  }
  const q = m.query;
  const compared = comparedValue(q);
  return { words: `the line: ${compared.words}${compared.unit ? ` (${compared.unit})` : ""}; ${q.comparator} ${q.threshold}${compared.unit} alerts`, comparator: q.comparator, critical: q.threshold, unit: compared.unit, ...warn };
}

/** A threshold label's baseline beside its line, kept inside the plot's height. */
function clampBaseline(lineY: number, plotTop: number, plotH: number): number {
  return Math.min(plotTop + plotH, Math.max(plotTop + 10, lineY + 4));
}

/** Runs of one state: from the step it started at to the step the next run starts at (undefined: to the end). */
function runsOf(steps: readonly TimelineStep[]): { state: MonitorState; from: number; to?: number }[] {
  const runs: { state: MonitorState; from: number; to?: number }[] = [];
  for (const s of steps) {
    const last = runs[runs.length - 1];
    if (last && last.state === s.state) continue;
    if (last) last.to = s.at;
    runs.push({ state: s.state, from: s.at });
  }
  return runs;
}

function expectationCount(result: ScenarioResult): number {
  return result.test.expect.reduce((n, e) => n + e.firing.length + e.warning.length + e.quiet.length, 0);
}
