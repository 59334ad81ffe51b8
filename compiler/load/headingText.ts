/**
 * A heading's text as GitHub renders it, which is what its anchor is made from: "Markup formatting
 * is removed, leaving only the contents", character references are decoded, leading and trailing
 * whitespace removed (docs.github.com, "Basic writing and formatting syntax", Section links).
 * github-slugger then turns this text into the anchor.
 */
import { Lexer, type Token } from "marked";
import { decodeHtmlEntities } from "./htmlEntities";

/**
 * Longest text lexed as inline markdown. marked's inline lexer is quadratic on runs of
 * delimiters (32 KB of "_a" takes seconds, 1 MiB hours), and both a runbook heading and an
 * inventory title come from the repository; no real heading comes near this length.
 */
const MAX_INLINE_MARKDOWN = 1000;

/**
 * Rendered text of one line of inline markdown (a heading's text, or a failure-mode title).
 * Remembered: every runbook repeats the six section headings, and lexing is most of a runbook's parse.
 */
export function renderedHeadingText(markdown: string): string {
  // Longer text is taken as written (on both sides of a title/heading match, so they still agree).
  if (markdown.length > MAX_INLINE_MARKDOWN) return decodeHtmlEntities(markdown).trim();
  let text = rendered.get(markdown);
  if (text === undefined) {
    // At most 10,000 remembered texts of at most MAX_INLINE_MARKDOWN characters: 10 MB at worst.
    if (rendered.size >= 10_000) rendered.clear();
    text = textOf(Lexer.lexInline(markdown)).trim();
    rendered.set(markdown, text);
  }
  return text;
}
const rendered = new Map<string, string>();

function textOf(tokens: readonly Token[]): string {
  return tokens.map(tokenText).join("");
}

function tokenText(token: Token): string {
  switch (token.type) {
    // Tags render as elements, not text; their contents are separate tokens.
    case "html":
    // An image's alt text is not part of GitHub's anchor (github/markup#1008).
    case "image":
    case "br":
      return "";
    // Code spans and backslash escapes render literally: `&amp;` in code stays "&amp;".
    case "codespan":
    case "escape":
      return token.text;
    case "text":
      // marked leaves named references as written and re-encodes `&` from numeric ones as `&amp;`: one pass decodes both.
      return token.tokens ? textOf(token.tokens) : decodeHtmlEntities(token.text);
    default:
      // Emphasis, strong, strikethrough, links: their contents.
      if ("tokens" in token && token.tokens) return textOf(token.tokens);
      return "text" in token && typeof token.text === "string" ? decodeHtmlEntities(token.text) : "";
  }
}
