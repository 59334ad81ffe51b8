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
 * backtrack exponentially (regexSafety.ts).
 */
import type jsonata from "jsonata";

/**
 * jsonata is required at the first transform compiled, not when the consumer loads: it is most of
 * the consumer bundle (80 KB minified), and a cold start whose deliveries have no transform never
 * runs it (esbuild keeps a require inside a function lazy; `npm run bench` times the cold require).
 */
let loaded: typeof jsonata | undefined;
const jsonataParser = (): typeof jsonata => (loaded ??= require("jsonata") as typeof jsonata);
import { unsafeRegexReason } from "./regexSafety";

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

const MAX_PAD = 10_000;
const STEPS = Symbol("martech.transform.steps");
const ITEMS = Symbol("martech.transform.items");

/** Compiles an expression (cached by text and limits); a syntax error or a refused construct is a problem with its position. */
export function compileTransform(expression: string, limits: TransformLimits = DEFAULT_TRANSFORM_LIMITS): { ok: true; transform: CompiledTransform } | { ok: false; problem: TransformProblem } {
  const key = `${limits.steps}/${limits.depth}/${limits.sequence}/${limits.outputBytes}/${limits.items}\u0000${expression}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const result = compile(expression, limits);
  if (compiled.size > 256) compiled.clear();
  compiled.set(key, result);
  return result;
}

const compiled = new Map<string, ReturnType<typeof compileTransform>>();

function compile(expression: string, limits: TransformLimits): ReturnType<typeof compileTransform> {
  let expr: jsonata.Expression;
  try {
    expr = jsonataParser()(expression, { stack: limits.depth, sequence: limits.sequence, RegexEngine: SafeRegExp as unknown as RegExpConstructor });
  } catch (err) {
    return { ok: false, problem: problemOf(err) };
  }
  const refused = refusedConstruct(expr.ast());
  if (refused) return { ok: false, problem: refused };

  // Steps are counted per evaluation on its own base frame, so concurrent evaluations do not share a budget.
  const assign = expr.assign as unknown as (name: symbol | string, value: unknown) => void;
  assign(Symbol.for("jsonata.__evaluate_entry"), (_node: unknown, _input: unknown, environment: { base: Record<symbol, number> }) => {
    const base = environment.base;
    base[STEPS] = (base[STEPS] ?? 0) + 1;
    if (base[STEPS] > limits.steps) {
      throw { code: "U1001", message: `the transform took more than ${limits.steps} evaluation steps; simplify it (an unbounded recursion?)` };
    }
  });
  // Work the step count cannot see: natively built arrays ([1..100000] costs one step) and strings
  // doubled by recursion. Every intermediate result is measured on its way out, so memory stays
  // bounded too (untrusted expressions from pull requests must not exhaust check's heap).
  assign(Symbol.for("jsonata.__evaluate_exit"), (_node: unknown, _input: unknown, environment: { base: Record<symbol, number> }, result: unknown) => {
    const base = environment.base;
    if (Array.isArray(result)) {
      base[ITEMS] = (base[ITEMS] ?? 0) + result.length;
      if (base[ITEMS] > limits.items) throw { code: "U1007", message: `the transform built more than ${limits.items} list items in all; simplify it` };
    } else if (typeof result === "string" && result.length > limits.outputBytes) {
      throw { code: "U1008", message: `the transform built a string longer than ${limits.outputBytes} characters` };
    }
  });
  assign("eval", () => {
    throw { code: "U1002", message: "$eval is not allowed in a transform" };
  });
  const pad = (expr as unknown as { registerFunction: jsonata.Expression["registerFunction"] }).registerFunction;
  pad.call(expr, "pad", (str: string | undefined, width: number, char?: string) => {
    if (str === undefined) return undefined;
    if (!Number.isFinite(width) || Math.abs(width) > MAX_PAD) throw { code: "U1003", message: `$pad width is limited to ${MAX_PAD}` };
    const fill = char === undefined || char === "" ? " " : char;
    const missing = Math.abs(width) - [...str].length;
    if (missing <= 0) return str;
    const padding = fill.repeat(Math.ceil(missing / [...fill].length)).slice(0, missing);
    return width < 0 ? padding + str : str + padding;
  }, "<s-ns?:s>");

  return {
    ok: true,
    transform: {
      async evaluate(input) {
        let value: unknown;
        try {
          value = await expr.evaluate(input);
        } catch (err) {
          return { ok: false, problem: problemOf(err) };
        }
        if (value === undefined) return { ok: false, problem: { code: "U1004", message: "the transform produced nothing for this event (no field it reads is present?)" } };
        let text: string | undefined;
        try {
          text = typeof value === "string" ? value : JSON.stringify(value);
        } catch {
          text = undefined;
        }
        if (text === undefined) return { ok: false, problem: { code: "U1005", message: "the transform produced something that is not JSON (a function?)" } };
        if (Buffer.byteLength(text) > limits.outputBytes) return { ok: false, problem: { code: "U1006", message: `the transform's result is larger than ${limits.outputBytes} bytes` } };
        return { ok: true, value: typeof value === "string" ? value : JSON.parse(text) };
      },
    },
  };
}

/** The body to send: a string result as is (NDJSON, form data), anything else as JSON. */
export function serializeTransformResult(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** RegExp for jsonata's evaluator: refuses exponential patterns (a regex literal could also reach it through $eval, which is refused too). */
class SafeRegExp extends RegExp {
  constructor(pattern: string | RegExp, flags?: string) {
    const source = typeof pattern === "string" ? pattern : pattern.source;
    const reason = unsafeRegexReason(source);
    if (reason) throw { code: "U1007", message: `a regular expression with ${reason} can take unbounded time and is not allowed in a transform` };
    super(pattern, flags);
  }
}

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  procedure?: AstNode;
  [key: string]: unknown;
}

/** `$eval(...)` calls and unsafe regex literals, with their positions (0-based, at the construct's end as jsonata reports positions). */
function refusedConstruct(ast: unknown): TransformProblem | undefined {
  const seen = new Set<unknown>();
  let found: TransformProblem | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as AstNode;
    if (n.type === "function" && n.procedure?.type === "variable" && n.procedure.value === "eval") {
      found = { code: "U1002", message: "$eval is not allowed in a transform: it would run text from the payload as code", ...startOf(n.procedure, "$eval".length) };
      return;
    }
    if (n.type === "regex" && n.value instanceof RegExp) {
      const reason = unsafeRegexReason(n.value.source);
      if (reason) {
        found = { code: "U1007", message: `a regular expression with ${reason} can take unbounded time and is not allowed in a transform`, ...startOf(n, n.value.source.length + 2 + n.value.flags.replace("g", "").length) };
        return;
      }
    }
    for (const [k, v] of Object.entries(n)) if (k !== "value" || typeof v === "object") visit(v);
  };
  visit(ast);
  return found;
}

/** jsonata's node positions are just past the node's text; `length` is that text's length. */
function startOf(n: AstNode, length: number): { position?: number } {
  return typeof n.position === "number" ? { position: Math.max(0, n.position - length) } : {};
}

/**
 * jsonata throws plain objects `{ code, position, token, message }`, `position` being the offset just
 * past the offending token; the problem's position is where that token starts. Anything else becomes
 * a generic problem.
 */
function problemOf(err: unknown): TransformProblem {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; position?: unknown; token?: unknown };
  const code = typeof e.code === "string" ? e.code : "U1000";
  const message = typeof e.message === "string" && e.message !== "" ? e.message : err instanceof RangeError ? "the transform nests too deeply" : "the transform failed";
  const tokenLength = typeof e.token === "string" && e.token.length > 0 ? e.token.length : 1;
  return { code, message, ...(typeof e.position === "number" && { position: Math.max(0, e.position - tokenLength) }) };
}
