/**
 * Recursive-descent parser: tokens -> syntax tree, one method per node kind. It checks the
 * shape of the query and the characters of names and tags; what the words mean (known
 * aggregators, `.as_count()` with `sum`, ...) is checked afterwards by semantics.ts.
 *
 * Grammar (https://docs.datadoghq.com/metrics/#querying-metrics,
 * https://docs.datadoghq.com/metrics/advanced-filtering/, https://docs.datadoghq.com/monitors/types/metric/):
 *
 *   monitor   := timeAggr "(" window ")" ":" expr comparator number
 *              | "burn_rate" "(" string ")" "." "over" "(" string ")" "." "long_window" "(" string ")" ["." "short_window" "(" string ")"] comparator number
 *   expr      := term (("+" | "-") term)*
 *   term      := factor (("*" | "/") factor)*
 *   factor    := "-" number | number | "(" expr ")" | call | metric
 *   call      := name "(" [arg ("," arg)*] ")"      arg := expr | string | name "=" (string | number)
 *   metric    := aggregator ":" metricName scope ["by" "{" key ("," key)* "}"] ("." method "(" args ")")*
 *   scope     := "{" "*" "}" | "{" or "}"
 *   or        := and (OR and)*
 *   and       := not ((AND | ",") not)*
 *   not       := NOT not | "(" or ")" | ["!"] tag | key [NOT] IN "(" value ("," value)* ")"
 */
import type { BurnRateQuery, Call, Expr, MetricMethod, MetricQuery, MonitorQuery, NumberLiteral, ScopeFilter, ScopeTerm, Span, StringLiteral, TagFilter } from "./ast";
import type { Token } from "./lexer";
import { tagKeyProblem, tagProblem, tagValueProblem } from "./names";
import { METHODS, type MethodName } from "./vocabulary";

/** Thrown inside the parser only; the entry points turn it into a QueryError. */
export class QuerySyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly related?: number,
  ) {
    super(message);
  }
}

/** An expression with the extent of its source text, parentheses included. */
interface Located {
  readonly expr: Expr;
  readonly start: number;
  readonly end: number;
}

const NUMBER = /^[0-9]+(\.[0-9]+)?$/;
const COMPARATORS = new Set([">", ">=", "<", "<="]);
/** A burn-rate alert fires when the burn rate rises above its threshold. */
const BURN_COMPARATORS = new Set([">", ">="]);
const EXAMPLE = "sum:martech.forwarder.received{integration:x}.as_count()";
/** Tokens that end a tag inside a scope. */
const TAG_STOP = new Set([",", "{", "}", "(", ")"]);

/**
 * Deepest nesting of parentheses, function calls and NOT: far beyond any real query, and the
 * parser (and whatever walks the tree) recurses once per level, so 100,000 "(" in a 1 MiB
 * inventory file would overflow the stack and end the whole check.
 */
const MAX_DEPTH = 64;

/**
 * Most arithmetic operators in one query. A chain `a + b + c ...` builds a tree one level deeper
 * per operator, which the checks that walk it recurse through: 30,000 terms (120 KB of an
 * inventory file) overflowed the stack and ended the whole check without a position.
 */
const MAX_OPERATORS = 256;

/** The first * term under a scope filter, if any. */
function wildcardIn(filter: ScopeFilter): Span | undefined {
  switch (filter.kind) {
    case "term":
      return filter.term.kind === "all" ? filter.term.span : undefined;
    case "not":
      return wildcardIn(filter.operand);
    case "and":
    case "or":
      for (const operand of filter.operands) {
        const found = wildcardIn(operand);
        if (found) return found;
      }
      return undefined;
    case "in":
      return undefined;
  }
}

export class Parser {
  private i = 0;
  private operators = 0;
  private depth = 0;

  /** Counts one arithmetic operator at the current token, refusing past MAX_OPERATORS there. */
  private countOperator(): void {
    this.operators += 1;
    if (this.operators > MAX_OPERATORS) this.fail(this.peek(), `this query has more than ${MAX_OPERATORS} arithmetic operators; split it or simplify it`);
  }

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  // ---- entry points ----

  /** A whole metric expression, nothing after it. */
  expression(): Expr {
    const { expr } = this.additive();
    this.expectEnd("the query");
    return expr;
  }

  monitor(): MonitorQuery | BurnRateQuery {
    const first = this.peek();
    if (first.kind === "word" && first.text === "burn_rate" && this.isPunct("(", 1)) return this.burnRate();
    if (first.kind !== "word" || !this.isPunct("(", 1)) {
      this.fail(first, `a monitor query starts with a time aggregation and window, such as sum(last_5m):${EXAMPLE} > 5`);
    }
    const timeAggregator = this.next().text;
    const open = this.next();
    const window = this.peek();
    if (window.kind !== "word") this.fail(window, `expected the evaluation window, such as last_5m, after "${timeAggregator}("`);
    this.next();
    this.expectPunct(")", `to close the parenthesis opened at character ${open.start + 1}`, open.start);
    this.expectPunct(":", `after ${timeAggregator}(${window.text})`);
    const { expr } = this.additive();
    const { comparator, threshold, end } = this.condition(COMPARATORS);
    return { kind: "monitor", timeAggregator, window: window.text, expr, comparator: comparator as MonitorQuery["comparator"], threshold, span: { start: first.start, end } };
  }

  // ---- monitor parts ----

  private burnRate(): BurnRateQuery {
    const first = this.next();
    const sloId = this.stringCall(first);
    const over = this.chained("over");
    const longWindow = this.chained("long_window");
    const shortWindow = this.isPunct(".") ? this.chained("short_window") : undefined;
    const { comparator, threshold, end } = this.condition(BURN_COMPARATORS);
    return { kind: "burn_rate", sloId, over, longWindow, ...(shortWindow !== undefined && { shortWindow }), comparator: comparator as BurnRateQuery["comparator"], threshold, span: { start: first.start, end } };
  }

  /** `.name("value")` */
  private chained(name: string): string {
    this.expectPunct(".", `before ${name}(...)`);
    const word = this.peek();
    if (word.kind !== "word" || word.text !== name) this.fail(word, `expected .${name}("...")`);
    this.next();
    return this.stringCall(word);
  }

  /** `("value")` after a name. */
  private stringCall(name: Token): string {
    const open = this.expectPunct("(", `after ${name.text}`);
    const value = this.peek();
    if (value.kind !== "string") this.fail(value, `${name.text}(...) takes one quoted value`);
    this.next();
    this.expectPunct(")", `to close the parenthesis opened at character ${open.start + 1}`, open.start);
    return value.text;
  }

  private condition(allowed: ReadonlySet<string>): { comparator: string; threshold: number; end: number } {
    const op = this.peek();
    if (op.kind !== "punct" || !allowed.has(op.text)) {
      this.fail(op, `expected a comparison (${[...allowed].join(", ")}) and a threshold after the query, found ${describe(op)}`);
    }
    this.next();
    const threshold = this.signedNumber("a threshold");
    this.expectEnd("the threshold");
    return { comparator: op.text, threshold: threshold.value, end: threshold.span.end };
  }

  // ---- arithmetic ----

  private additive(): Located {
    let left = this.multiplicative();
    while (this.isPunct("+") || this.isPunct("-")) {
      this.countOperator();
      const op = this.next().text as "+" | "-";
      const right = this.multiplicative();
      left = binary(op, left, right);
    }
    return left;
  }

  private multiplicative(): Located {
    let left = this.factor();
    while (this.isPunct("*") || this.isPunct("/")) {
      this.countOperator();
      const op = this.next().text as "*" | "/";
      const right = this.factor();
      left = binary(op, left, right);
    }
    return left;
  }

  private factor(): Located {
    const t = this.peek();
    if (this.isPunct("-") && this.peek(1).kind === "word" && NUMBER.test(this.peek(1).text)) {
      // Stryker disable next-line StringLiteral: the condition above saw a number after the "-", so signedNumber cannot fail here and never shows these words.
      const n = this.signedNumber("a number");
      return { expr: n, start: n.span.start, end: n.span.end };
    }
    if (this.isPunct("(")) {
      this.next();
      const inner = this.nested(t, () => this.additive());
      const close = this.expectPunct(")", `to close the parenthesis opened at character ${t.start + 1}`, t.start);
      return { expr: inner.expr, start: t.start, end: close.end };
    }
    if (t.kind === "word") {
      if (NUMBER.test(t.text)) {
        this.next();
        return located({ kind: "number", value: Number(t.text), span: { start: t.start, end: t.end } });
      }
      const after = this.peek(1);
      if (after.kind === "punct" && after.text === ":" && !after.spaced) return located(this.metric());
      if (after.kind === "punct" && after.text === "(" && !after.spaced) return located(this.nested(t, () => this.call()));
      this.fail(t, `"${t.text}" is not a metric query; write <aggregator>:<metric>{<tags>}, for example ${EXAMPLE}`);
    }
    if (t.kind === "end") this.fail(t, `the query ends where a metric query was expected, such as ${EXAMPLE}`);
    if (t.kind === "string") this.fail(t, `a quoted text can only be a function argument, found '${t.text}'`);
    return this.fail(t, `expected a metric query such as ${EXAMPLE}, found ${describe(t)}`);
  }

  private signedNumber(what: string): NumberLiteral {
    const minus = this.isPunct("-") ? this.next() : undefined;
    const t = this.peek();
    if (t.kind !== "word" || !NUMBER.test(t.text)) this.fail(t, `expected ${what}, found ${describe(t)}`);
    this.next();
    const value = Number(t.text);
    return { kind: "number", value: minus ? -value : value, span: { start: minus?.start ?? t.start, end: t.end } };
  }

  // ---- functions ----

  private call(): Call {
    const name = this.next();
    const open = this.next();
    const args: (Expr | StringLiteral)[] = [];
    const named: Record<string, string | number> = {};
    if (!this.isPunct(")")) {
      do {
        const t = this.peek();
        if (t.kind === "word" && this.isPunct("=", 1)) {
          this.next();
          this.next();
          if (Object.hasOwn(named, t.text)) this.fail(t, `${name.text}() is given ${t.text} twice`);
          named[t.text] = this.namedValue(t.text);
        } else {
          if (Object.keys(named).length > 0) this.fail(t, `in ${name.text}(), arguments without a name must come before named ones such as ${Object.keys(named)[0]}=`);
          if (t.kind === "string") {
            this.next();
            args.push({ kind: "string", value: t.text, span: { start: t.start, end: t.end } });
          } else args.push(this.additive().expr);
        }
      } while (this.isPunct(",") && this.next());
    }
    const close = this.expectPunct(")", `to close ${name.text}( opened at character ${open.start + 1}`, open.start);
    return { kind: "call", name: name.text, args, named, span: { start: name.start, end: close.end } };
  }

  private namedValue(key: string): string | number {
    const t = this.peek();
    if (t.kind === "string") {
      this.next();
      return t.text;
    }
    // A quoted value returned above; only a word can be all digits.
    if (NUMBER.test(t.text) || this.isPunct("-")) return this.signedNumber(`a value for ${key}`).value;
    return this.fail(t, `expected a quoted value or a number after ${key}=, found ${describe(t)}`);
  }

  // ---- metric queries ----

  private metric(): MetricQuery {
    const aggregator = this.next();
    this.next(); // ":"
    const name = this.peek();
    if (name.kind !== "word" || name.spaced) this.fail(name, `expected a metric name right after "${aggregator.text}:", found ${describe(name)}`);
    this.next();
    const open = this.peek();
    if (!this.isPunct("{")) {
      const dot = name.text.lastIndexOf(".");
      if (this.isPunct("(") && (METHODS as readonly string[]).includes(name.text.slice(dot + 1))) {
        // `sum:metric.as_count()`: the modifier was read as part of the name.
        this.failAt(name.start + dot, `expected "{" after the metric name ${name.text.slice(0, dot)}, with the tags to filter on ({*} for every source)`);
      }
      // The end of the query counts as spaced.
      if (!open.spaced) this.fail(open, `"${open.text}" cannot appear in a metric name; metric names hold ASCII letters, digits, "_" and "."`);
      this.fail(open, `expected "{" after the metric name ${name.text}, with the tags to filter on ({*} for every source), found ${describe(open)}`);
    }
    const scope = this.scope();
    const groupBy = this.groupBy();
    const methods: MetricMethod[] = [];
    while (this.isPunct(".")) methods.push(this.method());
    const end = methods.at(-1)?.span.end ?? groupBy.end ?? scope.span.end;
    return {
      kind: "metric",
      aggregator: aggregator.text,
      metric: name.text,
      scope: scope.terms,
      ...(scope.filter && { filter: scope.filter }),
      groupBy: groupBy.keys,
      methods,
      span: { start: aggregator.start, end },
      metricSpan: { start: name.start, end: name.end },
      scopeSpan: scope.span,
    };
  }

  private scope(): { terms: ScopeTerm[]; filter?: ScopeFilter; span: Span } {
    const open = this.next();
    if (this.isPunct("}")) {
      this.fail(open, "the tag scope {} is empty; write {*} for every source, or tags such as {integration:lead-sync}");
    }
    const usage: BooleanUsage = {};
    const filter = this.or(usage, open);
    const close = this.peek();
    if (!this.isPunct("}")) {
      const why = `to close the tag scope opened at character ${open.start + 1}`;
      if (close.kind === "end" || this.isPunct("{")) this.fail(close, `expected "}" ${why}`, open.start);
      this.fail(close, `expected "," or "}" after a tag, found ${describe(close)}; tags cannot contain spaces (close the tag scope opened at character ${open.start + 1})`, open.start);
    }
    this.next();
    const span = { start: open.start, end: close.end };
    if (usage.symbolic !== undefined && usage.functional !== undefined) {
      // "Symbolic boolean syntax (!, ,) cannot be used with functional syntax operators
      // (NOT, AND, OR, IN, NOT IN)" (https://docs.datadoghq.com/metrics/advanced-filtering/).
      this.failAt(usage.symbolic, `"!" and "," cannot be mixed with AND, OR, NOT and IN in one tag scope; write it with AND and NOT only`);
    }
    const terms = termsOf(filter);
    if (terms.some((t) => t.kind === "all") && terms.length > 1) this.failAt(terms.find((t) => t.kind === "all")!.span.start, "{*} already means every source; it cannot be combined with tags");
    return usage.functional === undefined ? { terms, span } : { terms, filter, span };
  }

  private or(usage: BooleanUsage, open: Token): ScopeFilter {
    const first = this.and(usage, open);
    const operands = [first];
    while (this.isKeyword("OR")) {
      this.consume(usage, "functional");
      operands.push(this.and(usage, open));
    }
    return operands.length === 1 ? first : { kind: "or", operands, span: spanOf(operands) };
  }

  private and(usage: BooleanUsage, open: Token): ScopeFilter {
    const first = this.not(usage, open);
    const operands = [first];
    for (;;) {
      if (this.isKeyword("AND")) this.consume(usage, "functional");
      else if (this.isPunct(",")) this.consume(usage, "symbolic");
      else break;
      operands.push(this.not(usage, open));
    }
    return operands.length === 1 ? first : { kind: "and", operands, span: spanOf(operands) };
  }

  private not(usage: BooleanUsage, open: Token): ScopeFilter {
    const t = this.peek();
    if (this.isKeyword("NOT") && !this.isKeyword("IN", 1)) {
      this.consume(usage, "functional");
      const operand = this.nested(t, () => this.not(usage, open));
      // As with !*: NOT over a scope holding * selects nothing, and scoping the query to one
      // environment (lower/environmentScope.ts) would then turn it into one that selects everything.
      const all = wildcardIn(operand);
      if (all) this.failAt(all.start, "NOT * would exclude every source");
      return { kind: "not", operand, span: { start: t.start, end: operand.span.end } };
    }
    if (this.isPunct("(")) {
      this.consume(usage, "functional");
      const inner = this.nested(t, () => this.or(usage, open));
      const close = this.expectPunct(")", `to close the parenthesis opened at character ${t.start + 1}`, t.start);
      return { ...inner, span: { start: t.start, end: close.end } };
    }
    return this.tag(usage, open);
  }

  private tag(usage: BooleanUsage, open: Token): ScopeFilter {
    const bang = this.isPunct("!") ? this.next() : undefined;
    if (bang) usage.symbolic ??= bang.start;
    const first = this.peek();
    if (first.kind === "end" || (first.kind === "punct" && TAG_STOP.has(first.text))) {
      if (first.kind === "end") this.fail(first, `expected "}" to close the tag scope opened at character ${open.start + 1}`, open.start);
      this.fail(first, `expected a tag such as integration:lead-sync, found ${describe(first)}`);
    }
    let last = this.next();
    // A tag ends at a space, at the end of the query (which counts as spaced) or at punctuation that stops it.
    while (!this.peek().spaced && !(this.peek().kind === "punct" && TAG_STOP.has(this.peek().text))) last = this.next();
    const raw = this.text.slice(first.start, last.end);
    const start = bang?.start ?? first.start;
    const span = { start, end: last.end };
    if (!bang && (this.isKeyword("IN") || (this.isKeyword("NOT") && this.isKeyword("IN", 1)))) return this.inList(raw, first.start, usage);
    if (raw === "*") {
      if (bang) this.failAt(bang.start, "!* would exclude every source");
      return { kind: "term", term: { kind: "all", span }, span };
    }
    const problem = tagProblem(raw);
    if (problem) this.failAt(first.start + problem.at, problem.message);
    const colon = raw.indexOf(":");
    const term: TagFilter =
      colon === -1
        ? { kind: "tag", key: raw, negated: bang !== undefined, span }
        : { kind: "tag", key: raw.slice(0, colon), value: raw.slice(colon + 1), negated: bang !== undefined, span };
    return { kind: "term", term, span };
  }

  /** `key IN (a, b)` / `key NOT IN (a, b)`; the key is already read. */
  private inList(key: string, keyStart: number, usage: BooleanUsage): ScopeFilter {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) this.failAt(keyStart + keyProblem.at, keyProblem.message);
    const negated = this.isKeyword("NOT");
    // Stryker disable next-line StringLiteral: only whether usage.functional is set is read, and the IN consumed on the next line sets it.
    if (negated) this.consume(usage, "functional");
    this.consume(usage, "functional"); // IN
    const open = this.expectPunct("(", `after ${negated ? "NOT IN" : "IN"}`);
    const values: string[] = [];
    do {
      const first = this.peek();
      if (first.kind === "end" || (first.kind === "punct" && TAG_STOP.has(first.text))) this.fail(first, `expected a value of ${key}, found ${describe(first)}`);
      if (this.isPunct("!")) this.fail(first, `"!" cannot be mixed with AND, OR, NOT and IN in one tag scope; list the values to ${negated ? "exclude" : "include"}, as in ${key} ${negated ? "NOT IN" : "IN"} (a, b)`);
      let last = this.next();
      while (!this.peek().spaced && !(this.peek().kind === "punct" && TAG_STOP.has(this.peek().text))) last = this.next();
      const value = this.text.slice(first.start, last.end);
      const problem = tagValueProblem(value);
      if (problem) this.failAt(first.start + problem.at, problem.message);
      values.push(value);
    } while (this.isPunct(",") && this.next());
    const close = this.expectPunct(")", `to close the IN list opened at character ${open.start + 1}`, open.start);
    return { kind: "in", key, values, negated, span: { start: keyStart, end: close.end } };
  }

  private groupBy(): { keys: string[]; end?: number } {
    const by = this.peek();
    if (by.kind !== "word" || by.text !== "by" || !this.isPunct("{", 1)) return { keys: [] };
    this.next();
    const open = this.next();
    if (this.isPunct("}")) this.fail(open, "by {} names no tag to group by; write by {tag} or leave it out");
    const keys: string[] = [];
    do {
      const first = this.peek();
      if (first.kind === "end" || (first.kind === "punct" && TAG_STOP.has(first.text))) this.fail(first, `expected a tag name to group by, found ${describe(first)}`);
      let last = this.next();
      while (!this.peek().spaced && !(this.peek().kind === "punct" && TAG_STOP.has(this.peek().text))) last = this.next();
      const key = this.text.slice(first.start, last.end);
      const problem = tagKeyProblem(key);
      if (problem) this.failAt(first.start + problem.at, problem.message);
      keys.push(key);
    } while (this.isPunct(",") && this.next());
    const close = this.expectPunct("}", `to close by { opened at character ${open.start + 1}`, open.start);
    return { keys, end: close.end };
  }

  private method(): MetricMethod {
    const dot = this.next();
    const name = this.peek();
    if (name.kind !== "word" || name.spaced) this.fail(name, `expected a modifier such as .as_count() after ".", found ${describe(name)}`);
    if (!(METHODS as readonly string[]).includes(name.text)) {
      this.fail(name, `unknown modifier .${name.text}(); Datadog's are .as_count(), .as_rate(), .rollup() and .fill()`);
    }
    this.next();
    const open = this.expectPunct("(", `after .${name.text}`);
    const args: (string | number)[] = [];
    if (!this.isPunct(")")) {
      do {
        const t = this.peek();
        if (t.kind !== "word") this.fail(t, `expected an argument of .${name.text}(), found ${describe(t)}`);
        this.next();
        args.push(NUMBER.test(t.text) ? Number(t.text) : t.text);
      } while (this.isPunct(",") && this.next());
    }
    const close = this.expectPunct(")", `to close .${name.text}( opened at character ${open.start + 1}`, open.start);
    return { name: name.text as MethodName, args, span: { start: dot.start, end: close.end } };
  }

  // ---- token helpers ----

  private peek(n = 0): Token {
    // Stryker disable next-line ArithmeticOperator: the parser never steps over or looks past the end token (each next() and look-ahead follows a check that the token before is not the end), so the clamp never applies.
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.i + n, last)];
  }

  /** Consumes a boolean operator, remembering where the scope first used its style. */
  private consume(usage: BooleanUsage, style: keyof BooleanUsage): void {
    const at = this.next().start;
    if (usage[style] === undefined) usage[style] = at;
  }

  /** Steps over the token: past the end, peek() still gives the end. */
  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private isPunct(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === "punct" && t.text === text;
  }

  /** AND, OR, NOT, IN in either case, standing as a word of its own (not `and:x`). */
  private isKeyword(upper: "AND" | "OR" | "NOT" | "IN", n = 0): boolean {
    const t = this.peek(n);
    if (t.kind !== "word" || (t.text !== upper && t.text !== upper.toLowerCase())) return false;
    const after = this.peek(n + 1);
    return after.spaced || (after.kind === "punct" && after.text === "(");
  }

  private expectPunct(text: string, why: string, related?: number): Token {
    if (!this.isPunct(text)) this.fail(this.peek(), `expected "${text}" ${why}, found ${describe(this.peek())}`, related);
    return this.next();
  }

  private expectEnd(what: string): void {
    const t = this.peek();
    if (t.kind !== "end") this.fail(t, `unexpected ${describe(t)} after ${what}; remove it or join the parts with + - * /`);
  }

  /** Parses one level deeper, refusing past MAX_DEPTH with an error at the token that opens it. */
  private nested<T>(at: Token, parse: () => T): T {
    if (this.depth >= MAX_DEPTH) this.fail(at, `this query nests parentheses, functions or NOT more than ${MAX_DEPTH} levels deep; simplify it`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private fail(t: Token, message: string, related?: number): never {
    // "expected ... found the end" reads better without the "found" when the text simply stops
    // (only a message about the end token can end so: describe() quotes every other token).
    // Stryker disable next-line Regex: every message that names the end of the query ends with it, so the anchor changes nothing.
    throw new QuerySyntaxError(t.start, message.replace(/, found the end of the query$/, ""), related);
  }

  private failAt(offset: number, message: string): never {
    throw new QuerySyntaxError(offset, message);
  }
}

/** Where a scope uses each boolean style first: Datadog forbids mixing them. */
interface BooleanUsage {
  symbolic?: number;
  functional?: number;
}

function termsOf(filter: ScopeFilter): ScopeTerm[] {
  switch (filter.kind) {
    case "term":
      return [filter.term];
    case "and":
    case "or":
      return filter.operands.flatMap(termsOf);
    case "not":
      return termsOf(filter.operand);
    case "in":
      return filter.values.map((value): TagFilter => ({ kind: "tag", key: filter.key, value, negated: filter.negated, span: filter.span }));
  }
}

function spanOf(operands: readonly ScopeFilter[]): Span {
  return { start: operands[0].span.start, end: operands[operands.length - 1].span.end };
}

function located(expr: Expr): Located {
  return { expr, start: expr.span.start, end: expr.span.end };
}

function binary(op: "+" | "-" | "*" | "/", left: Located, right: Located): Located {
  const span = { start: left.start, end: right.end };
  return { expr: { kind: "binary", op, left: left.expr, right: right.expr, span }, ...span };
}

export function describe(t: Token): string {
  switch (t.kind) {
    case "end":
      return "the end of the query";
    case "string":
      return `'${t.text}'`;
    default:
      return `"${t.text}"`;
  }
}
