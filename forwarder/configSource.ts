/**
 * Where the forwarder Lambdas read their configuration at cold start. Lambda caps a function's
 * environment at 4 KB in total and the inventory may hold hundreds of sources, so the deployment
 * ships the static part as a file in the code archive and only the queue URL (a resource output)
 * as an environment variable:
 *
 *   FORWARDER_CONFIG       JSON ForwarderConfig; when set it wins (tests, serve, the benchmark)
 *   forwarder-config.json  otherwise: StaticForwarderConfig, read from $LAMBDA_TASK_ROOT (the
 *                          archive root, where index.js sits) or else this bundle's own folder
 *   FORWARDER_QUEUE_URL    overlaid as `queueUrl` when set (the ingress sends to it; the consumer
 *                          delays messages on it with ChangeMessageVisibility)
 *   FORWARDER_BODY_BUCKET  overlaid as `bodyBucket` when set: the claim-check bucket (both functions)
 *
 * Only the shape of the document is checked here; each function validates the fields it needs.
 * Errors name the problem and the file, never the content.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StaticForwarderConfig } from "./config";

export const CONFIG_FILE = "forwarder-config.json";

/** What the loader returns: the file's config, with the queue URL and body bucket when the environment gives them. */
export type LoadedForwarderConfig = StaticForwarderConfig & { readonly queueUrl?: string };

/** The folder holding forwarder-config.json: the archive root in Lambda, else next to the running bundle. */
export const configDir = (env: NodeJS.ProcessEnv = process.env): string => env["LAMBDA_TASK_ROOT"] || __dirname;

function parseObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the text: not repeated.
    throw new Error(`${what} is not valid JSON`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${what} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

function readConfigFile(dir: string): Record<string, unknown> {
  const file = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === "ENOENT") throw new Error(`${file} does not exist and FORWARDER_CONFIG is not set`);
    throw new Error(`${file} cannot be read (${code ?? "unknown error"})`);
  }
  return parseObject(text, file);
}

/** Loads the configuration (see the module comment); throws an Error naming the problem. */
export function loadForwarderConfig(env: NodeJS.ProcessEnv = process.env, dir: string = configDir(env)): LoadedForwarderConfig {
  const inline = env["FORWARDER_CONFIG"];
  const config = inline ? parseObject(inline, "FORWARDER_CONFIG") : readConfigFile(dir);
  const queueUrl = env["FORWARDER_QUEUE_URL"];
  const bodyBucket = env["FORWARDER_BODY_BUCKET"];
  return { ...config, ...(queueUrl && { queueUrl }), ...(bodyBucket && { bodyBucket }) } as unknown as LoadedForwarderConfig;
}
