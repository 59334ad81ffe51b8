/**
 * Plain data from js-yaml events that fastYamlScreen.ts let through, in about half the time of
 * js-yaml's general constructor (which handles tags, anchors, merge keys and custom schemas the
 * screen has already excluded). What is left to resolve is YAML 1.2's core schema
 * (https://yaml.org/spec/1.2.2/#1032-tag-resolution) on plain scalars: null and boolean words,
 * and the plain decimals the screen accepts as numbers; every other scalar is its text, decoded
 * by js-yaml's getScalarValue (escapes, folding, block indentation). A duplicate key returns
 * undefined, as js-yaml would refuse it: the `yaml` tier then reports it.
 */
import { EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from "js-yaml";
import { SAFE_DECIMAL } from "./fastYamlScreen";

type Collection = unknown[] | Record<string, unknown>;

/** The document's value, or undefined when a mapping repeats a key. */
export function constructPlain(text: string, events: readonly Event[]): { readonly data: unknown } | undefined {
  const open: Collection[] = [];
  // Per open mapping, the key waiting for its value (undefined between pairs).
  const pendingKeys: (string | undefined)[] = [];
  let data: unknown = null;
  const add = (value: unknown): boolean => {
    const top = open.length - 1;
    if (top < 0) {
      data = value;
      return true;
    }
    const collection = open[top];
    if (Array.isArray(collection)) {
      collection.push(value);
      return true;
    }
    const key = pendingKeys[top];
    if (key !== undefined) {
      collection[key] = value;
      pendingKeys[top] = undefined;
      return true;
    }
    // The screen lets only string keys through; a repeated one is js-yaml's error and `yaml`'s.
    if (typeof value !== "string" || Object.hasOwn(collection, value)) return false;
    pendingKeys[top] = value;
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        open.push(event.type === EVENT_ID.MAPPING ? {} : []);
        pendingKeys.push(undefined);
        break;
      case EVENT_ID.SCALAR: {
        const top = open.length - 1;
        const isKey = top >= 0 && !Array.isArray(open[top]) && pendingKeys[top] === undefined;
        if (!add(isKey ? textOf(text, event) : valueOf(text, event))) return undefined;
        break;
      }
      case EVENT_ID.POP:
        // The document's own POP closes no collection.
        if (open.length && !add((pendingKeys.pop(), open.pop()))) return undefined;
        break;
    }
  }
  return { data };
}

function textOf(text: string, event: ScalarEvent): string {
  if (event.valueStart === -1) return "";
  return event.fast ? text.slice(event.valueStart, event.valueEnd) : getScalarValue(text, event);
}

/** A scalar value under the core schema, as far as the screen leaves it to resolve. */
function valueOf(text: string, event: ScalarEvent): unknown {
  const value = textOf(text, event);
  if (event.style !== SCALAR_STYLE.PLAIN) return value;
  switch (value) {
    case "":
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
    default:
      return SAFE_DECIMAL.test(value) ? Number(value) : value;
  }
}
