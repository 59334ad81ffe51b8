/**
 * transform-syntax and transform-test-failed: each `forwardTo` target's JSONata `transform`
 * (docs.jsonata.org; forwarder/destinations/transform.ts runs it, here and in the consumer) must parse,
 * and must produce each of its `transformTests`' output from their input.
 *
 * - transform-syntax (synchronous, part of every validation): jsonata's parser, plus what the runner
 *   refuses (`$eval`, regular expressions that can backtrack exponentially), pointed at the offending
 *   character inside the YAML string.
 * - transform-test-failed: jsonata 2.x evaluates asynchronously, and validation (validateInventory,
 *   used by check, plan, the budget gate and the Pulumi program) is synchronous. So the tests run in a
 *   separate async step, `transformTestDiagnostics`, which `npm run check` runs after validation and
 *   merges into its report, and which `npm test` runs over the sample inventory
 *   (test/forwarder/destinations.transforms.test.ts). `plan` and `pulumi up` do not run them: CI runs
 *   check on every pull request before either. Evaluation is bounded by steps, depth and sequence
 *   length (never a clock), so a hostile expression in a pull request cannot hang check.
 */
import { isDeepStrictEqual } from "node:util";
import type { TransformProblem } from "../../../forwarder/destinations/transform";
import { sortDiagnostics, type Diagnostic } from "../../diagnostics";
import { positionInString } from "../../load/stringPosition";
import { positionOf, type SourceMap } from "../../load/yamlFile";
import type { Path } from "../../path";
import { parseInventoryFile, type ParsedFile } from "../parseFile";
import type { Rule } from "../ruleContext";
import type { ForwardTargetDoc, IntegrationDoc } from "../schema";

/**
 * The runner, loaded at the first transform: jsonata takes tens of milliseconds to load, and most
 * inventories (and `check` on one without forwarding) have none (issue 17, start-up).
 */
const compileTransform: typeof import("../../../forwarder/destinations/transform").compileTransform = (...args) =>
  (require("../../../forwarder/destinations/transform") as typeof import("../../../forwarder/destinations/transform")).compileTransform(...args);

interface TransformSite {
  readonly target: ForwardTargetDoc;
  readonly transform: string;
  /** Path of the `transform` field. */
  readonly path: Path;
  /** `webhook segment-events: forwardTo meta-ads` */
  readonly label: string;
}

/** Every target with a transform, in file order. */
function transformSites(integration: IntegrationDoc): TransformSite[] {
  return integration.webhooks.flatMap((hook, h) =>
    hook.forwardTo.flatMap((target, t): TransformSite[] =>
      target.transform === undefined
        ? []
        : [{ target, transform: target.transform, path: ["webhooks", h, "forwardTo", t, "transform"], label: `webhook ${hook.id}: forwardTo ${target.system}` }],
    ),
  );
}

/** Where a problem's position inside the expression is in the file (the field itself without one). */
function problemAt(source: SourceMap, site: TransformSite, problem: TransformProblem) {
  return problem.position === undefined ? positionOf(source, site.path) : positionInString(source, site.path, site.transform, Math.min(problem.position, site.transform.length));
}

export const transformSyntax: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    for (const site of transformSites(integration)) {
      const compiled = compileTransform(site.transform);
      if (compiled.ok) continue;
      ctx.reportAt(file.file, problemAt(file.source, site, compiled.problem), "transform-syntax", `${site.label}: transform: JSONata cannot read this expression: ${compiled.problem.message} [${compiled.problem.code}]`);
    }
  }
};

/**
 * Runs every `transformTests` entry of the given inventory files against its target's transform;
 * a failing one is a positioned transform-test-failed error. Files whose shape is invalid, and
 * transforms with a syntax error, are skipped: validation reports those.
 */
export async function transformTestDiagnostics(sources: readonly { readonly file: string; readonly text: string }[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  // Only files that have tests are parsed again (parsing is most of check's time).
  for (const { file, text } of sources) {
    if (!text.includes("transformTests")) continue;
    const parsed = parseInventoryFile(file, text).parsed;
    if (parsed?.kind !== "Integration") continue;
    out.push(...(await testsOf(parsed)));
  }
  return sortDiagnostics(out);
}

async function testsOf(file: Extract<ParsedFile, { kind: "Integration" }>): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const report = (at: { line: number; column: number }, message: string) => out.push({ file: file.file, ...at, severity: "error", rule: "transform-test-failed", message });
  for (const site of transformSites(file.doc)) {
    const compiled = compileTransform(site.transform);
    if (!compiled.ok) continue;
    for (const [i, test] of (site.target.transformTests ?? []).entries()) {
      const testPath = [...site.path.slice(0, -1), "transformTests", i];
      const name = `${site.label}: transformTests[${i}]${test.description ? ` (${test.description})` : ""}`;
      const result = await compiled.transform.evaluate(test.input);
      if (!result.ok) {
        const at = result.problem.position === undefined ? positionOf(file.source, [...testPath, "input"]) : problemAt(file.source, site, result.problem);
        report(at, `${name}: the transform fails on this test's input: ${result.problem.message} [${result.problem.code}]`);
        continue;
      }
      const difference = firstDifference(result.value, test.output);
      if (difference) report(positionOf(file.source, [...testPath, "output", ...difference.at]), `${name}: the transform's output differs from the expected output: ${difference.words}`);
    }
  }
  return out;
}

/** The first place two JSON values differ: its path inside the value, and in words (`data[0].event_time is 1795960991, expected 1795960992`). */
export function firstDifference(actual: unknown, expected: unknown, at: (string | number)[] = []): { at: (string | number)[]; words: string } | undefined {
  if (isDeepStrictEqual(actual, expected)) return undefined;
  const where = at.length === 0 ? "the result" : formatAt(at);
  if (Array.isArray(actual) && Array.isArray(expected)) {
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
      const d = firstDifference(actual[i], expected[i], [...at, i]);
      if (d) return d;
    }
    return { at, words: `${where} has ${actual.length} item(s), expected ${expected.length}` };
  }
  if (isRecord(actual) && isRecord(expected)) {
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return { at: [...at, key], words: `${formatAt([...at, key])} is missing` };
      const d = firstDifference(actual[key], expected[key], [...at, key]);
      if (d) return d;
    }
    const extra = Object.keys(actual).find((k) => !(k in expected));
    return { at, words: extra === undefined ? `${where} differs` : `${formatAt([...at, extra])} is not expected (it is ${show(actual[extra])})` };
  }
  return { at, words: `${where} is ${show(actual)}, expected ${show(expected)}` };
}

function formatAt(at: readonly (string | number)[]): string {
  // An index is never an identifier, so it is written [0] like a key that is not one.
  return at.map((k, i) => (/^[A-Za-z_$][\w$]*$/.test(String(k)) ? (i === 0 ? k : `.${k}`) : `[${JSON.stringify(k)}]`)).join("");
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  const text = v === undefined ? "nothing" : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
