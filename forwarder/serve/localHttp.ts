/**
 * The HTTP part the local AWS stand-ins (./sqsLocal.ts, ./s3Local.ts) share: a server on
 * 127.0.0.1 at a free port that hands each request over with its whole body read, the fault the
 * tests set on it (each stand-in answers it in its own wire format), and a close() that drops open
 * (keep-alive) connections instead of waiting for them. A stand-in adds its own members to the
 * object this returns (Object.assign), so `fault` stays one plain property.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What a stand-in can be told to do wrong: answer 500, or drop the connection unanswered. */
export type LocalFault = "none" | "error500" | "refuse";

export interface LocalHttpServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Read by the stand-in on every request; "none" at start. */
  fault: LocalFault;
  close(): Promise<void>;
}

export async function listenLocal(handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<LocalHttpServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fault: "none",
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
