/**
 * npm run serve:forwarder -- [--config FILE] [--port N] [--verbose] [--no-statsd]
 *
 * The webhook forwarder (real ingress and consumer handlers) in one local process, with an
 * in-process SQS-compatible queue, dynalite for idempotency and a built-in echo target. See serve.ts.
 *
 * !!! LOCAL DEVELOPMENT ONLY: signing secrets come INLINE from the config file. Use fake secrets
 * (forwarder/serve/example.json), never real ones, and never expose this server beyond 127.0.0.1. !!!
 */
import { join, resolve } from "node:path";
import { loadServeConfig, type ServeConfig } from "./config";
import { startServe } from "./serve";

const USAGE = `usage: npm run serve:forwarder -- [--config FILE] [--port N] [--verbose] [--no-statsd]
  --config FILE   serve config (default forwarder/serve/example.json)
  --port N        listen on 127.0.0.1:N (default 8787; 0 = any free port)
  --verbose       also print the handlers' structured info logs
  --no-statsd     print metrics only, do not send them to 127.0.0.1:8125`;

interface Args {
  config: string;
  port: number;
  verbose: boolean;
  statsd: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { config: join(__dirname, "example.json"), port: 8787, verbose: false, statsd: true };
  // Help first, whatever else is on the line.
  if (argv.includes("--help") || argv.includes("-h")) throw new Error("help");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === "--config") args.config = value();
    else if (name === "--port") {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error("--port must be 0-65535");
      args.port = p;
    } else if (name === "--verbose") args.verbose = true;
    else if (name === "--no-statsd") args.statsd = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/**
 * The startup banner: the loud warning, the routes, and a copy-pasteable curl per source kind.
 * It never prints a secret, even the example's fake ones (terminals are recorded and screen-shared):
 * the curl lines read the signing secret from the config file at run time, by its key.
 */
export function banner(config: ServeConfig, url: string, statsd: boolean, configFile = "forwarder/serve/example.json"): string {
  const line = "!".repeat(78);
  const out = [
    line,
    "!!  LOCAL DEVELOPMENT ONLY: signing secrets are read INLINE from the config file.",
    "!!  Use fake secrets only. Never use real vendor secrets or expose this server.",
    line,
    `webhook forwarder (real ingress + consumer handlers) on ${url}`,
    `  queue: in-process SQS-compatible server; idempotency: dynalite (in memory); metrics: printed${statsd ? " + DogStatsD 127.0.0.1:8125" : ""}`,
    "",
  ];
  for (const [id, s] of Object.entries(config.sources)) {
    const targets = s.targets.map((t) => `${t.system} (${t.url ? urlForDisplay(t.url) : `${url}/echo/${t.system}`})`).join(", ");
    out.push(`  POST ${url}/hooks/${id}   ${s.vendor} → ${targets}`);
  }
  const stripe = Object.entries(config.sources).find(([, s]) => s.vendor === "stripe");
  const generic = Object.entries(config.sources).find(([, s]) => s.vendor === "generic-hmac");
  if (stripe || generic) out.push("", "try it (from the repository root):");
  if (stripe) {
    const [id] = stripe;
    out.push(
      "",
      `  ${readSecret(configFile, id)}`,
      `  body='{"id":"evt_1","type":"invoice.paid"}'; sig=$(npx tsx forwarder/serve/sign.ts stripe "$secret" "$body"); curl -sS -X POST ${url}/hooks/${id} -H "Stripe-Signature: $sig" -H 'content-type: application/json' --data "$body"`,
    );
  }
  if (generic) {
    const [id, s] = generic;
    const g = s.genericHmac!;
    const flags = `${g.encoding !== "hex" ? ` --encoding ${g.encoding}` : ""}${g.prefix ? ` --prefix ${shellQuote(g.prefix)}` : ""}`;
    out.push(
      "",
      `  ${readSecret(configFile, id)}`,
      `  body='{"order":"A-1001","status":"paid"}'; sig=$(npx tsx forwarder/serve/sign.ts generic-hmac "$secret" "$body"${flags}); curl -sS -X POST ${url}/hooks/${id} -H "${g.header}: $sig" -H 'content-type: application/json' --data "$body"`,
    );
  }
  out.push("", "Ctrl-C stops it.", "");
  return out.join("\n");
}

/** POSIX shell single quotes: nothing inside is expanded. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell line that sets $secret to the source's first signing secret, read from the config file by key. */
function readSecret(configFile: string, sourceId: string): string {
  return `secret=$(node -p 'require(process.argv[1]).sources[process.argv[2]].secrets[0]' ${shellQuote(resolve(configFile))} ${shellQuote(sourceId)})`;
}

/** A target URL without what may be a credential: userinfo and the query string (RFC 3986 sections 3.2.1, 3.4). */
export function urlForDisplay(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? "?[query hidden]" : ""}`;
  } catch {
    return "[unparsable URL]";
  }
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    const msg = (err as Error).message;
    // Help goes to stdout with exit 0; a wrong argument to stderr with exit 2.
    if (msg === "help") process.stdout.write(`${USAGE}\n`);
    else process.stderr.write(`${msg}\n${USAGE}\n`);
    process.exitCode = msg === "help" ? 0 : 2;
    return;
  }
  let config: ServeConfig;
  try {
    config = loadServeConfig(args.config);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const serve = await startServe(config, args.port, { verbose: args.verbose, statsd: args.statsd ? { host: "127.0.0.1", port: 8125 } : null });
  process.stdout.write(banner(config, serve.url, args.statsd, args.config) + "\n");

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping (polling, then servers)…\n`);
    void serve.close().then(() => {
      process.stdout.write("stopped.\n");
      process.exitCode = 0;
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // One sentence, no stack trace (a port in use, a dynalite failure).
    process.stderr.write(`serve:forwarder failed to start: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
