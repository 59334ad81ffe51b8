/**
 * The JSONata runner behind forwarder/destinations/transform.ts (read its comment for the limits and
 * what is refused): `jsonata` with the step, depth, sequence, size and item bounds attached, `$eval`
 * and `$pad` replaced, and unsafe regular expressions refused.
 *
 * In the consumer's archive this module and `jsonata` are their own file, `transform.js`
 * (forwarder/build/layout.ts), required at the first transform compiled: they are most of what
 * the consumer would otherwise load at every cold start. Only transform.ts requires this module,
 * and this module takes nothing but types from transform.ts (a value import would pull the main
 * bundle's code into this file, or this file into itself).
 */
import jsonata from "jsonata";
import type { CompileOutcome, TransformLimits, TransformProblem } from "./transform";
import { unsafeRegexReason } from "./regexSafety";

const MAX_PAD = 10_000;
const STEPS = Symbol("martech.transform.steps");
const ITEMS = Symbol("martech.transform.items");

/** Compiles an expression under `limits`: a syntax error or a refused construct is a problem with its position. */
export function compileJsonata(expression: string, limits: TransformLimits): CompileOutcome {
  let expr: jsonata.Expression;
  try {
    expr = jsonata(expression, { stack: limits.depth, sequence: limits.sequence, RegexEngine: SafeRegExp as unknown as RegExpConstructor });
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
