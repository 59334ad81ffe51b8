/**
 * Reference syntax in text that comes from outside the program. The lowering writes a value
 * known only at deployment, another resource's output, as the string `${ref:NAME:ATTR}`
 * (lower/spec.ts `ref`), and the emit stage (components/refTable.ts) replaces every such string
 * in every input of every resource. Inventory text holding one would be replaced too: a
 * PagerDuty integration key in a monitor message or a webhook header sent to a third party,
 * another resource's URL in a link.
 *
 * Any `${` counts, not only `${ref:`: it opens interpolation in Pulumi's and Terraform's
 * templates, shells and JavaScript, so nothing of the inventory needs it, and a narrower
 * pattern would tie this guard to the spelling of one marker. No Datadog text does:
 * monitor-message variables are `{{name}}` (https://docs.datadoghq.com/monitors/notify/variables/)
 * and dashboard template variables in queries are `$name`
 * (https://docs.datadoghq.com/dashboards/template_variables/), neither followed by `{`; JSONata
 * (forwarding transforms) ignores the space in `$ {`.
 */

/** What opens a reference (and most other interpolation). */
export const INTERPOLATION_OPEN = "${";

/** `text` with every `${` broken into `$ {`, which no resolver reads; unchanged when it holds none. */
export const inertReferences = (text: string): string => (text.includes(INTERPOLATION_OPEN) ? text.replaceAll(INTERPOLATION_OPEN, "$ {") : text);

/**
 * `value` with every string in it, at any depth of its arrays and plain objects, made inert
 * (inertReferences). The same object when no string holds `${`, as for every inventory
 * `check` accepts (reference-syntax), so a valid model passes untouched; otherwise a copy that
 * keeps shared objects shared. Other objects (a Date, a Map) are kept as they are.
 */
export function withInertReferences<T>(value: T): T {
  if (!holdsInterpolation(value)) return value;
  return copyInert(value, new Map()) as T;
}

/** Whether any string or key in `value` holds `${`: a plain walk (for-in, no allocation), as it runs on every lowering; models are trees (zod builds them), never cycles. */
function holdsInterpolation(value: unknown): boolean {
  if (typeof value === "string") return value.includes(INTERPOLATION_OPEN);
  if (!isContainer(value)) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (holdsInterpolation(v)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && (key.includes(INTERPOLATION_OPEN) || holdsInterpolation((value as Record<string, unknown>)[key]))) return true;
  }
  return false;
}

function copyInert(value: unknown, copies: Map<object, unknown>): unknown {
  if (typeof value === "string") return inertReferences(value);
  if (!isContainer(value)) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const v of value) copy.push(copyInert(v, copies));
    return copy;
  }
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  copies.set(value, copy);
  // defineProperty: a key such as `__proto__` stays a key, as YAML gave it.
  for (const [k, v] of Object.entries(value)) Object.defineProperty(copy, inertReferences(k), { value: copyInert(v, copies), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Arrays and plain objects: what a model and settings are made of. */
function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
