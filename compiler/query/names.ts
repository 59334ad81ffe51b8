/**
 * Character rules for metric names and tags, checked character by character so an error can
 * point at the first character Datadog would not accept.
 *
 * Tags (https://docs.datadoghq.com/getting_started/tagging/#define-tags): "must start with a
 * letter and after that may contain alphanumerics, underscores, minuses, colons, periods and
 * slashes"; "cannot end with a colon"; up to 200 characters; Unicode is supported. The key is
 * everything before the first colon. In a query a value may hold `*` wildcards
 * (https://docs.datadoghq.com/metrics/advanced-filtering/#wildcard-filtered-queries).
 *
 * Metric names (https://docs.datadoghq.com/metrics/custom_metrics/#naming-custom-metrics): start
 * with a letter; ASCII alphanumerics, underscores and periods only; at most 200 characters.
 */

export interface NameProblem {
  /** Offset inside the checked text. */
  readonly at: number;
  readonly message: string;
}

const MAX_LENGTH = 200;
const TAG_CHARS = 'letters, digits, "_", "-", ":", "." and "/"';
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(ch: string): boolean {
  return isAsciiLetter(ch.charCodeAt(0)) || LETTER.test(ch);
}
function isTagChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (isAsciiLetter(c) || isAsciiDigit(c) || ch === "_" || ch === "-" || ch === "." || ch === "/") return true;
  return LETTER_OR_DIGIT.test(ch);
}

export function metricNameProblem(name: string): NameProblem | undefined {
  if (!isAsciiLetter(name.charCodeAt(0))) return { at: 0, message: `the metric name ${name} must start with a letter` };
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!(isAsciiLetter(c) || isAsciiDigit(c) || c === 95 || c === 46)) {
      return { at: i, message: `"${name[i]}" cannot appear in the metric name ${name}; metric names hold ASCII letters, digits, "_" and "."` };
    }
  }
  if (name.length > MAX_LENGTH) return { at: MAX_LENGTH, message: `the metric name is ${name.length} characters long; Datadog allows at most ${MAX_LENGTH}` };
  return undefined;
}

/** A tag key: in `by {...}`, before `IN (...)`, and the part of a tag before its first colon. */
export function tagKeyProblem(key: string): NameProblem | undefined {
  if (key.length === 0) return { at: 0, message: "a tag needs a name before its colon" };
  if (!isLetter(key[0])) return { at: 0, message: `the tag ${key} must start with a letter` };
  for (let i = 1; i < key.length; i++) {
    if (!isTagChar(key[i])) return { at: i, message: `"${key[i]}" cannot appear in the tag name ${key}; tags hold ${TAG_CHARS}` };
  }
  return key.length > MAX_LENGTH ? { at: MAX_LENGTH, message: `the tag is longer than Datadog's ${MAX_LENGTH} characters` } : undefined;
}

/** A tag value: anything after the key's colon; `*` is a wildcard. */
export function tagValueProblem(value: string): NameProblem | undefined {
  if (value.length === 0) return { at: 0, message: "a tag cannot end with a colon; write key:value with no space after the colon" };
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== ":" && value[i] !== "*" && !isTagChar(value[i])) {
      return { at: i, message: `"${value[i]}" cannot appear in a tag value; tags hold ${TAG_CHARS} (and "*" as a wildcard)` };
    }
  }
  // "Tags cannot end with a colon" (define-tags, above): `x:y:` is no tag Datadog stores, so the filter never matches.
  if (value.endsWith(":")) return { at: value.length - 1, message: "a tag cannot end with a colon; remove the last colon or write the value after it" };
  return undefined;
}

/** `key:value` or a bare `key`; offsets in the problem are inside `text`. */
export function tagProblem(text: string): NameProblem | undefined {
  const colon = text.indexOf(":");
  const key = colon < 0 ? text : text.slice(0, colon);
  const keyProblem = tagKeyProblem(key);
  if (keyProblem) return keyProblem;
  if (colon < 0) return undefined;
  const valueProblem = tagValueProblem(text.slice(colon + 1));
  if (valueProblem) return { at: colon + 1 + valueProblem.at, message: valueProblem.message };
  return text.length > MAX_LENGTH ? { at: MAX_LENGTH, message: `the tag is longer than Datadog's ${MAX_LENGTH} characters` } : undefined;
}
