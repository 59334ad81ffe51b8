/** Human context for a path, e.g. `slo lead-delivery: sli.good`, used to start messages. */
import { formatPath, valueAt, type Path } from "../path";

const SINGULAR: Record<string, string> = {
  slos: "slo",
  failureModes: "failure mode",
  webhooks: "webhook",
  teams: "team",
  rotations: "rotation",
  systems: "system",
  maintenance: "maintenance window",
  freezes: "change freeze",
};

export function describeLocation(data: unknown, path: Path): string {
  const labels: string[] = [];
  let rest: (string | number)[] = [];
  path.forEach((seg, i) => {
    const parent = path[i - 1];
    const element = typeof seg === "number" ? valueAt(data, path.slice(0, i + 1)) : undefined;
    const id = element && typeof element === "object" ? (element as { id?: unknown }).id : undefined;
    if (typeof seg === "number" && typeof parent === "string" && SINGULAR[parent] && typeof id === "string") {
      rest.pop();
      labels.push(`${SINGULAR[parent]} ${id}`);
      rest = [];
    } else {
      rest.push(seg);
    }
  });
  if (rest.length) labels.push(formatPath(rest));
  return labels.join(": ");
}

/** `context: message`, or just the message at the top of a file. */
export function withContext(context: string, message: string): string {
  return context ? `${context}: ${message}` : message;
}
