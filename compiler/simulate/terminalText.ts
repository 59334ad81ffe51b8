/**
 * Text from a pull request (test names, series tags, group names) made fit for a terminal or a
 * CI log: C0/C1 controls (ESC starts every ANSI sequence, CSI is U+009B), DEL, line and paragraph
 * separators and bidi marks and overrides (which reorder what a reviewer sees) are shown as
 * \uXXXX escapes, so a name can neither drive the terminal nor forge a line of output.
 *
 * UNSAFE_CHARACTER is the one set: the JSON output escapes it too, and check refuses it in a
 * test name (alertTestSchema.ts).
 */

export const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER.source, "g");

/** `\u001b` for ESC: the escape JavaScript and JSON both read back as the character. */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

export function terminalText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, unicodeEscape);
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls inside strings already, so the only
 * raw line feeds left are its own indentation, kept; everything else of the set can only sit
 * inside strings, where a \uXXXX escape means the same.
 */
export function terminalJson(json: string): string {
  return json.replace(UNSAFE_CHARACTERS, (c) => (c === "\n" ? c : unicodeEscape(c)));
}
