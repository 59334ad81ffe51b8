/**
 * The one redaction every output goes through: check's lines and JSON, the plan's text,
 * markdown and JSON, API error messages and the files the ops CLIs write. Given text and the
 * secrets known to be present (values `check` flagged, API keys from the environment), each is
 * replaced by REDACTED; with `shapes`, so is anything secret-shaped (compiler/validate/secretPatterns.ts).
 */
import { findSecrets } from "./validate/secretPatterns";

export const REDACTED = "[redacted]";

/** Shorter pieces are not replaced: a two-letter "secret" would blank out words. */
const MIN_KNOWN_LENGTH = 6;

export interface RedactOptions {
  /** Also replace anything secret-shaped, known or not (default true). Off for text that carries
   * the APIs' own ids, such as 32-hex Datadog SLO ids, which share a Datadog API key's shape. */
  readonly shapes?: boolean;
}

export function redact(text: string, known: Iterable<string> = [], options: RedactOptions = {}): string {
  return redactor(known, options)(text);
}

/**
 * `redact` with the secrets prepared once, for many texts (every diagnostic of a run). With many
 * secrets each text is scanned once, looking candidates up by their first characters, instead of
 * once per secret: a file holding thousands of keys costs time in proportion to its size.
 */
export function redactor(known: Iterable<string>, options: RedactOptions = {}): (text: string) => string {
  const secrets = variants(known);
  const replaceKnown = secrets.length <= 16 ? (text: string) => replaceEach(text, secrets) : indexedReplacer(secrets);
  return (text) => {
    const out = replaceKnown(text);
    return options.shapes === false ? out : replaceShapes(out);
  };
}

function replaceEach(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function indexedReplacer(secrets: readonly string[]): (text: string) => string {
  const byPrefix = new Map<string, string[]>();
  for (const secret of secrets) {
    const key = secret.slice(0, MIN_KNOWN_LENGTH);
    const list = byPrefix.get(key);
    if (list) list.push(secret);
    else byPrefix.set(key, [secret]);
  }
  return (text) => {
    const pieces: string[] = [];
    let from = 0;
    for (let i = 0; i + MIN_KNOWN_LENGTH <= text.length; ) {
      // Longest first (variants() sorted them), so a secret containing another goes whole.
      const hit = byPrefix.get(text.slice(i, i + MIN_KNOWN_LENGTH))?.find((s) => text.startsWith(s, i));
      if (!hit) {
        i++;
        continue;
      }
      pieces.push(text.slice(from, i), REDACTED);
      i += hit.length;
      from = i;
    }
    return from === 0 ? text : pieces.join("") + text.slice(from);
  };
}

function replaceShapes(text: string): string {
  const found = findSecrets(text);
  if (!found.length) return text;
  const pieces: string[] = [];
  let at = 0;
  for (const f of found) {
    pieces.push(text.slice(at, f.start), REDACTED);
    at = f.end;
  }
  pieces.push(text.slice(at));
  return pieces.join("");
}

/**
 * Each secret as it may appear in an output: itself, trimmed, each of its lines (a key with a
 * line break may be echoed in part), JSON-escaped and markdown-escaped (compiler/plan/markdown.ts
 * puts a backslash before punctuation); longest first, so a secret containing another is
 * replaced whole.
 */
function variants(known: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const secret of known) {
    const lines = secret.split(/[\r\n]+/).map((l) => l.trim());
    for (const v of [secret, secret.trim(), ...lines, JSON.stringify(secret).slice(1, -1), ...lines.map((l) => l.replace(/[\\`*_[\]<>|~&$!]/g, "\\$&"))]) {
      if (v.length >= MIN_KNOWN_LENGTH) all.add(v);
    }
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Each secret-shaped piece of `texts` (config values, say), to pass to redact as known. */
export function secretsIn(texts: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const f of findSecrets(text)) found.add(text.slice(f.start, f.end));
  return [...found];
}

/**
 * The environment variables that hold credentials: the ops CLIs' API keys, and those CI sets
 * for the deployment and the PR comment, which no CLI reads but none may print either.
 */
export const ENV_SECRET_NAMES = ["DD_API_KEY", "DD_APP_KEY", "PAGERDUTY_TOKEN", "PULUMI_ACCESS_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

/** The credentials set in `env`, to redact from anything a CLI prints or writes. */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return ENV_SECRET_NAMES.map((name) => env[name]).filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/**
 * For what the ops CLIs print and write: the environment's API keys replaced, and nothing else
 * (their text carries Datadog's own 32-hex SLO ids, which share a Datadog API key's shape).
 */
export function redactEnvSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return redact(text, envSecrets(env), { shapes: false });
}
