/**
 * A line of markdown's inline tokens (marked's lexer) as runs of text in one style each: what
 * a reader sees, without the markup. The subset GitHub comments of this project use: text,
 * backslash escapes, strong, emphasis, strikethrough, code spans, links (their text), line
 * breaks, and the raw `<code>` of a `<summary>`; other inline HTML shows nothing, as GitHub
 * strips unknown tags.
 */
import { Lexer, type Token } from "marked";

export interface RunStyle {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly code?: boolean;
  readonly strike?: boolean;
  readonly link?: boolean;
}

export interface Run {
  /** "\n" alone: a hard line break. */
  readonly text: string;
  readonly style: RunStyle;
}

/** The runs of inline tokens, `style` applied to all of them (a table header's bold, say). */
export function inlineRuns(tokens: readonly Token[], style: RunStyle = {}): Run[] {
  const runs: Run[] = [];
  let inCode = false; // between a raw <code> and </code>
  const walk = (list: readonly Token[], s: RunStyle) => {
    for (const t of list) {
      const here: RunStyle = inCode ? { ...s, code: true } : s;
      switch (t.type) {
        case "text":
          if ("tokens" in t && t.tokens?.length) walk(t.tokens, here);
          else push(runs, decodeEntities(t.text), here);
          break;
        case "escape":
          push(runs, t.text, here);
          break;
        case "strong":
          walk(t.tokens ?? [], { ...here, bold: true });
          break;
        case "em":
          walk(t.tokens ?? [], { ...here, italic: true });
          break;
        case "del":
          walk(t.tokens ?? [], { ...here, strike: true });
          break;
        case "link":
          walk(t.tokens ?? [], { ...here, link: true });
          break;
        case "image":
          push(runs, t.text, here);
          break;
        case "codespan":
          // Literal content (CommonMark §6.1); a line ending inside is a space.
          push(runs, t.text.replace(/\n/g, " "), { ...here, code: true });
          break;
        case "br":
          runs.push({ text: "\n", style: here });
          break;
        case "html": {
          const tag = /^<(\/?)([a-z][a-z0-9-]*)\b[^>]*>$/i.exec(t.text.trim());
          if (tag?.[2]?.toLowerCase() === "code") inCode = tag[1] !== "/";
          else if (tag?.[2]?.toLowerCase() === "br") runs.push({ text: "\n", style: here });
          break;
        }
        default:
          throw new Error(`markdown inline token "${t.type}" is not drawn: add it to tools/pictures/markdownRuns.ts`);
      }
    }
  };
  walk(tokens, style);
  return runs;
}

/** The runs of a fragment of inline HTML or markdown, such as a `<summary>`'s content. */
export function inlineRunsOf(text: string, style: RunStyle = {}): Run[] {
  return inlineRuns(Lexer.lexInline(text), style);
}

/** Soft line breaks are spaces; neighbours in the same style join. */
function push(runs: Run[], text: string, style: RunStyle): void {
  const t = text.replace(/\s*\n\s*/g, " ");
  if (!t) return;
  const last = runs[runs.length - 1];
  if (last && last.text !== "\n" && sameStyle(last.style, style)) runs[runs.length - 1] = { text: last.text + t, style };
  else runs.push({ text: t, style });
}

export const sameStyle = (a: RunStyle, b: RunStyle) => !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.code === !!b.code && !!a.strike === !!b.strike && !!a.link === !!b.link;

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Entity references in text, as the browser shows them (marked leaves them in its text tokens). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}
