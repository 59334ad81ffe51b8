/**
 * A minimal Secrets Manager-compatible server on 127.0.0.1 for tests: AWS JSON 1.1 as the API
 * reference documents it (POST, `Content-Type: application/x-amz-json-1.1`,
 * `X-Amz-Target: secretsmanager.GetSecretValue`, a SigV4 Authorization for `secretsmanager`:
 * forwarder/serve/sigv4Presence.ts; anything else is refused with the service's error). Counts calls
 * per SecretId; fault injection like sqsServer ("error500" or "refuse").
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { signatureProblem } from "../../../forwarder/serve/sigv4Presence";
import { listenOnLoopback } from "./loopback";

export type SecretsFault = "none" | "error500" | "refuse";

export interface SecretsServer {
  readonly endpoint: string;
  /** SecretId -> SecretString. */
  readonly secrets: Map<string, string>;
  /** GetSecretValue calls by SecretId (faulted ones included). */
  callsFor(secretId: string): number;
  readonly totalCalls: () => number;
  fault: SecretsFault;
  /** Delay before answering, to let concurrent callers pile up. */
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startSecretsServer(initial: Record<string, string> = {}): Promise<SecretsServer> {
  const secrets = new Map(Object.entries(initial));
  const calls = new Map<string, number>();
  const state = { fault: "none" as SecretsFault, delayMs: 0 };

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID(), "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return send(res, 400, { __type: "SerializationException", Message: "body is not JSON" });
    }
    const id = typeof input.SecretId === "string" ? input.SecretId : "";
    calls.set(id, (calls.get(id) ?? 0) + 1);
    if (state.fault === "refuse") return void req.socket.destroy();
    if (state.fault === "error500") return send(res, 500, { __type: "InternalServiceError", Message: "injected failure" });
    if (req.method !== "POST" || !String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.1")) {
      return send(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException", Message: "expected an AWS JSON 1.1 POST" });
    }
    if (target !== "secretsmanager.GetSecretValue") return send(res, 400, { __type: "UnknownOperationException", Message: target });
    const unsigned = signatureProblem(req.headers, "secretsmanager");
    if (unsigned) return send(res, 400, { __type: `com.amazon.coral.service#${unsigned.type}`, Message: unsigned.message });
    const value = secrets.get(id);
    if (value === undefined) return send(res, 400, { __type: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." });
    send(res, 200, {
      ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}-AbCdEf`,
      Name: id,
      SecretString: value,
      VersionId: randomUUID(),
      VersionStages: ["AWSCURRENT"],
      CreatedDate: Math.floor(Date.now() / 1000),
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (state.delayMs > 0) setTimeout(() => handle(req, res, body), state.delayMs);
      else handle(req, res, body);
    });
  });
  const loopback = await listenOnLoopback(server);

  return {
    endpoint: loopback.endpoint,
    secrets,
    callsFor: (id) => calls.get(id) ?? 0,
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    get fault() {
      return state.fault;
    },
    set fault(f: SecretsFault) {
      state.fault = f;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    reset() {
      calls.clear();
      state.fault = "none";
      state.delayMs = 0;
    },
    close: loopback.close,
  };
}
