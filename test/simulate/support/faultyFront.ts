/**
 * A destination with faults a drill can switch: a real HTTP server on 127.0.0.1 that passes each
 * request to the destination's fake (test/forwarder/fakes) or, on cue, answers 500 or stops
 * listening, so the forwarder sees exactly what it would see from the vendor: a 5xx answer, or a
 * TCP connection refused (nothing listens on the port). Its origin replaces the vendor's in the
 * forwarder's configuration, so the same port must come back when the fault ends.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type DestinationFault =
  /** Every request goes to the fake. */
  | "none"
  /** 500 with the REST API's documented words for it (developer.salesforce.com, api_rest errorcodes.htm: "An error has occurred within Lightning Platform, so the request couldn't be completed"). */
  | "error500"
  /** Nothing listens: ECONNREFUSED. */
  | "refused";

export interface FaultyFront {
  /** http://127.0.0.1:<port>, stable across faults. */
  readonly origin: string;
  readonly fault: DestinationFault;
  /** Requests that reached the front (not the refused ones), by what they got. */
  readonly answered: { passed: number; error500: number };
  setFault(fault: DestinationFault): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "content-length"]);

export async function startFaultyFront(upstream: string): Promise<FaultyFront> {
  let fault: DestinationFault = "none";
  const answered = { passed: 0, error500: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void handle(req, res));
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (fault === "error500") {
      answered.error500++;
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify([{ message: "An error has occurred within Lightning Platform, so the request couldn't be completed." }]));
      return;
    }
    answered.passed++;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const body = Buffer.concat(chunks);
    const out = await fetch(`${upstream}${req.url ?? "/"}`, { method: req.method ?? "GET", headers, ...(body.length > 0 && { body }) });
    const text = Buffer.from(await out.arrayBuffer());
    res.writeHead(out.status, { "content-type": out.headers.get("content-type") ?? "application/octet-stream" }).end(text);
  }

  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    get fault() {
      return fault;
    },
    answered,
    async setFault(next) {
      if (next === fault) return;
      if (next === "refused") await stop();
      else if (fault === "refused") await listen(port);
      fault = next;
    },
    async close() {
      if (fault !== "refused") await stop();
      fault = "refused";
    },
  };
}
