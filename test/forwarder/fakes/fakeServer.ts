/**
 * The plumbing shared by the destination fakes: a real HTTP server on 127.0.0.1 that records every
 * request (method, path, query, headers, body) and answers what the fake's handler decides. Each fake
 * (one file per destination API) enforces what its vendor documents and answers the vendor's
 * documented error bodies otherwise: a fake that accepts everything proves nothing.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { listenOnLoopback } from "../support/loopback";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed as JSON, when it is. */
  readonly json: unknown;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface FakeApi {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Every request, with the status it got. */
  readonly requests: (FakeRequest & { answered: number })[];
  close(): Promise<void>;
}

export async function startFake(handle: (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeApi> {
  const requests: (FakeRequest & { answered: number })[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body === "" ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const request: FakeRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
      const answer = await handle(request);
      requests.push({ ...request, answered: answer.status });
      const text = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(text !== "" && { "content-type": "application/json" }), ...answer.headers }).end(text);
    });
  });
  const loopback = await listenOnLoopback(server);
  return { origin: loopback.endpoint, requests, close: () => loopback.close() };
}

/** A trace id such as the vendors return (Meta's fbtrace_id, Google's requestId). */
export const traceId = () => randomBytes(8).toString("base64url");

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The request's media type without parameters, lowercased. */
export const mediaType = (req: FakeRequest) => String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
