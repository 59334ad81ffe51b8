/**
 * literal-secret and placeholder: every text of a file, valid shape or not, so a pasted
 * credential is caught even in a file with other mistakes: each string value, each mapping
 * key, and the raw text (comments are not in the parsed data, and a file with broken YAML has
 * none). Each finding is positioned at the secret itself. Messages say what a value looks like,
 * never the value; the values found are returned so every output can redact them (compiler/redact.ts).
 */
import type { Diagnostic, Position } from "../diagnostics";
import { lineAndColumn, positionInString } from "../load/stringPosition";
import { positionOf, type YamlFile } from "../load/yamlFile";
import { pointer, type Path } from "../path";
import { PLACEHOLDER } from "../runbookSections";
import { describeLocation, withContext } from "./context";
import { forwardToCredential, type ForwardToCredential } from "./forwardToCredential";
import { CONFIG_KEY_PATTERN, findSecrets, looksLikeSecret } from "./secretPatterns";

const PLACEHOLDER_RE = new RegExp(`\\b${PLACEHOLDER}\\b`);

const KEEP_OUT = "keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real";

/** A scaffold placeholder left in a value (or a list of them). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === "string" ? PLACEHOLDER_RE.test(value) : Array.isArray(value) && value.some(isPlaceholder);
}

export interface ScanResult {
  readonly diagnostics: Diagnostic[];
  /** Every value reported as a secret, for redaction; never printed. */
  readonly secrets: string[];
}

export function scanStrings(file: string, yaml: Pick<YamlFile, "data" | "source">): ScanResult {
  const { data, source } = yaml;
  const diagnostics: Diagnostic[] = [];
  const secrets = new Set<string>();
  const reportAt = (at: Position, rule: Diagnostic["rule"], message: string) => diagnostics.push({ file, ...at, severity: "error", rule, message });
  const report = (path: Path, at: Position, rule: Diagnostic["rule"], message: string) => reportAt(at, rule, withContext(describeLocation(data, path), message));
  const positions = new Set<string>();
  const flag = (path: Path, at: Position, message: string, secret?: string) => {
    if (secret !== undefined) secrets.add(secret);
    positions.add(`${at.line}:${at.column}`);
    report(path, at, "literal-secret", message);
  };

  // Values are looked at one by one only when the raw text holds something secret-shaped, or an
  // escape (`\x73k_live...`, an escaped line break) that could assemble one: otherwise no value
  // can, since folding and indentation only ever join lines with a space.
  const text = source.text;
  const raw = text === undefined ? undefined : findSecrets(text);
  const valuesMayHold = raw === undefined || raw.length > 0 || text!.includes("\\");
  const secretsIn = (s: string) => (valuesMayHold ? findSecrets(s) : []);

  const visitString = (value: string, path: Path) => {
    const field = path[path.length - 1];
    const found = secretsIn(value);
    let credential: ForwardToCredential | undefined;
    if (field === "secretConfigKey") {
      if (looksLikeSecret(value) || !CONFIG_KEY_PATTERN.test(value)) {
        const itself = looksLikeSecret(value);
        flag(path, positionOf(source, path), `must name a Pulumi config key (for example hubspotWebhookSecret) whose value is set with "pulumi config set --secret"; this looks like ${itself ? "the secret itself" : "something else"}. Remove it from the file and rotate it if it was real`, itself ? value : undefined);
      }
    } else if (field === "url" && path[path.length - 3] === "forwardTo" && (credential = forwardToCredential(value, found))) {
      for (const secret of credential.values) secrets.add(secret);
      flag(path, positionInString(source, path, value, credential.offset), `carries ${credential.what}, and this URL is shown in the plan and the pull request; keep credentials in Pulumi secret config ("pulumi config set --secret"), not in the URL, and rotate it if it was real`);
    } else {
      for (const f of found) flag(path, positionInString(source, path, value, f.start), `contains what looks like ${f.kind}; ${KEEP_OUT}`, value.slice(f.start, f.end));
    }
    for (const f of found) secrets.add(value.slice(f.start, f.end));
    if (PLACEHOLDER_RE.test(value)) report(path, positionOf(source, path), "placeholder", `still holds the placeholder ${PLACEHOLDER}; replace it with the real value`);
  };

  const visit = (value: unknown, path: Path): void => {
    if (typeof value === "string") visitString(value, path);
    else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        const childPath = [...path, k];
        for (const f of secretsIn(k)) {
          flag(path, source.keys.get(pointer(childPath)) ?? positionOf(source, path), `a field name holds what looks like ${f.kind}; ${KEEP_OUT}`, k.slice(f.start, f.end));
        }
        visit(v, childPath);
      }
    }
  };
  visit(data, []);

  // The raw text: comments, and everything of a file whose YAML could not be read.
  if (text !== undefined && raw && source.lineStarts) {
    for (const f of raw) {
      const secret = text.slice(f.start, f.end);
      const at = lineAndColumn(source.lineStarts, f.start);
      if (secrets.has(secret) || positions.has(`${at.line}:${at.column}`)) continue;
      secrets.add(secret);
      const where = data === undefined ? "this line holds" : inComment(text, source.lineStarts[at.line - 1], f.start) ? "a comment holds" : "this line holds";
      reportAt(at, "literal-secret", `${where} what looks like ${f.kind}; ${KEEP_OUT}`);
    }
  }
  return { diagnostics, secrets: [...secrets] };
}

/** Whether a `#` starting a YAML comment comes before `offset` on its line (outside quotes, roughly). */
function inComment(text: string, lineStart: number, offset: number): boolean {
  const before = text.slice(lineStart, offset);
  return /(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ""));
}
