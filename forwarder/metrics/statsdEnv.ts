/**
 * The DogStatsD target both Lambdas send to, from the environment. Unset means the Datadog Lambda
 * extension's 127.0.0.1:8125. DD_DOGSTATSD_HOST / DD_DOGSTATSD_PORT are the names the Datadog agent
 * itself reads (setting the port moves the extension and the client together); DOGSTATSD_HOST /
 * DOGSTATSD_PORT, the ingress's earlier names, are still accepted.
 */
export interface StatsdTarget {
  readonly host?: string;
  readonly port?: number;
}

export function statsdFromEnv(env: NodeJS.ProcessEnv = process.env): StatsdTarget {
  const host = env["DD_DOGSTATSD_HOST"] || env["DOGSTATSD_HOST"];
  const port = Number(env["DD_DOGSTATSD_PORT"] || env["DOGSTATSD_PORT"]);
  return { ...(host && { host }), ...(Number.isInteger(port) && port > 0 && port < 65536 && { port }) };
}
