/**
 * A DogStatsD server stand-in: a real UDP socket on 127.0.0.1 (a port the OS picks) that keeps
 * every datagram as it arrived, stamped with the simulated time of its arrival. The forwarder's
 * emitters are pointed at it exactly as DD_DOGSTATSD_HOST / DD_DOGSTATSD_PORT point them at the
 * Datadog extension (forwarder/metrics/statsdEnv.ts). Nothing is parsed here: the datagrams go to
 * compiler/simulate/dogstatsd.ts as they were sent.
 */
import * as dgram from "node:dgram";
import type { CapturedDatagram } from "../../../compiler/simulate/dogstatsd";
import type { SimulatedClock } from "./simulatedClock";

export interface StatsdCapture {
  readonly host: string;
  readonly port: number;
  readonly datagrams: readonly CapturedDatagram[];
  /** Resolves once `count` datagrams in all have arrived (the emitters' datagramsSent). */
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStatsdCapture(clock: SimulatedClock): Promise<StatsdCapture> {
  const socket = dgram.createSocket("udp4");
  const datagrams: CapturedDatagram[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  socket.on("message", (msg) => {
    datagrams.push({ atSeconds: clock.seconds(), text: msg.toString("utf8") });
    for (const w of waiting.splice(0)) {
      if (datagrams.length >= w.count) w.resolve();
      else waiting.push(w);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    host: "127.0.0.1",
    port: socket.address().port,
    datagrams,
    arrived: (count) => (datagrams.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
