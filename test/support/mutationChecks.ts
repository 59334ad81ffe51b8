/**
 * What the weekly mutation-testing workflow (.github/workflows/mutation.yml, README "Mutation
 * testing") must get right, in the style of workflowChecks.ts: a weekly schedule plus manual runs,
 * one matrix entry per scope in tools/mutationScopes.json, `npm run mutate` for that entry, and the
 * report uploaded even when the run breaks its threshold.
 */
import type { Job, Step, Workflow } from "./workflowChecks";

const stepsOf = (job: Job) => job.steps ?? [];
const runOf = (s: Step) => (typeof s.run === "string" ? s.run : "");

export function checkMutationWorkflow(wf: Workflow, scopes: readonly string[]): string[] {
  const problems: string[] = [];
  const on = (wf.on && typeof wf.on === "object" ? wf.on : {}) as Record<string, unknown>;
  const crons = Array.isArray(on.schedule) ? (on.schedule as { cron?: string }[]).map((s) => String(s.cron ?? "").trim()) : [];
  // Fields: minute hour day-of-month month day-of-week; a weekly run names one day of the week.
  if (!crons.some((c) => /^\S+ \S+ \* \* [0-7A-Za-z]+$/.test(c))) problems.push("mutation: no weekly schedule");
  if (!("workflow_dispatch" in on)) problems.push("mutation: no workflow_dispatch trigger");

  const entry = Object.entries(wf.jobs).find(([, job]) => stepsOf(job).some((s) => /\bnpm run mutate\b/.test(runOf(s))));
  if (!entry) return [...problems, "mutation: no step runs npm run mutate"];
  const [id, job] = entry as [string, Job & { strategy?: { "fail-fast"?: unknown; matrix?: { scope?: unknown } } }];
  const matrix = job.strategy?.matrix?.scope;
  const listed = Array.isArray(matrix) ? matrix.map(String).sort() : [];
  if (JSON.stringify(listed) !== JSON.stringify([...scopes].sort())) problems.push(`mutation: job ${id} matrix.scope is [${listed.join(", ")}], not the scopes of tools/mutationScopes.json [${[...scopes].sort().join(", ")}]`);
  if (job.strategy?.["fail-fast"] !== false) problems.push(`mutation: job ${id} without fail-fast: false, so one scope's failure cancels the others' reports`);

  const steps = stepsOf(job);
  const mutate = steps.findIndex((s) => /\bnpm run mutate\b/.test(runOf(s)));
  const step = steps[mutate]!;
  const passesScope = /\$\{\{\s*matrix\.scope\s*\}\}/.test(runOf(step)) || Object.values(step.env ?? {}).some((v) => /\$\{\{\s*matrix\.scope\s*\}\}/.test(String(v)));
  if (!passesScope) problems.push(`mutation: job ${id} runs npm run mutate without the matrix scope`);
  const upload = steps.findIndex((s) => typeof s.uses === "string" && s.uses.startsWith("actions/upload-artifact@"));
  if (upload < mutate) problems.push(`mutation: job ${id} does not upload the report after npm run mutate`);
  else {
    const u = steps[upload]!;
    if (!/\breports\/mutation\/\$\{\{\s*matrix\.scope\s*\}\}/.test(String(u.with?.path ?? ""))) problems.push(`mutation: job ${id} uploads ${String(u.with?.path ?? "(no path)")}, not reports/mutation/<scope>/`);
    // download-artifact drops the folder name of a lone artifact, so the score job finds each report by this file.
    const names = steps.slice(mutate + 1, upload).some((s) => /reports\/mutation\/"?\$SCOPE"?\/scope\b/.test(runOf(s)) && Object.values(s.env ?? {}).some((v) => /\$\{\{\s*matrix\.scope\s*\}\}/.test(String(v))));
    if (!names) problems.push(`mutation: job ${id} uploads a report without its scope file (reports/mutation/$SCOPE/scope), which the score job needs`);
    if (!/always\(\)|!cancelled\(\)|failure\(\)/.test(String(u.if ?? ""))) problems.push(`mutation: job ${id} skips the upload when the score breaks its threshold (add if: \${{ !cancelled() }})`);
  }
  return problems;
}
