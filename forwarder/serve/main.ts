/**
 * npm run serve:forwarder -- [--config FILE] [--port N] [--verbose] [--no-statsd]
 *
 * The webhook forwarder (real ingress and consumer handlers) in one local process, with an
 * in-process SQS-compatible queue, dynalite for idempotency and a built-in echo target. See serve.ts.
 *
 * !!! LOCAL DEVELOPMENT ONLY: signing secrets come INLINE from the config file. Use fake secrets
 * (forwarder/serve/example.json), never real ones, and never expose this server beyond 127.0.0.1. !!!
 */
import { join } from "node:path";
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
    else if (name === "--help" || name === "-h") throw new Error("help");
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** The startup banner: the loud warning, the routes, and a copy-pasteable curl per source kind. */
export function banner(config: ServeConfig, url: string, statsd: boolean): string {
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
    const targets = s.targets.map((t) => `${t.system} (${t.url ?? `${url}/echo/${t.system}`})`).join(", ");
    out.push(`  POST ${url}/hooks/${id}   ${s.vendor} → ${targets}`);
  }
  const stripe = Object.entries(config.sources).find(([, s]) => s.vendor === "stripe");
  const generic = Object.entries(config.sources).find(([, s]) => s.vendor === "generic-hmac");
  if (stripe || generic) out.push("", "try it (from the repository root):");
  if (stripe) {
    const [id, s] = stripe;
    out.push(
      "",
      `  body='{"id":"evt_1","type":"invoice.paid"}'; sig=$(npx tsx forwarder/serve/sign.ts stripe ${s.secrets[0]} "$body"); curl -sS -X POST ${url}/hooks/${id} -H "Stripe-Signature: $sig" -H 'content-type: application/json' --data "$body"`,
    );
  }
  if (generic) {
    const [id, s] = generic;
    const g = s.genericHmac!;
    const flags = `${g.encoding !== "hex" ? ` --encoding ${g.encoding}` : ""}${g.prefix ? ` --prefix ${g.prefix}` : ""}`;
    out.push(
      "",
      `  body='{"order":"A-1001","status":"paid"}'; sig=$(npx tsx forwarder/serve/sign.ts generic-hmac ${s.secrets[0]} "$body"${flags}); curl -sS -X POST ${url}/hooks/${id} -H "${g.header}: $sig" -H 'content-type: application/json' --data "$body"`,
    );
  }
  out.push("", "Ctrl-C stops it.", "");
  return out.join("\n");
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    const msg = (err as Error).message;
    process.stderr.write(`${msg === "help" ? "" : `${msg}\n`}${USAGE}\n`);
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
  process.stdout.write(banner(config, serve.url, args.statsd) + "\n");

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
    process.stderr.write(`serve:forwarder failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
