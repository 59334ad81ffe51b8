/**
 * The report end to end, apart from reading the inventory and writing files: collect,
 * build, render. Returns the files to write, named by week.
 */
import type { Diagnostic } from "../../compiler/diagnostics";
import type { Inventory } from "../../compiler/model";
import { buildReport, type Report } from "./build";
import { collect, type Clients } from "./collect";
import { coverageGaps } from "./coverage";
import { weeksEndingWith, type IsoWeek } from "./isoWeek";
import { weekChart } from "./chart";
import { quarterChart } from "./quarterChart";
import { renderMarkdown } from "./renderMarkdown";

/** Thirteen ISO weeks: a quarter, whichever week it ends on. */
export const QUARTER_WEEKS = 13;

export interface ReportInput {
  readonly inventory: Inventory;
  /** The validator's diagnostics (warnings) for the same inventory: incomplete runbooks. */
  readonly diagnostics: readonly Diagnostic[];
  readonly runbooksDir: string;
  readonly environment: string;
  readonly week: IsoWeek;
  readonly quarter: boolean;
}

export async function makeReport(clients: Clients, input: ReportInput): Promise<{ report: Report; files: Record<string, string> }> {
  const weeks = weeksEndingWith(input.week, input.quarter ? QUARTER_WEEKS : 2);
  const collected = await collect(clients, input.inventory, input.environment, weeks);
  const report = buildReport({ inventory: input.inventory, collected, gaps: coverageGaps(input.inventory, input.diagnostics, input.runbooksDir), environment: input.environment, weeks, quarter: input.quarter });
  return { report, files: renderFiles(report) };
}

/** File name -> content: `<week>.md`, `<week>.svg`, and `<week>-quarter.svg` for a quarter. */
export function renderFiles(report: Report): Record<string, string> {
  const name = report.week;
  const charts = { week: `${name}.svg`, ...(report.quarter ? { quarter: `${name}-quarter.svg` } : {}) };
  const files: Record<string, string> = { [`${name}.md`]: renderMarkdown(report, charts), [charts.week]: weekChart(report) };
  if (report.quarter && charts.quarter) files[charts.quarter] = quarterChart(report.quarter, `Weekly SLO attainment, ${report.quarter.weeks[0]} to ${name}`);
  return files;
}
