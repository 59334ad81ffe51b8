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
    // The list's word when it is one SINGULAR names (a number, or the first segment's undefined parent, names none).
    const singular = SINGULAR[String(path[i - 1])];
    const id = typeof seg === "number" ? (valueAt(data, path.slice(0, i + 1)) as { id?: unknown } | null | undefined)?.id : undefined;
    if (singular && typeof id === "string") {
      // What rest holds (the list's name last) gives way to this label.
      labels.push(`${singular} ${id}`);
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
