/**
 * Real HTTP targets on 127.0.0.1 with scripted faults, for the forwarder tests. Every request is
 * recorded (headers, raw body bytes) before its fault is applied, so tests can compare what the
 * forwarder believes happened with what the target actually saw.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";

export type Step =
  | { status: number; headers?: Record<string, string>; delayMs?: number }
  /** TCP RST (ECONNRESET on the client). */
  | "reset"
  /** Plain close without a response (undici: "other side closed"; node:http: "socket hang up"). */
  | "hangup";

export interface Recorded {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** What the target did with it. */
  step: Step;
}

export interface Target {
  url: string;
  requests: Recorded[];
  /** Replace the script and forget recorded requests (for property runs sharing one server). */
  reset(script: (index: number) => Step): void;
  close(): Promise<void>;
}

/** Start a target; `script(i)` decides what to do with the i-th request (0-based). */
export async function startTarget(script: (index: number) => Step): Promise<Target> {
  let current = script;
  const requests: Recorded[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const step = current(requests.length);
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), step });
      if (step === "reset") return void req.socket.resetAndDestroy();
      if (step === "hangup") return void req.socket.destroy();
      const respond = () => {
        timers.delete(timer);
        if (!res.destroyed) res.writeHead(step.status, { "content-type": "text/plain", ...step.headers }).end("target says hi");
      };
      const timer = setTimeout(respond, step.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/in`,
    requests,
    reset(next) {
      current = next;
      requests.length = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on a port that was free a moment ago and has nothing listening (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks/in`;
}

/** Script helper: the given steps in order, then the last one forever. */
export const sequence = (...steps: Step[]) => (i: number): Step => steps[Math.min(i, steps.length - 1)]!;
