/**
 * Text from a pull request (inventory names, titles, reasons, git refs, diagnostics, vendor
 * names) inside the markdown this project writes for GitHub: the plan and budget-gate PR
 * comments and the weekly report. Every such string goes through `inlineText` (prose), or
 * `codeSpan` (one value), or `htmlText` (inside a raw HTML block), so that it renders as the
 * characters it holds and nothing else: no heading, list, quote, table cell, link, image,
 * HTML, math, @mention or issue reference of its own. The template around it is ours.
 *
 * Why these forms are inert (CommonMark 0.31.2, https://spec.commonmark.org/0.31.2/, and
 * GitHub Flavored Markdown, https://github.github.com/gfm/):
 * - Line endings are the only way to start a block (heading, list, quote, fence, table row,
 *   HTML block); they are replaced by spaces, so a string stays inside the line it is put in.
 * - "Any ASCII punctuation character may be backslash-escaped" and is then literal (CommonMark
 *   §2.4), which disarms emphasis, links and images, autolinks, raw HTML, entity references,
 *   strikethrough, GitHub math (`$`) and, in tables, the cell delimiter (GFM §4.10: "include a
 *   pipe in a cell's content by escaping it").
 * - Backslashes do not stop GitHub's @mentions and #references, which it adds after rendering
 *   to every text node outside `code`, `pre` and links (github/cmark-gfm#181: `\@github` still
 *   mentions; only code does not). Words holding `@`, `#`, `GH-n`, `://` or `www.` are therefore
 *   put in code spans, whose content is literal: no escapes, entities or markup are recognised
 *   in them (CommonMark §6.1), and GitHub links no mention or reference inside `<code>`.
 * - A code span's fence is one backtick longer than the longest run inside (§6.1), padded
 *   with a space when the content starts or ends with a backtick. Pipes are kept out of code
 *   spans (escaped between them), since a table splits its row at pipes before inline parsing.
 */

/** Line breaks, tabs and other whitespace become one space; control and bidi-override characters a visible U+FFFD. */
function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "\ufffd")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Words GitHub would turn into a mention, an issue or pull-request reference, or a link (GFM
 * §6.9 extended autolinks: `www.` or `http(s)://` then a valid domain, or an email address).
 */
const LINKED_WORD = /[@#]|GH-\d|:\/\/[\w-]|www\.[\w-]/i;

/** CommonMark's ASCII punctuation that can start markup inside a line (the rest is inert mid-line). */
const MARKUP = /[\\`*_[\]<>|~&$!]/g;

/** A value shown as it is, in a code span (a pipe inside is shown escaped between two spans). */
export function codeSpan(s: string): string {
  return oneLine(s)
    .split("|")
    .map((part) => (part ? fence(part) : ""))
    .join("\\|");
}

function fence(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" ")) ? " " : "";
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/** Prose shown as it is: punctuation escaped, words GitHub would link put in code spans. */
export function inlineText(s: string): string {
  const text = oneLine(s)
    .split(" ")
    .map((word) => {
      if (!LINKED_WORD.test(word)) return word.replace(MARKUP, "\\$&");
      // Brackets and sentence punctuation around a handle read better outside its code span.
      const [, lead, core, trail] = /^([("']*)(.*?)([)"',;:.]*)$/.exec(word)!;
      return `${lead}${codeSpan(core)}${trail}`;
    })
    .join(" ");
  // At the start of a line these would open a list item, a thematic break or a heading underline.
  return text.replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Prose inside a raw HTML block (a `<summary>`), where markdown is not parsed but GitHub still links mentions. */
export function htmlText(s: string): string {
  return oneLine(s)
    .split(" ")
    .map((word) => (LINKED_WORD.test(word) ? `<code>${escapeHtml(word)}</code>` : escapeHtml(word)))
    .join(" ");
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Text inside a table cell (or a one-line list item): one line, since a newline ends the row,
 * and pipes escaped, since a pipe starts the next cell. Other markdown is left to render, for
 * cells the caller builds with markdown of its own (the postmortem draft); text from a pull
 * request belongs in `inlineText` or `codeSpan` instead.
 */
export const tableCell = (s: string) => s.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
