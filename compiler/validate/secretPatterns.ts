/**
 * Recognises credentials pasted where a config key name belongs. Known vendor prefixes
 * first; otherwise a long token with the character mix and entropy of generated secrets.
 */

const VENDOR_PREFIXES = [
  /^whsec_/, // Standard Webhooks / Svix, Stripe webhook secrets
  /^(sk|rk|pk)_(live|test)_/, // Stripe keys
  /^shp(ss|at|ca|pa)_/, // Shopify secrets and tokens
  /^pat-(na|eu)[0-9]-/, // HubSpot private app tokens
  /^xox[abposr]-/, // Slack tokens
  /^(AKIA|ASIA)[0-9A-Z]{16}$/, // AWS access key ids
  /^gh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /^EAA[A-Za-z0-9]{20,}/, // Meta access tokens
  /^ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, // JWTs
];

/** A Pulumi config key name as this project uses them: `hubspotWebhookSecret`, `webhooks.stripe`. */
export const CONFIG_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9]*([._-][A-Za-z0-9]+)*$/;

/** A known vendor credential format: safe to test on any text (queries, URLs, descriptions). */
export function hasSecretPrefix(value: string): boolean {
  return value.split(/[\s"'`=:,;()]+/).some((word) => VENDOR_PREFIXES.some((re) => re.test(word)));
}

/** A vendor credential, or a long generated token (only for values that should be a short name). */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (hasSecretPrefix(v)) return true;
  if (v.length < 24 || !/^[A-Za-z0-9_+/=-]+$/.test(v) || v.includes("//")) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2 && /[0-9]/.test(v) && shannonBitsPerChar(v) >= 3.5 && !/^[a-z][a-zA-Z]*$/.test(v);
}

function shannonBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}
