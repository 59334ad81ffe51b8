/**
 * Lexer for Datadog metric and monitor queries: characters -> tokens with their offsets.
 *
 * Tokens are deliberately small (a tag such as `integration:lead-sync` is three words and two
 * punctuation tokens); the parser rebuilds tags from adjacent tokens with nothing between them,
 * because which characters belong together depends on where they are (`-` subtracts between
 * queries, but is part of a tag value inside `{...}`).
 */

export type TokenKind =
  /** Letters, digits, `_` and inner `.`: `sum`, `martech.crm_sync.records`, `14.4`, `p99.9`, `last_5m`. */
  | "word"
  /** A quoted argument: `'agile'`, `"slo-id"` (the text holds it without quotes). */
  | "string"
  | "punct"
  /** A character Datadog's grammar has no use for (`@`, `#`, `|`, ...). */
  | "other"
  | "end";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** Whitespace comes right before it: a tag ends at whitespace. */
  readonly spaced: boolean;
}

/** Punctuation, two-character operators first. */
const TWO_CHAR = new Set([">=", "<=", "==", "!="]);
const ONE_CHAR = new Set(["{", "}", "(", ")", ",", ":", "!", "*", "-", "+", "/", "=", "<", ">", "."]);

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; offset: number; message: string };

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  // The loop ends at the break below, once the blanks after the last token are skipped.
  for (;;) {
    const start0 = i;
    while (CLASS[text.charCodeAt(i)] === SPACE) i++;
    const spaced = i > start0 || i === 0;
    if (i >= n) break;
    const start = i;
    const code = text.charCodeAt(i);
    if (code === 39 || code === 34) {
      const c = text[i];
      const close = text.indexOf(c, i + 1);
      if (close === -1) return { ok: false, offset: i, message: `the quote ${c} at character ${i + 1} is never closed` };
      tokens.push({ kind: "string", text: text.slice(i + 1, close), start, end: close + 1, spaced });
      i = close + 1;
    } else if (isWordChar(code)) {
      i++;
      // A dot continues a word only when a word character follows (`a.b`, `14.4`), so
      // `}.as_count()` and `metric{...}.rollup(...)` keep their method dots apart.
      for (;;) {
        const c = text.charCodeAt(i);
        if (isWordChar(c)) i++;
        else if (c === 46 && isWordChar(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i, spaced });
    } else if (text.charCodeAt(i + 1) === 61 && TWO_CHAR.has(text[i] + "=")) {
      tokens.push({ kind: "punct", text: text.slice(i, i + 2), start, end: i + 2, spaced });
      i += 2;
    } else {
      const width = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
      const c = text.slice(i, i + width);
      tokens.push({ kind: ONE_CHAR.has(c) ? "punct" : "other", text: c, start, end: i + width, spaced });
      i += width;
    }
  }
  tokens.push({ kind: "end", text: "", start: n, end: n, spaced: true });
  return { ok: true, tokens };
}

const SPACE = 1;
const WORD = 2;
/** Character classes of ASCII, looked up by char code (NaN past the end gives undefined). */
const CLASS = new Uint8Array(128);
for (const c of [32, 9, 10, 13]) CLASS[c] = SPACE;
for (const c of CLASS.keys()) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) CLASS[c] = WORD;
}

/**
 * ASCII letters, digits and `_`, plus any non-ASCII letter or digit (Datadog tags support Unicode).
 * Past the end of the text the code is NaN, which String.fromCharCode reads as U+0000: neither.
 */
export function isWordChar(code: number): boolean {
  const ascii = CLASS[code];
  return ascii === undefined ? isUnicodeLetterOrDigit(code) : ascii === WORD;
}

const UNICODE_ALNUM = /[\p{L}\p{N}]/u;
function isUnicodeLetterOrDigit(code: number): boolean {
  return UNICODE_ALNUM.test(String.fromCharCode(code));
}
