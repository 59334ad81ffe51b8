/**
 * A real HTTP server on 127.0.0.1 (port 0) that replays recorded API responses, so the
 * clients are tested through fetch, sockets and headers rather than a stubbed function.
 * A route matches method + path (+ a subset of the query); a route with several responses
 * answers them in turn and then repeats the last (e.g. 429 with Retry-After, then 200).
 * Unmatched requests get a Datadog-shaped 404 and are recorded like the others.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface RecordedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body. */
  readonly body?: unknown;
  /** A body sent as is instead of `body` (e.g. a truncated JSON document). */
  readonly rawBody?: string;
  /** Never answer (until the server closes): a server that hangs, for timeouts. */
  readonly hang?: boolean;
}

export interface ReplayRoute {
  readonly method: string;
  readonly path: string;
  /** Every key listed must be present with this value; other keys are ignored. Repeated keys are joined with ",". */
  readonly query?: Readonly<Record<string, string>>;
  readonly responses: RecordedResponse | readonly RecordedResponse[];
  /** Free text for readers of the fixture file. */
  readonly note?: string;
}

export interface ReplayedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Index of the route that answered, or -1 when none matched. */
  readonly route: number;
}

export interface ReplayServer {
  /** Base URL, e.g. http://127.0.0.1:39123 (no trailing slash). */
  readonly url: string;
  readonly requests: ReplayedRequest[];
  close(): Promise<void>;
}

export const FIXTURES_DIR = join(__dirname, "..", "fixtures", "api");

/** The routes of `test/fixtures/api/<api>/<name>.json` (a `{ "routes": [...] }` document). */
export function loadFixture(api: "datadog" | "pagerduty", name: string): ReplayRoute[] {
  const doc = JSON.parse(readFileSync(join(FIXTURES_DIR, api, `${name}.json`), "utf8")) as { routes?: ReplayRoute[] };
  if (!Array.isArray(doc.routes)) throw new Error(`fixture ${api}/${name}.json has no "routes" array`);
  return doc.routes;
}

export async function startReplayServer(routes: readonly ReplayRoute[]): Promise<ReplayServer> {
  const requests: ReplayedRequest[] = [];
  const served = routes.map(() => 0);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(",");
    const index = routes.findIndex((r) => r.method.toUpperCase() === req.method && r.path === url.pathname && Object.entries(r.query ?? {}).every(([k, v]) => query[k] === v));
    requests.push({ method: req.method ?? "", path: url.pathname, query, headers: req.headers, route: index });
    req.resume();
    if (index < 0) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errors: ["Not found"] }));
      return;
    }
    const sequence = ([] as RecordedResponse[]).concat(routes[index].responses as RecordedResponse | RecordedResponse[]);
    const response = sequence[Math.min(served[index]++, sequence.length - 1)];
    if (response.hang) return;
    const body = response.rawBody ?? (response.body === undefined ? "" : JSON.stringify(response.body));
    res.writeHead(response.status, { "content-type": "application/json", ...response.headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
