/**
 * The score table of mutation-testing runs, read back from each scope's Stryker JSON report
 * (reports/mutation/<scope>/mutation.json, the mutation-testing-elements schema:
 * https://github.com/stryker-mutator/mutation-testing-elements/tree/master/packages/report-schema).
 * A group scope (one with `parts`) adds its parts' counts: each part runs a subset of the
 * group's tests against its own files, so the group's sum is a lower bound of what the group's
 * whole test list would kill.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface MutationCounts {
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  /** Compile and runtime errors: a mutant that cannot load is no test of the tests. */
  errors: number;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

const FIELD: Record<string, keyof MutationCounts> = {
  Killed: "killed",
  Timeout: "timedOut",
  Survived: "survived",
  NoCoverage: "noCoverage",
  Ignored: "ignored",
  CompileError: "errors",
  RuntimeError: "errors",
};

export const emptyCounts = (): MutationCounts => ({ killed: 0, timedOut: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 });

export function countMutants(report: Report): MutationCounts {
  const counts = emptyCounts();
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      const field = FIELD[mutant.status];
      if (!field) throw new Error(`unknown mutant status "${mutant.status}"`);
      counts[field] += 1;
    }
  }
  return counts;
}

export function addCounts(a: MutationCounts, b: MutationCounts): MutationCounts {
  const sum = emptyCounts();
  for (const key of Object.keys(sum) as (keyof MutationCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** Valid mutants: the ones a test could judge (ignored and erroring ones are not). */
export const validMutants = (c: MutationCounts) => c.killed + c.timedOut + c.survived + c.noCoverage;

/** Stryker's mutation score: killed or timed out, over valid mutants, in percent. */
export const mutationScore = (c: MutationCounts) => (validMutants(c) === 0 ? 100 : (100 * (c.killed + c.timedOut)) / validMutants(c));

export function readCounts(root: string, scope: string): MutationCounts | undefined {
  const file = join(root, "reports", "mutation", scope, "mutation.json");
  return existsSync(file) ? countMutants(JSON.parse(readFileSync(file, "utf8")) as Report) : undefined;
}

/** A markdown table, one row per scope and a total row for a group. */
export function scoreTable(rows: readonly { scope: string; counts: MutationCounts | undefined }[], total?: string): string {
  const line = (name: string, c: MutationCounts | undefined) =>
    c
      ? `| ${name} | ${validMutants(c)} | ${c.killed} | ${c.timedOut} | ${c.survived} | ${c.noCoverage} | ${c.ignored} | ${mutationScore(c).toFixed(1)}% |`
      : `| ${name} | no report | | | | | | |`;
  const lines = ["| scope | mutants | killed | timed out | survived | no coverage | ignored | score |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", ...rows.map((r) => line(r.scope, r.counts))];
  if (total !== undefined) {
    const all = rows.every((r) => r.counts) ? rows.reduce((sum, r) => addCounts(sum, r.counts!), emptyCounts()) : undefined;
    lines.push(line(`**${total}** (sum of parts)`, all));
  }
  return lines.join("\n");
}
