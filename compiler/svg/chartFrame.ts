/** The end every chart shares: its legend wrapped under the rows, the canvas height, then the SVG document. */
import { wrap } from "./fitText";
import { BASE, LINE, MUTED, PAD } from "./style";
import { baselineIn, svgOpen, svgText, type TextSpec } from "./svgText";

export interface ChartBody {
  readonly width: number;
  /** Where the rows end. */
  readonly y: number;
  readonly shapes: readonly string[];
  readonly texts: readonly TextSpec[];
  readonly legend: string;
  /** The SVG's accessible title. */
  readonly title: string;
}

export function closeChart(body: ChartBody): string {
  const texts = [...body.texts];
  let y = body.y;
  for (const line of wrap(body.legend, body.width - 2 * PAD, BASE)) {
    texts.push({ x: PAD, y: baselineIn(y, LINE, BASE), text: line, font: BASE, fill: MUTED });
    y += LINE;
  }
  const height = Math.ceil(y + PAD);
  return `${[svgOpen(body.width, height, BASE, body.title), ...body.shapes, ...texts.map((t) => svgText(t, BASE)), "</svg>"].join("\n")}\n`;
}
