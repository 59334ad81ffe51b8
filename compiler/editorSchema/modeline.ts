/**
 * The first line of an inventory file that points editors at its JSON Schema:
 * `# yaml-language-server: $schema=../../schemas/integration.schema.json`. The path is relative
 * to the YAML file ("the relative filepath is the path relative to the open yaml file",
 * yaml-language-server README, "Using inlined schema"), written with `/` on every OS.
 * To YAML it is a comment: `check` and the compiler never read it.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Kind } from "../validate/schema";
import { SCHEMA_DIR, SCHEMA_FILES } from "./jsonSchemas";

const PREFIX = "# yaml-language-server: $schema=";
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\s*$/;
/** The repository's root, where SCHEMA_DIR is. */
const ROOT = join(__dirname, "..", "..");

export const modeline = (schemaPath: string): string => `${PREFIX}${schemaPath}`;

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
}

/** The schema path the text's first line names, or undefined when the first line is no modeline. */
export function modelineSchema(text: string): string | undefined {
  return MODELINE.exec(firstLine(text))?.[1];
}

/** The path from `yamlFile`'s folder to the committed schema of `kind`, as the file's modeline writes it. */
export function schemaPathFor(yamlFile: string, kind: Kind, root: string = ROOT): string {
  return relative(resolve(dirname(yamlFile)), join(root, SCHEMA_DIR, SCHEMA_FILES[kind])).split(sep).join("/");
}

/**
 * The text with a first-line modeline naming `schemaPath`: the template's is replaced (its path
 * is right for templates/, not for where the scaffold lands), and one is added if there is none.
 */
export function withModeline(text: string, schemaPath: string): string {
  const first = firstLine(text);
  return MODELINE.test(first) ? modeline(schemaPath) + text.slice(first.length) : `${modeline(schemaPath)}\n${text}`;
}
