/**
 * Recognises credentials by the documented SHAPE of each vendor's tokens (prefix, length and
 * alphabet), never by a prefix alone: prose that names a prefix ("rotate the whsec_ secret",
 * "xoxb- tokens", "sk_live_ keys") is not a secret. Shapes without a prefix of their own (a
 * Datadog application key, an AWS secret access key, a value after `password=`) count only next
 * to the words that say what they are, or with the entropy of a generated key.
 *
 * One detector serves `check` (literal-secret, positioned at each finding) and every output's
 * redaction (compiler/redact.ts), so what is flagged is exactly what is never echoed.
 */

export interface SecretFinding {
  /** Offsets of the secret itself in the text scanned (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** What it looks like, for messages: "a Stripe secret key". Never the value. */
  readonly kind: string;
}

interface Shape {
  readonly kind: string;
  /** A cheap test that must pass before `re` runs: most texts hold none of the prefixes. */
  readonly hint: RegExp | ((text: string) => boolean);
  /** Global regex; the secret is group 1 when present, else the whole match. */
  readonly re: RegExp;
  /** Extra test on the secret, the line around it and that line up to it (context words, entropy). */
  readonly accept?: (secret: string, line: string, before: string) => boolean;
}

/**
 * 32 or more key characters (letters, digits, + and /) in a row: what the unprefixed shapes (hex
 * and base64 keys) need. A loop, because a regex retries from every character of every shorter run.
 */
function hasLongKeyRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const keyChar = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
    run = keyChar ? run + 1 : 0;
    if (run >= 32) return true;
  }
  return false;
}

/** Token characters: a match must not continue a longer word on either side. */
const B = "(?<![A-Za-z0-9_])";
const E = "(?![A-Za-z0-9_])";

const SHAPES: readonly Shape[] = [
  // Stripe: secret and restricted keys are sk_/rk_ + live|test + at least 24 alphanumerics (longer
  // since 2024); publishable pk_ keys are public by design. docs.stripe.com/keys; Stripe's own
  // suggested scanner pattern (gitlab.com/gitlab-org/gitlab/-/issues/458019) is (sk|rk)_live_[0-9a-z]{10,128}.
  { kind: "a Stripe secret key", hint: /[sr]k_(?:live|test)_/, re: new RegExp(`${B}((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,})${E}`, "g") },
  // Webhook signing secrets: Stripe's whsec_ + 32 alphanumerics; Standard Webhooks / Svix whsec_ +
  // base64 of 24 to 64 random bytes (standardwebhooks.com, "Signature scheme").
  { kind: "a webhook signing secret", hint: /whsec_/, re: /(?<![A-Za-z0-9_])(whsec_[A-Za-z0-9+/]{32,}={0,2})(?![A-Za-z0-9+/=])/g },
  // Shopify access tokens: shpat_/shpca_/shppa_ (and shpss_ shared secrets) + 32 hex
  // (shopify.dev/changelog/length-of-the-shopify-access-token-is-increasing).
  { kind: "a Shopify access token", hint: /shp(?:at|ca|pa|ss)_/, re: new RegExp(`${B}(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})${E}`, "g") },
  // HubSpot private app tokens: pat-<region>-<uuid>, e.g. pat-na1-... (HubSpot hides the shape in
  // its docs; this is the form GitHub secret scanning and GitLab's HubSpot rule match; unconfirmed offline).
  { kind: "a HubSpot private app token", hint: /pat-/i, re: /(?<![A-Za-z0-9_-])(pat-[a-z]{2}[0-9]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/gi },
  // Slack tokens: xoxb- (bot), xoxp- (user), xoxa-/xoxr-/xoxs-/xoxo- + workspace and user ids in
  // digits + a random part (api.slack.com/authentication/token-types; the digits-digits-alnum shape
  // is what Slack's secret-scanning partner pattern matches, unconfirmed offline); app-level xapp-1-.
  { kind: "a Slack token", hint: /xox[abposr]-|xapp-/, re: /(?<![A-Za-z0-9_-])(xox[abposr]-[0-9]{6,}-[0-9A-Za-z-]{8,}|xapp-[0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[a-f0-9]{32,})(?![A-Za-z0-9_-])/g },
  // A Slack incoming-webhook URL is itself the credential (api.slack.com/messaging/webhooks).
  { kind: "a Slack webhook URL", hint: /hooks\.slack\.com/, re: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{16,})/g },
  // GitHub tokens: ghp_/gho_/ghu_/ghs_/ghr_ + 36 alphanumerics (up to 255), fine-grained
  // github_pat_ + 22 + _ + 59 (github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available).
  { kind: "a GitHub token", hint: /gh[pousr]_|github_pat_/, re: new RegExp(`${B}(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`, "g") },
  // AWS access key ids: AKIA (long-term) / ASIA (temporary) + 16 upper-case letters and digits
  // (AWS IAM User Guide, "Manage access keys": AKIAIOSFODNN7EXAMPLE).
  { kind: "an AWS access key id", hint: /AKIA|ASIA/, re: new RegExp(`${B}((?:AKIA|ASIA)[A-Z0-9]{16})${E}`, "g") },
  // AWS secret access keys: 40 characters of A-Z a-z 0-9 / + (wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY),
  // without a prefix: only beside words naming it, or with a generated key's mix and entropy.
  {
    kind: "an AWS secret access key", hint: hasLongKeyRun,
    re: /(?<![A-Za-z0-9/+=_])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=_])/g,
    // Stryker disable next-line EqualityOperator: a 40-character key's entropy (log2 40 minus a sum of n log2 n over 40) is never exactly 4.3.
    accept: (s, line) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s) && !s.includes("//") && (/aws|secret.?access|access.?key/i.test(line) || bitsPerChar(s) >= 4.3),
  },
  // Datadog API keys are 32 hex characters (docs.datadoghq.com/account_management/api-app-keys;
  // the shape secret scanners match): flagged anywhere, prose included. Datadog SLO ids and W3C
  // trace ids are 32 hex too: right after the word "slo" or "trace" (slo_id=, /slo/) they are ids.
  {
    kind: "a Datadog API key", hint: hasLongKeyRun,
    re: /(?<![A-Za-z0-9_])([0-9a-f]{32}|[0-9A-F]{32})(?![A-Za-z0-9_])/g,
    // Stryker disable next-line MethodExpression: the regex is anchored at $ and matches at most 11 characters ("trace-id" and three), so the last 16 decide it as the whole would.
    accept: (s, _, before) => /[0-9]/.test(s) && /[a-fA-F]/.test(s) && !/(slo|trace)[\s_-]?(id)?\W{0,3}$/i.test(before.slice(-16)),
  },
  // Datadog application keys are 40 hex characters, the shape of a git commit id too: only beside
  // words naming an application key.
  {
    kind: "a Datadog application key", hint: hasLongKeyRun,
    re: /(?<![A-Za-z0-9_])([0-9a-f]{40})(?![A-Za-z0-9_])/g,
    accept: (_, line) => /app(?:lication)?[\s_-]?key|dd[_-]app/i.test(line),
  },
  // PEM private keys (RFC 7468 section 10 and OpenSSH's format): the whole block, or from the header on.
  { kind: "a private key", hint: /PRIVATE KEY-----/, re: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*))/g },
  // JSON Web Tokens: base64url header and payload, both JSON objects so starting "eyJ" (RFC 7519).
  { kind: "a JSON Web Token", hint: /eyJ/, re: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})(?![A-Za-z0-9_-])/g },
  // Meta (Facebook) access tokens: EAA + a long alphanumeric body (the form Graph API tokens take
  // and GitHub secret scanning matches; unconfirmed offline).
  { kind: "a Meta access token", hint: /EAA/, re: new RegExp(`${B}(EAA[A-Za-z0-9]{32,})${E}`, "g"), accept: (s) => /[0-9]/.test(s) && /[a-z]/.test(s) },
  // A password in a URL: scheme://user:password@host (RFC 3986 section 3.2.1 deprecates it).
  { kind: "a password in a URL", hint: /:\/\/[^\s@]*@/, re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g, accept: (s) => !isPlaceholder(s) },
  // A credential assigned by name: api_key=..., {api_key:...}, "password": "...", ?access_token=...
  {
    // The hint is the regex's own field names (every match holds one), so `secretConfigKey:`, in every integration, does not run the regex.
    kind: "a credential assigned to a key or password field", hint: /(?:api|app|application|access|secret|private|auth|refresh)[_-]?(?:key|token)|bearer|client[_-]?secret|passw|pwd/i,
    re: /(?<![A-Za-z0-9])(?:api[_-]?key|app(?:lication)?[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|bearer|client[_-]?secret|password|passwd|pwd)["']?\s*[:=]\s*["']?([A-Za-z0-9_\-+/.~]{12,}={0,2})/gi,
    accept: (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s) && !isPlaceholder(s),
  },
];

/** `<password>`, `${TOKEN}`, `$TOKEN`, `{{token}}`, `***`, `[redacted]`, `xxxx`: a stand-in, not a secret. */
function isPlaceholder(s: string): boolean {
  // One character repeated (`(.)\1*`, case-insensitive) also covers `***` and `xxxx`.
  return /^(?:<.*>|\$\{.*\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|\[.*\]|(.)\1*)$/i.test(s);
}

/** Every secret-shaped span in `text`, in order, overlaps merged into the first. */
export function findSecrets(text: string): SecretFinding[] {
  if (text.length < 12) return [];
  const found: SecretFinding[] = [];
  const hinted = new Map<Shape["hint"], boolean>();
  const passes = (hint: Shape["hint"]) => {
    let yes = hinted.get(hint);
    if (yes === undefined) hinted.set(hint, (yes = typeof hint === "function" ? hint(text) : hint.test(text)));
    return yes;
  };
  for (const shape of SHAPES) {
    if (!passes(shape.hint)) continue;
    shape.re.lastIndex = 0;
    for (let m = shape.re.exec(text); m; m = shape.re.exec(text)) {
      const secret = m[1] ?? m[0];
      const start = m.index + m[0].lastIndexOf(secret);
      const { line, before } = contextOf(text, start, start + secret.length);
      if (shape.accept && !shape.accept(secret, line, before)) {
        shape.re.lastIndex = m.index + 1;
        continue;
      }
      found.push({ start, end: start + secret.length, kind: shape.kind });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = 0;
  return found.filter((f) => {
    if (f.start < reached) return false;
    reached = f.end;
    return true;
  });
}

/** The line around a match, at most CONTEXT characters either side (bounded work per match on a huge line). */
function contextOf(text: string, start: number, end: number): { line: string; before: string } {
  const from = Math.max(0, start - CONTEXT);
  const head = text.slice(from, start);
  const tail = text.slice(end, end + CONTEXT);
  const before = head.slice(head.lastIndexOf("\n") + 1);
  const after = tail.includes("\n") ? tail.slice(0, tail.indexOf("\n")) : tail;
  return { line: before + text.slice(start, end) + after, before };
}

const CONTEXT = 120;

/** Whether `text` holds anything secret-shaped: safe to test on any text (queries, URLs, prose). */
export function containsSecret(text: string): boolean {
  return findSecrets(text).length > 0;
}

/** A Pulumi config key name as this project uses them: `hubspotWebhookSecret`, `webhooks.stripe`. */
export const CONFIG_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9]*([._-][A-Za-z0-9]+)*$/;

/** A vendor credential, or a long generated token (only for values that should be a short name). */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (containsSecret(v)) return true;
  if (v.length < 24 || !/^[A-Za-z0-9_+/=-]+$/.test(v) || v.includes("//")) return false;
  // A digit and a letter (at least two of lower case, upper case and digits, one a digit).
  return /[0-9]/.test(v) && /[A-Za-z]/.test(v) && bitsPerChar(v) >= 3.5;
}

/** Shannon entropy per character: generated keys are near log2 of their alphabet, words far below. */
function bitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}
