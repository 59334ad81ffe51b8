/**
 * An in-memory SQS-compatible server on 127.0.0.1: the AWS JSON 1.0 protocol that SQS documents
 * and both the forwarder's client (forwarder/aws/sqs.ts) and the SDK's speak (POST,
 * `Content-Type: application/x-amz-json-1.0`, `X-Amz-Target: AmazonSQS.<Operation>`, a SigV4
 * Authorization for `sqs`: ./sigv4Presence.ts; anything else is refused): SendMessage, ReceiveMessage,
 * DeleteMessage, ChangeMessageVisibility and GetQueueAttributes over queues keyed by the last path
 * segment of the QueueUrl, created on first use. MD5s are real: both clients check them.
 * ChangeMessageVisibility follows the API reference: 0 to 43,200 s counted from the call, only for
 * the receipt handle of the latest receive of a message that is in flight.
 * Used by `npm run serve:forwarder` and, with its fault injection, by the tests and benchmark.
 * NOT a production queue: no persistence, no auth, no redrive (serve.ts emulates the DLQ move).
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenLocal, type LocalFault } from "./localHttp";
import { signatureProblem } from "./sigv4Presence";

export type SqsFault = LocalFault;

export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  receiptHandle?: string;
  invisibleUntil: number;
  receiveCount: number;
  /** Clock time of the receive that made it in flight: SQS bounds its total visibility by 12 hours from then. */
  receivedAt?: number;
}

export interface SqsServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** A queue URL on this server (what the SDK uses as its endpoint by default). */
  queueUrl(name: string): string;
  /** Messages currently in the queue (visible or in flight), oldest first. */
  messages(name: string): readonly StoredMessage[];
  /** Every request seen, by operation name (`SendMessage`...), including faulted ones. */
  readonly calls: string[];
  fault: SqsFault;
  reset(): void;
  close(): Promise<void>;
}

const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

export interface SqsServerOptions {
  /** The server's clock (visibility deadlines); default Date.now. */
  readonly now?: () => number;
}

export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  const clock = options.now ?? Date.now;
  const queues = new Map<string, StoredMessage[]>();
  const calls: string[] = [];

  const queueOf = (queueUrl: unknown): StoredMessage[] | undefined => {
    if (typeof queueUrl !== "string") return undefined;
    let name: string;
    try {
      name = new URL(queueUrl).pathname.split("/").filter(Boolean).pop() ?? "";
    } catch {
      return undefined;
    }
    if (!name) return undefined;
    let q = queues.get(name);
    if (!q) queues.set(name, (q = []));
    return q;
  };

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID(), "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, type: string, message: string) => send(res, status, { __type: `com.amazonaws.sqs#${type}`, message });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = target.startsWith("AmazonSQS.") ? target.slice("AmazonSQS.".length) : target;
    calls.push(op);
    if (http.fault === "refuse") return void req.socket.destroy();
    if (http.fault === "error500") return error(res, 500, "InternalError", "injected failure");
    if (req.method !== "POST" || !String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.0")) {
      return error(res, 400, "InvalidAction", "expected an AWS JSON 1.0 POST");
    }
    if (!target.startsWith("AmazonSQS.")) return send(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException", message: `unknown X-Amz-Target ${target}` });
    const unsigned = signatureProblem(req.headers, "sqs");
    if (unsigned) return send(res, 400, { __type: `com.amazon.coral.service#${unsigned.type}`, message: unsigned.message });
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return error(res, 400, "SerializationException", "body is not JSON");
    }
    const q = queueOf(input.QueueUrl);
    if (!q) return error(res, 400, "QueueDoesNotExist", "bad QueueUrl");
    const now = clock();
    switch (op) {
      case "SendMessage": {
        const body = input.MessageBody;
        if (typeof body !== "string" || body.length === 0) return error(res, 400, "MissingParameter", "MessageBody is required");
        if (Buffer.byteLength(body, "utf8") > 1024 * 1024) return error(res, 400, "InvalidParameterValue", "message too long");
        // SQS's allowed characters: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF.
        if (/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(body)) return error(res, 400, "InvalidMessageContents", "invalid characters");
        const messageId = randomUUID();
        q.push({ messageId, body, invisibleUntil: 0, receiveCount: 0 });
        return send(res, 200, { MessageId: messageId, MD5OfMessageBody: md5(body) });
      }
      case "ReceiveMessage": {
        const max = typeof input.MaxNumberOfMessages === "number" ? input.MaxNumberOfMessages : 1;
        const visibility = typeof input.VisibilityTimeout === "number" ? input.VisibilityTimeout : 30;
        const out = [];
        for (const m of q) {
          if (out.length >= max) break;
          if (m.invisibleUntil > now) continue;
          m.receiveCount++;
          m.invisibleUntil = now + visibility * 1000;
          m.receivedAt = now;
          m.receiptHandle = randomUUID();
          out.push({
            MessageId: m.messageId,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: md5(m.body),
            Body: m.body,
            Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
          });
        }
        return send(res, 200, out.length ? { Messages: out } : {});
      }
      case "DeleteMessage": {
        const i = q.findIndex((m) => m.receiptHandle !== undefined && m.receiptHandle === input.ReceiptHandle);
        if (i < 0) return error(res, 400, "ReceiptHandleIsInvalid", "unknown receipt handle");
        q.splice(i, 1);
        return send(res, 200, {});
      }
      case "ChangeMessageVisibility": {
        const seconds = input.VisibilityTimeout;
        if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) {
          return error(res, 400, "InvalidParameterValue", "VisibilityTimeout must be an integer from 0 to 43200");
        }
        const m = q.find((x) => x.receiptHandle !== undefined && x.receiptHandle === input.ReceiptHandle);
        if (!m) return error(res, 400, "ReceiptHandleIsInvalid", "unknown receipt handle");
        if (m.invisibleUntil <= now) return error(res, 400, "MessageNotInflight", "the message is not in flight");
        // The 12 hours bound the message's whole visibility from the receive, not from this call.
        if (now + seconds * 1000 > (m.receivedAt ?? now) + 43_200_000) {
          return error(res, 400, "InvalidParameterValue", "Value " + seconds + " for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        }
        m.invisibleUntil = now + seconds * 1000;
        return send(res, 200, {});
      }
      case "GetQueueAttributes":
        return send(res, 200, {
          Attributes: {
            ApproximateNumberOfMessages: String(q.filter((m) => m.invisibleUntil <= now).length),
            ApproximateNumberOfMessagesNotVisible: String(q.filter((m) => m.invisibleUntil > now).length),
          },
        });
      default:
        return error(res, 400, "UnsupportedOperation", `operation ${op} is not implemented`);
    }
  };

  const http = await listenLocal(handle);
  const { endpoint } = http;

  return Object.assign(http, {
    queueUrl: (name: string) => `${endpoint}/000000000000/${name}`,
    messages: (name: string): readonly StoredMessage[] => queues.get(name) ?? [],
    calls,
    reset() {
      queues.clear();
      calls.length = 0;
      http.fault = "none";
    },
  });
}

/** The names serve.ts uses. */
export { startSqsServer as startLocalSqs, type SqsServer as LocalSqs, type StoredMessage as LocalSqsMessage };
