/**
 * Load stage for runbooks: headings with the anchors GitHub gives them, where any scaffold
 * placeholder is left, and the code on call pastes (code blocks and inline code spans) with
 * positions. Block structure comes from marked's lexer (inline parsing
 * only for heading text, which is what GitHub slugs); anchors from github-slugger, which
 * reproduces GitHub's algorithm including the -1, -2 suffixes for repeated headings, applied to
 * the heading's rendered text (headingText.ts), as GitHub does.
 */
import GithubSlugger, { slug } from "github-slugger";
import { Lexer, type Tokens } from "marked";
import type { Position } from "../diagnostics";
import { PLACEHOLDER, RUNBOOK_SECTIONS, type RunbookSectionKey } from "../runbookSections";
import { renderedHeadingText } from "./headingText";
import { findCode, type CodeLine, type PlacedToken } from "./runbookCode";
import { stripBom } from "./decodeText";

export type { CodeLine } from "./runbookCode";

export interface RunbookHeading {
  readonly depth: number;
  /** Rendered text, without markdown formatting. */
  readonly text: string;
  /** The id GitHub renders for this heading: link with `#<anchor>`. */
  readonly anchor: string;
  /** The slug of the text alone, without the -1, -2 GitHub adds to repeats: what headings are matched by. */
  readonly slug: string;
  readonly line: number;
  /** Whether any content other than headings follows before the next heading of this depth or less. */
  readonly hasContent: boolean;
}

export interface Runbook {
  readonly file: string;
  readonly headings: readonly RunbookHeading[];
  readonly placeholders: readonly Position[];
  /** Code, one line at a time, in document order (runbook-stale-reference reads the names in it). */
  readonly code: readonly CodeLine[];
  /** The text as parsed (byte-order mark dropped, line ends as \n): literal-secret scans all of it. */
  readonly text: string;
}

/** The text a runbook is parsed from: a leading byte-order mark would hide the first heading (stripBom, decodeText.ts); line ends as \n. */
export const runbookText = (markdown: string): string => stripBom(markdown).replace(/\r\n?/g, "\n");

export function parseRunbook(file: string, markdown: string): Runbook {
  const text = runbookText(markdown);
  const tokens = new Lexer().blockTokens(text, []);
  const slugger = new GithubSlugger();
  const headings: { depth: number; text: string; anchor: string; slug: string; line: number; contentTokens: number }[] = [];
  let line = 1;
  const placed: PlacedToken[] = [];
  for (const token of tokens) {
    placed.push({ token, line });
    if (token.type === "heading") {
      const heading = token as Tokens.Heading;
      const plain = renderedHeadingText(heading.text);
      headings.push({ depth: heading.depth, text: plain, anchor: slugger.slug(plain), slug: slug(plain), line, contentTokens: 0 });
    } else if (token.type !== "space") {
      // Content counts for the latest heading and every enclosing one.
      let depth = Infinity;
      for (let i = headings.length - 1; i >= 0 && depth > 1; i--) {
        if (headings[i].depth < depth) {
          headings[i].contentTokens++;
          depth = headings[i].depth;
        }
      }
    }
    line += countNewlines(token.raw);
  }
  return {
    file,
    headings: headings.map(({ contentTokens, ...h }) => ({ ...h, hasContent: contentTokens > 0 })),
    placeholders: findPlaceholders(text),
    code: findCode(text, placed),
    text,
  };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

function findPlaceholders(text: string): Position[] {
  // Most runbooks hold none: no line is then split off or searched.
  if (!text.includes(PLACEHOLDER)) return [];
  const found: Position[] = [];
  text.split("\n").forEach((lineText, i) => {
    const re = new RegExp(`\\b${PLACEHOLDER}\\b`, "g");
    for (let m = re.exec(lineText); m; m = re.exec(lineText)) found.push({ line: i + 1, column: m.index + 1 });
  });
  return found;
}

/**
 * The slug GitHub would give a heading written with this markdown, ignoring repeats. A failure
 * mode's title goes through the same rendering as the heading, so `### <title>` written verbatim
 * always matches, and `A & B` matches a heading written `A &amp; B`. Remembered, since each
 * title and section heading is asked for by several rules and rendering it runs marked's lexer.
 */
export function headingSlug(markdown: string): string {
  let found = slugs.get(markdown);
  if (found === undefined) {
    found = slug(renderedHeadingText(markdown));
    // Bounded like renderedHeadingText's memory: 10,000 short texts.
    if (markdown.length <= 1000) {
      if (slugs.size >= 10_000) slugs.clear();
      slugs.set(markdown, found);
    }
  }
  return found;
}
const slugs = new Map<string, string>();

const sectionsOf = new WeakMap<Runbook, ReadonlyMap<RunbookSectionKey, RunbookHeading>>();

/** Each required section's heading, found by its slug, at level 2 (computed once per parsed runbook). */
export function findSections(runbook: Runbook): ReadonlyMap<RunbookSectionKey, RunbookHeading> {
  let found = sectionsOf.get(runbook);
  if (!found) {
    const sections = new Map<RunbookSectionKey, RunbookHeading>();
    for (const section of RUNBOOK_SECTIONS) {
      const wanted = headingSlug(section.heading);
      const heading = runbook.headings.find((h) => h.depth === 2 && h.slug === wanted);
      if (heading) sections.set(section.key, heading);
    }
    sectionsOf.set(runbook, (found = sections));
  }
  return found;
}

/** Level-3 headings inside the failure-modes section. */
export function failureModeHeadings(runbook: Runbook, section: RunbookHeading): RunbookHeading[] {
  const start = runbook.headings.indexOf(section);
  const result: RunbookHeading[] = [];
  for (const h of runbook.headings.slice(start + 1)) {
    if (h.depth <= 2) break;
    if (h.depth === 3) result.push(h);
  }
  return result;
}
