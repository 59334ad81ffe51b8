/**
 * A loopback HTTP server that records every request whole (method, target, headers, body) and
 * answers each with what the test's script says: a response, or a dropped connection. It sends no
 * Date header, so the AWS SDK never corrects its clock from it (a test pins the signing time).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import { listenOnLoopback } from "../../support/loopback";

export interface Captured {
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type Answer = { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string | Buffer } | "reset";

export interface CaptureServer {
  readonly endpoint: string;
  readonly requests: Captured[];
  close(): Promise<void>;
}

export async function startCaptureServer(answer: (request: Captured, index: number) => Answer): Promise<CaptureServer> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    res.sendDate = false;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const captured: Captured = { method: req.method ?? "", target: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(captured);
      const a = answer(captured, requests.length - 1);
      if (a === "reset") return void req.socket.destroy();
      const body = a.body ?? "";
      res.writeHead(a.status, { "content-length": String(Buffer.byteLength(body)), ...a.headers }).end(body);
    });
  });
  const loopback = await listenOnLoopback(server);
  return { endpoint: loopback.endpoint, requests, close: loopback.close };
}

/** A captured header as one string. */
export const headerOf = (c: Captured, name: string): string | undefined => {
  const v = c.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};
