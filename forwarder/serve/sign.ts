/**
 * Prints the signature header value a vendor would send, for curl against the local forwarder
 * (npm run serve:forwarder). LOCAL DEVELOPMENT ONLY: the secret is a command-line argument, so it
 * lands in your shell history; use the fake secrets of forwarder/serve/example.json.
 *
 *   npx tsx forwarder/serve/sign.ts stripe <secret> <body> [--timestamp <unix s>]
 *       -> the Stripe-Signature value (t=...,v1=...), signed now unless --timestamp is given
 *   npx tsx forwarder/serve/sign.ts generic-hmac <secret> <body> [--encoding hex|base64] [--prefix <text>]
 *       -> prefix + HMAC-SHA256 of the body (defaults: hex, no prefix)
 *
 * <body> is the exact body text; `@path` reads it from a file (raw bytes, like curl --data-binary @path)
 * and `-` from stdin. Sign exactly the bytes you send: `curl --data "$body"` sends the argument
 * as is, while `curl --data @file` strips newlines, so pair a file with --data-binary.
 *
 *   body='{"id":"evt_1","type":"invoice.paid"}'
 *   sig=$(npx tsx forwarder/serve/sign.ts stripe whsec_local_dev_only "$body")
 *   curl -sS -X POST http://127.0.0.1:8787/hooks/stripe-invoices -H "Stripe-Signature: $sig" \
 *     -H 'content-type: application/json' --data "$body"
 */
import { readFileSync } from "node:fs";
import { computeGenericHmacSignature, computeStripeSignature } from "./signing";

export const SIGN_USAGE = `usage:
  sign.ts stripe <secret> <body|@file|-> [--timestamp <unix seconds>]
  sign.ts generic-hmac <secret> <body|@file|-> [--encoding hex|base64] [--prefix <text>]`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The signature for `args` (argv without node and the script). Throws UsageError on bad arguments. */
export function signCommand(args: readonly string[], io: { readStdin?: () => Buffer; now?: () => number } = {}): string {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const value = args[++i];
        if (value === undefined) throw new UsageError(`${a} needs a value`);
        flags.set(a.slice(2), value);
      }
    } else positional.push(a);
  }
  const [scheme, secret, bodyArg, ...rest] = positional;
  if (!scheme || secret === undefined || bodyArg === undefined || rest.length > 0) throw new UsageError("expected <scheme> <secret> <body>");
  if (secret.length === 0) throw new UsageError("the secret is empty");
  const body = bodyArg === "-" ? (io.readStdin ?? (() => readFileSync(0)))() : bodyArg.startsWith("@") ? readFileSync(bodyArg.slice(1)) : Buffer.from(bodyArg, "utf8");

  const allowed = scheme === "stripe" ? ["timestamp"] : scheme === "generic-hmac" ? ["encoding", "prefix"] : [];
  for (const f of flags.keys()) if (!allowed.includes(f)) throw new UsageError(`unknown option --${f} for ${scheme}`);

  if (scheme === "stripe") {
    const t = flags.has("timestamp") ? Number(flags.get("timestamp")) : Math.floor((io.now ?? Date.now)() / 1000);
    if (!Number.isInteger(t) || t < 0) throw new UsageError("--timestamp must be unix seconds");
    return computeStripeSignature(secret, body, t);
  }
  if (scheme === "generic-hmac") {
    const encoding = flags.get("encoding") ?? "hex";
    if (encoding !== "hex" && encoding !== "base64") throw new UsageError("--encoding must be hex or base64");
    return computeGenericHmacSignature(secret, body, encoding, flags.get("prefix") ?? "");
  }
  throw new UsageError(`unknown scheme "${scheme}" (stripe or generic-hmac)`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) process.stdout.write(`${SIGN_USAGE}\n`);
  else try {
    process.stdout.write(signCommand(argv) + "\n");
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${SIGN_USAGE}\n`);
    process.exitCode = 2;
  }
}
