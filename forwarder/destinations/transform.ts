/**
 * A target's `transform`: a JSONata expression (the `jsonata` package, docs.jsonata.org; the
 * language AWS Step Functions adopted for its states) from the vendor's verified event, its JSON
 * body as `$`, to the destination's body. The same runner serves `check` (syntax and transformTests,
 * compiler/validate/rules/transforms.ts) and the consumer, so what is tested is what runs.
 *
 * Expressions arrive in pull requests, so evaluation is bounded by work done, never by a clock
 * (a slow CI machine must not turn a pass into a fail): at most `steps` evaluation steps (counted
 * with jsonata's documented `__evaluate_entry` hook), `depth` nested evaluations (jsonata's `stack`
 * option) and `sequence` items in any sequence (its `sequence` option, which also bounds ranges such
 * as `[1..1e7]`); `$pad` widths are capped. What one step can make unbounded is refused outright:
 * `$eval` (it would run text from the vendor's payload as code) and regular expressions that can
 * backtrack exponentially (regexSafety.ts). The runner itself is transformRunner.ts.
 */
import type * as Runner from "./transformRunner";

/**
 * The runner and `jsonata` are required at the first transform compiled, not when the consumer
 * loads: they are most of what the consumer would load (about 85 KB minified), and a cold start
 * whose deliveries have no transform never runs them. esbuild keeps a `require` inside a function
 * lazy; the forwarder's build (forwarder/build/bundle.ts) also makes this one a second file of the
 * consumer's archive, `transform.js`, so the consumer's index.js neither holds nor compiles it
 * (`npm run bench -- forwarder` times both). `check` loads it here as any other module.
 */
let loaded: typeof Runner | undefined;
const runner = (): typeof Runner => (loaded ??= require("./transformRunner") as typeof Runner);

export interface TransformLimits {
  readonly steps: number;
  readonly depth: number;
  readonly sequence: number;
  /** Largest serialized result, in bytes; also the longest string built along the way. */
  readonly outputBytes: number;
  /** List items built in all during one evaluation (intermediate results included). */
  readonly items: number;
}

/** Generous for a payload mapping (a 100-event HubSpot batch takes a few thousand steps), small enough to end in well under a second. */
export const DEFAULT_TRANSFORM_LIMITS: TransformLimits = Object.freeze({ steps: 200_000, depth: 200, sequence: 100_000, outputBytes: 4 * 1024 * 1024, items: 1_000_000 });

/** A problem with an expression or its evaluation; `position` is a 0-based offset into the expression when jsonata gives one. */
export interface TransformProblem {
  readonly code: string;
  readonly message: string;
  readonly position?: number;
}

export type TransformResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: TransformProblem };

export interface CompiledTransform {
  evaluate(input: unknown): Promise<TransformResult>;
}

export type CompileOutcome = { readonly ok: true; readonly transform: CompiledTransform } | { readonly ok: false; readonly problem: TransformProblem };

/** Compiles an expression (cached by text and limits); a syntax error or a refused construct is a problem with its position. */
export function compileTransform(expression: string, limits: TransformLimits = DEFAULT_TRANSFORM_LIMITS): CompileOutcome {
  const key = `${limits.steps}/${limits.depth}/${limits.sequence}/${limits.outputBytes}/${limits.items}\u0000${expression}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const result = runner().compileJsonata(expression, limits);
  if (compiled.size > 256) compiled.clear();
  compiled.set(key, result);
  return result;
}

const compiled = new Map<string, CompileOutcome>();

/** The body to send: a string result as is (NDJSON, form data), anything else as JSON. */
export function serializeTransformResult(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
