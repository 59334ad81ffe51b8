/**
 * Bytes -> text for inventory files and runbooks, wherever they come from (disk, a git
 * revision, a test): strict UTF-8 without a byte-order mark, no NUL or other control
 * characters, at most FILE_SIZE_CAP bytes. Anything else is one positioned problem instead
 * of text that would reach Datadog, PagerDuty or the plan garbled.
 */
import type { Position } from "../diagnostics";
import { FILE_SIZE_CAP, formatSize, nameProblem, tooLargeProblem, type UnreadableFile } from "./fileProblem";

const BOM = "\uFEFF";

/** Text without a leading byte-order mark: editors on Windows add one, and it would shift line 1's columns. */
export const stripBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

/** Decodes `bytes` (a leading BOM dropped) or says where they stop being UTF-8 text. */
export function decodeText(file: string, bytes: Uint8Array): { readonly text: string } | UnreadableFile {
  if (bytes.length > FILE_SIZE_CAP) return tooLarge(file, bytes.length);
  let text: string;
  try {
    // ignoreBOM: false (the default) drops a leading BOM.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    return {
      file,
      problem: { rule: "invalid-text", ...bytePosition(bytes, offset), message: `this file is not UTF-8 text: byte 0x${bytes[offset].toString(16).padStart(2, "0")} at byte offset ${offset} is not valid UTF-8; save it as UTF-8` },
    };
  }
  return textProblem(file, text) ?? { text };
}

// Tab, line feed and carriage return are the only controls text files need; NUL ends strings
// in C tools, ESC and the C1 controls drive terminals (a CI log), DEL is invisible.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Why already-decoded text is refused: its name, its size or a control character in it. */
export function textProblem(file: string, text: string): UnreadableFile | undefined {
  const badName = nameProblem(file);
  if (badName) return badName;
  // Cheap upper bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (text.length * 3 > FILE_SIZE_CAP) {
    const size = Buffer.byteLength(text, "utf8");
    if (size > FILE_SIZE_CAP) return tooLarge(file, size);
  }
  const at = text.search(CONTROL);
  if (at === -1) return undefined;
  const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  const what = code === "0000" ? "a NUL character (U+0000)" : `the control character U+${code}`;
  return { file, problem: { rule: "invalid-text", ...textPosition(text, at), message: `this file holds ${what}, which is not text; remove it` } };
}

const tooLarge = (file: string, size: number): UnreadableFile => ({ file, problem: tooLargeProblem(formatSize(size)) });

/** Line and column (in UTF-16 code units, as the YAML positions are) of `offset` in `text`. */
function textPosition(text: string, offset: number): Position {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return { line, column: offset - lineStart + 1 };
}

/** Line and column of the byte at `offset`, everything before it being valid UTF-8. */
function bytePosition(bytes: Uint8Array, offset: number): Position {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
  return textPosition(before, before.length);
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode 15,
 * table 3-7): TextDecoder only says that there is one.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < bytes.length && bytes[i] >= lo && bytes[i] <= hi;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n: number;
    if (b <= 0x7f) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    } else n = 0;
    if (n === 0) return i;
    i += n;
  }
  return -1;
}
