// Whether a command's bundle (dist/cli/<name>.js) is what its sources build today, decided
// from the inputs line the build wrote at its top (tools/cliBundle/build.js), cheaply enough
// for every start: one stat per input; a file is read and hashed only when its size is the
// same but its mtime is not (a checkout or a save without change), and a bundle whose inputs
// were only touched gets their new mtimes, so the next start is back to stats alone.
"use strict";
const { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

/** Where bundles go, relative to the repository (gitignored). */
const OUT_DIR = "dist/cli";
const bundlePath = (root, name) => join(root, OUT_DIR, `${name}.js`);

const HEADER_PREFIX = "// cli-bundle inputs: ";
/** Bumped when the line's meaning changes: a bundle of another format is rebuilt. */
const FORMAT = 1;

/** The inputs line of a bundle, or undefined if there is no bundle or no readable line. */
function readHeader(file) {
  let fd;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    // The line is tens of KB; read until its newline without reading the whole bundle.
    const chunks = [];
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (let total = 0; total < 16 * 2 ** 20; ) {
      const n = readSync(fd, chunk, 0, chunk.length, total);
      if (n === 0) return undefined;
      const newline = chunk.subarray(0, n).indexOf(10);
      chunks.push(Buffer.from(chunk.subarray(0, newline === -1 ? n : newline)));
      total += n;
      if (newline !== -1) return parseHeader(Buffer.concat(chunks).toString("utf8"));
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function parseHeader(line) {
  if (!line.startsWith(HEADER_PREFIX)) return undefined;
  try {
    const header = JSON.parse(line.slice(HEADER_PREFIX.length));
    const wellFormed = header && header.format === FORMAT && typeof header.entry === "string" && Array.isArray(header.inputs);
    return wellFormed ? header : undefined;
  } catch {
    return undefined;
  }
}

/** The line (without its newline) that carries a header at the top of a bundle. */
function headerLine(header) {
  // U+2028/2029 would end the line comment: JSON leaves them raw.
  return `${HEADER_PREFIX}${JSON.stringify(header).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")}`;
}

// node:crypto loads only when a file must be hashed: its load alone is a few milliseconds.
const sha256 = (file) => require("node:crypto").createHash("sha256").update(readFileSync(file)).digest("hex");

/**
 * `{ fresh: true, touched }` when every input is as the bundle was built from (touched: inputs
 * whose mtime moved without a change of content), else `{ fresh: false, reason }`.
 */
function bundleState(root, file, entry) {
  const header = readHeader(file);
  if (!header) return { fresh: false, reason: "not built yet" };
  if (header.entry !== entry) return { fresh: false, reason: `built from ${header.entry}` };
  const touched = [];
  for (const input of header.inputs) {
    const [rel, size, mtimeMs, hash] = input;
    let stat;
    try {
      stat = statSync(join(root, rel));
    } catch {
      return { fresh: false, reason: `${rel} is gone` };
    }
    if (stat.size !== size) return { fresh: false, reason: `${rel} changed` };
    if (stat.mtimeMs === mtimeMs) continue;
    if (sha256(join(root, rel)) !== hash) return { fresh: false, reason: `${rel} changed` };
    touched.push([rel, stat.mtimeMs]);
  }
  return { fresh: true, touched };
}

/**
 * Records the new mtimes of inputs touched without change, so later starts need no hashing.
 * Best effort: a read-only checkout keeps working, hashing those few files at each start.
 */
function refreshMtimes(file, touched) {
  if (!touched.length) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const text = readFileSync(file, "utf8");
    const newline = text.indexOf("\n");
    const header = parseHeader(text.slice(0, newline));
    if (!header) return;
    const now = new Map(touched);
    header.inputs = header.inputs.map(([rel, size, mtimeMs, hash]) => [rel, size, now.get(rel) ?? mtimeMs, hash]);
    writeFileSync(temporary, headerLine(header) + text.slice(newline));
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

module.exports = { OUT_DIR, bundlePath, HEADER_PREFIX, FORMAT, readHeader, parseHeader, headerLine, bundleState, refreshMtimes };
