/**
 * Reading a file of the repository as untrusted input: only a regular file whose real path
 * stays inside its folder, never more than FILE_SIZE_CAP bytes. A symbolic link to /dev/zero
 * would otherwise be read until memory runs out, a FIFO would block forever, and a link to a
 * file elsewhere on the CI runner would be read as if it were part of the repository.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { relative, isAbsolute, sep } from "node:path";
import { FILE_SIZE_CAP, FILE_SIZE_CAP_TEXT, formatSize, START, tooLargeProblem, type FileProblem } from "./fileProblem";

/** Reads files inside one folder; `folder` names it in messages ("inventory folder"). */
export interface FolderReader {
  /** The file's bytes, a problem, or undefined when nothing is at `path`. */
  read(path: string): Buffer | FileProblem | undefined;
}

export function folderReader(root: string, folder: string): FolderReader {
  let rootReal: string | undefined;
  const inside = (real: string) => {
    rootReal ??= realpathSync.native(root);
    const rel = relative(rootReal, real);
    return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  return {
    read(path) {
      let link: Stats | undefined;
      try {
        link = lstatSync(path, { throwIfNoEntry: false });
      } catch (e) {
        // A file where a folder on the way was expected: nothing is at `path`.
        if ((e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
        return unreadable(e);
      }
      if (!link) return undefined;
      let real: string;
      try {
        real = realpathSync.native(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ELOOP") return problem("this is a symbolic link that leads back to itself (a loop), so there is no file to read");
        if (code === "ENOENT") return problem("this is a symbolic link to a file that does not exist");
        return unreadable(e);
      }
      if (!inside(real)) return problem(`this is a symbolic link to something outside the ${folder}; only files inside it are read, so copy the file here instead`);
      let stats: Stats;
      try {
        stats = statSync(real);
      } catch (e) {
        return unreadable(e);
      }
      const kind = notRegular(stats);
      if (kind) return problem(`this is ${kind}, not a regular file, so it is not read`);
      if (stats.size > FILE_SIZE_CAP) return tooLargeProblem(formatSize(stats.size));
      return readBounded(real);
    },
  };
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "a special file";
}

/**
 * At most FILE_SIZE_CAP + 1 bytes of a regular file. Non-blocking and no-follow, and checked
 * again on the open descriptor, in case the path was swapped for a FIFO or a link since the
 * stat. The buffer is sized by the descriptor's size plus one byte (to notice a file that grew),
 * not by the cap: a cap-sized buffer per file made every run allocate a mebibyte per file, two
 * gibibytes for 1,000 integrations, and collecting them was a third of check's time. Files such
 * as /proc's report size 0: the buffer then grows, never past the cap, and the read bounds them.
 */
function readBounded(real: string): Buffer | FileProblem {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    return unreadable(e);
  }
  try {
    const stats = fstatSync(fd);
    const kind = notRegular(stats);
    if (kind) return problem(`this is ${kind}, not a regular file, so it is not read`);
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, FILE_SIZE_CAP) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > FILE_SIZE_CAP) break;
        const larger = Buffer.allocUnsafe(Math.min(length * 2, FILE_SIZE_CAP + 1));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > FILE_SIZE_CAP) return tooLargeProblem(`more than ${FILE_SIZE_CAP_TEXT}`);
    return buffer.subarray(0, length);
  } catch (e) {
    return unreadable(e);
  } finally {
    closeSync(fd);
  }
}

const problem = (message: string): FileProblem => ({ rule: "unreadable-file", ...START, message });


/** An operating-system error as a sentence, by its code only (its message would repeat the path). */
function unreadable(e: unknown): FileProblem {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "it is a folder" : (code ?? "unknown error");
  return problem(`this file cannot be read (${why})`);
}
