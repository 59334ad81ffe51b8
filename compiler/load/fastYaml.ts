/**
 * The fast tier of the load stage: js-yaml 5's event parser (offsets, no document tree) and a
 * constructor for what the screen lets through (fastConstruct.ts), core schema, about a tenth of
 * the `yaml` document API's time (bench/check.bench.ts).
 * It yields plain data and no positions; yamlFile.ts's `yaml` tier gives those, on demand
 * (lazySourceMap.ts). A file is read here only when both parsers are known to read it alike
 * (fastYamlScreen.ts); any other file, and any file js-yaml refuses, returns undefined and goes
 * to the `yaml` tier, which reports its syntax errors exactly as before.
 */
import { parseEvents, type Event } from "js-yaml";
import { constructPlain } from "./fastConstruct";
import { yamlTierReason } from "./fastYamlScreen";

/** js-yaml's default nesting limit, stated here: deeper files go to the `yaml` tier, which reports them. */
const MAX_DEPTH = 100;

/** The file's data, or undefined when the `yaml` tier must read it. `text` has no byte-order mark. */
export function readFastYaml(text: string): { readonly data: unknown } | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  if (yamlTierReason(text, events) !== undefined) return undefined;
  try {
    return constructPlain(text, events);
  } catch {
    // A scalar js-yaml cannot decode after all (an escape it refuses): the `yaml` tier reports it.
    return undefined;
  }
}
