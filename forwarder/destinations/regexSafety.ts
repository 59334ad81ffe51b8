/**
 * Whether a regular expression can backtrack exponentially: a quantified group that itself holds a
 * quantifier (`(a+)+`, `(\w*)*`, "star height" above one) or a backreference. Such a pattern takes
 * one evaluation step and unbounded time on a crafted string, so a step limit cannot bound it; a
 * transform may not use one (rule transform-syntax, and transform.ts's RegexEngine at run time).
 * The same test the `safe-regex` package applies, kept deliberately simple: it may refuse a pattern
 * that would have been fine, never the reverse for these two shapes.
 */
export function unsafeRegexReason(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return "a backreference";
  // Per open group: whether anything inside it is quantified.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push(false);
    else if (c === ")") {
      const innerQuantified = stack.pop() ?? false;
      const quantifier = quantifierAt(source, i + 1);
      if (quantifier && innerQuantified) return "a repeated group that itself repeats, such as (a+)+";
      if ((quantifier || innerQuantified) && stack.length > 0) stack[stack.length - 1] = true;
    } else if (quantifierAt(source, i) && stack.length > 0) stack[stack.length - 1] = true;
  }
  return undefined;
}

/** A quantifier that repeats without a small bound: `*`, `+`, `{n,}` or `{n,m}` with m > 1 (`?` and `{0,1}` do not repeat). */
function quantifierAt(source: string, i: number): boolean {
  const c = source[i];
  if (c === "*" || c === "+") return true;
  if (c !== "{") return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 1;
  return m[3] === "" || Number(m[3]) > 1;
}
