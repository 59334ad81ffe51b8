/**
 * Load stage entry for one inventory file: the fast tier (js-yaml events, fastYaml.ts) when the
 * file is one both parsers read alike, else the `yaml` tier (yamlFile.ts). Either way the result
 * is the same YamlFile: the fast tier's positions are resolved by a `yaml` reparse the first time
 * a diagnostic asks for one (lazySourceMap.ts), so only files with a diagnostic pay for it.
 */
import { stripBom } from "./decodeText";
import { readFastYaml } from "./fastYaml";
import { lazySourceMap } from "./lazySourceMap";
import { parseYamlFile, type YamlFile } from "./yamlFile";

/** How an inventory file's YAML is read: parseYamlFile (the `yaml` tier alone) or readYamlFile (two tiers). */
export type YamlReader = (file: string, text: string) => YamlFile;

export function readYamlFile(file: string, text: string, reparse: typeof parseYamlFile = parseYamlFile): YamlFile {
  const plain = stripBom(text);
  const fast = readFastYaml(plain);
  if (!fast) return reparse(file, text);
  return { file, data: fast.data, source: lazySourceMap(file, plain, reparse), diagnostics: [] };
}
