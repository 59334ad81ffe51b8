/**
 * Positions for a file the fast tier read (fastYaml.ts), which keeps none: the first request for
 * one reparses the file with the `yaml` tier (yamlFile.ts) and answers from its source map, so a
 * file without diagnostics is never parsed twice and a file with one gets exactly the positions
 * the `yaml` tier alone would give. The text and its line starts need no reparse (scanStrings
 * reads them for every file); lines end at "\n" only, as `yaml`'s LineCounter counts them.
 */
import { parseYamlFile, type SourceMap } from "./yamlFile";

/** `reparse` is parseYamlFile, or a stand-in that counts calls (tests). */
export function lazySourceMap(file: string, text: string, reparse: typeof parseYamlFile = parseYamlFile): SourceMap {
  let full: SourceMap | undefined;
  let lineStarts: number[] | undefined;
  const resolve = () => (full ??= reparse(file, text).source);
  return {
    get values() {
      return resolve().values;
    },
    get keys() {
      return resolve().keys;
    },
    get strings() {
      return resolve().strings;
    },
    text,
    get lineStarts() {
      return (lineStarts ??= lineStartsOf(text));
    },
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
