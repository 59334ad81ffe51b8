/**
 * Which files the fast tier (fastYaml.ts) may read: those that js-yaml 5 and the `yaml` package
 * are known to read alike. Everything else goes to the `yaml` tier, whose data, positions and
 * messages are the reference. The list comes from issue 17's fuzz of ~370,000 generated and
 * mutated documents (a leading `...`, `1e400`, block scalars with an explicit indentation
 * indicator), from what either parser treats as its own extension: numbers written other than as
 * plain decimals (0o17, 017, 1_000, 1:30, .inf; YAML 1.1 reads some differently,
 * https://yaml.org/type/int.html, /float.html), tags, anchors and aliases, directives and
 * document markers, several documents, keys that are not plain strings, merge keys; from `yaml`'s
 * own checks that js-yaml lacks: implicit keys over 1024 characters (YAML 1.2.2 allows no longer
 * ones, and `yaml` refuses them) and a flow collection closed at its parent's indentation (a
 * warning); and from this repository's own fuzz: tabs in indentation (js-yaml reads "\ttrue",
 * `yaml` refuses it). test/twoTierYaml.test.ts checks the two tiers against each other (300,000
 * more generated and mutated documents agreed before it was committed).
 * Every test here is conservative: a false alarm only costs the file the `yaml` tier's time.
 *
 * Plain words are proven equal instead: both core schemas resolve exactly ""/~/null/Null/NULL to
 * null and true/True/TRUE/false/False/FALSE to booleans (js-yaml 5 `nullCoreTag`/`boolCoreTag`,
 * `yaml` 2 schema/common/null.js and schema/core/bool.js; YAML 1.2.2 section 10.3.2), so the YAML 1.1
 * booleans yes/no/on/off/y/n are the same string in both (`alerting: { slow: off }` stays fast).
 */
import { COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, type Event } from "js-yaml";

/**
 * Text-level signs: document markers at a line start, `|2`/`>-1` headers, tabs in indentation, a
 * byte-order mark, `__proto__`. Each regex runs only when a plain substring search finds its
 * character first: on a file without any, the whole screen costs a few memchr-speed scans.
 */
const LEXICAL: readonly (readonly [string, RegExp, string])[] = [
  ["--", /^---/m, "a document marker (--- or ...)"],
  ["..", /^\.\.\./m, "a document marker (--- or ...)"],
  ["|", /\|[-+]?[1-9]/, "a block scalar indentation indicator (or text like it)"],
  [">", />[-+]?[1-9]/, "a block scalar indentation indicator (or text like it)"],
  ["\t", /^ *\t/m, "a tab in a line's indentation (js-yaml reads some that yaml refuses)"],
  ["\uFEFF", /\uFEFF/, "a byte-order mark inside the text"],
  ["__proto__", /__proto__/, "a __proto__ key (or text like it)"],
];

/** Plain scalars either parser may read as a number under YAML 1.1 or 1.2: digits with `_`, `:`, `.`, exponents, 0x/0o/0b, .inf/.nan. */
const NUMBER_LIKE = /^[-+]?(?:(?:[0-9][0-9_]*(?::[0-9_]+)*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9_]+)?|0[xXoObB][0-9a-fA-F_]+|\.(?:inf|Inf|INF))$|^\.(?:nan|NaN|NAN)$/;
/** The numbers both read as the same double: plain decimals, no sign but `-`, no leading zero, no `-0`, at most 15 digits either side. */
export const SAFE_DECIMAL = /^(?:0|-?[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
/** Plain keys that are not plain strings in the core schema (numbers, booleans, null) or that merge (`<<`). */
const NON_STRING_KEY = /^(?:[-+.0-9~]|(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|<<)$)/;
/** A line of a flow collection that starts with its closing bracket: `yaml` warns when the bracket is at the parent's indentation. */
const CLOSED_AT_LINE_START = /\n[ \t]*[\]}]/;
/** `yaml` refuses an implicit key longer than 1024 characters; js-yaml reads it. */
const LONGEST_KEY = 1000;

const FLOW_WARNING = "a flow collection closed at the start of a line";

const SEQUENCE = 0;
const KEY = 1;
const VALUE = 2;

/** Why the `yaml` tier must read this file, or undefined when the fast tier reads it as `yaml` would. */
export function yamlTierReason(text: string, events: readonly Event[]): string | undefined {
  for (const [sign, pattern, reason] of LEXICAL) if (text.includes(sign) && pattern.test(text)) return reason;
  // Per open collection: SEQUENCE (or the document), or a mapping waiting for a KEY or a VALUE.
  const frames: number[] = [];
  const flows: boolean[] = [];
  const childDone = () => {
    const top = frames.length - 1;
    if (top >= 0 && frames[top] !== SEQUENCE) frames[top] = frames[top] === KEY ? VALUE : KEY;
  };
  let documents = 0;
  // The outermost open flow collection's start; once it is closed, the text from there to the
  // next node holds all of it (events give starts only).
  let flowDepth = 0;
  let flowStart = -1;
  let closedFlowStart = -1;
  const flowClosedBadly = (next: number) => {
    const bad = closedFlowStart !== -1 && CLOSED_AT_LINE_START.test(text.slice(closedFlowStart, next));
    closedFlowStart = -1;
    return bad;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1) return "several documents";
        if (event.explicitStart || event.explicitEnd || event.directives.length) return "a directive or document marker";
        frames.push(SEQUENCE);
        flows.push(false);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (event.anchorStart !== -1 || event.tagStart !== -1) return "an anchor or tag";
        if (frames[frames.length - 1] === KEY) return "a collection as a key";
        if (flowClosedBadly(event.start)) return FLOW_WARNING;
        if (event.style === COLLECTION_STYLE.FLOW && flowDepth++ === 0) flowStart = event.start;
        frames.push(event.type === EVENT_ID.MAPPING ? KEY : SEQUENCE);
        flows.push(event.style === COLLECTION_STYLE.FLOW);
        break;
      case EVENT_ID.SCALAR: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) return "an anchor or tag";
        if (flowClosedBadly(event.valueStart)) return FLOW_WARNING;
        const why = frames[frames.length - 1] === KEY ? keyProblem(text, event.valueStart, event.valueEnd, event.style) : event.style === SCALAR_STYLE.PLAIN ? plainValueProblem(text, event.valueStart, event.valueEnd) : undefined;
        if (why) return why;
        childDone();
        break;
      }
      case EVENT_ID.ALIAS:
        return "an alias";
      case EVENT_ID.POP: {
        frames.pop();
        if (flows.pop() && --flowDepth === 0) closedFlowStart = flowStart;
        childDone();
        break;
      }
    }
  }
  if (flowClosedBadly(text.length)) return FLOW_WARNING;
  return documents === 1 ? undefined : "no document";
}

function keyProblem(text: string, start: number, end: number, style: number): string | undefined {
  if (end - start > LONGEST_KEY) return "a key longer than 1024 characters";
  if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) return undefined;
  if (style !== SCALAR_STYLE.PLAIN) return "a block scalar as a key";
  const key = text.slice(start, end);
  return key === "" || NON_STRING_KEY.test(key) ? "a key that is not a plain string" : undefined;
}

function plainValueProblem(text: string, start: number, end: number): string | undefined {
  const c = text.charCodeAt(start);
  // Most values start with a letter: decided without slicing.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return undefined;
  const value = text.slice(start, end);
  return NUMBER_LIKE.test(value) && !SAFE_DECIMAL.test(value) ? "a number either parser may read differently" : undefined;
}
