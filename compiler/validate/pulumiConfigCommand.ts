/**
 * `pulumi config set|get|rm <key>` and `pulumi config set-all --plaintext <key>=<value> --secret
 * <key>=<value>` commands in a line of runbook code, read the way the Pulumi CLI reads them
 * (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/ and .../pulumi_config_set-all/:
 * "Each key-value pair must be preceded by either the --secret or the --plaintext flag"): `--path`
 * makes the key a path whose first element is the config key (`forwarderIngressConcurrency`,
 * `aws:assumeRole.roleArn`, `["parent.name"]`), `namespace:key` selects a provider's config, and
 * `-C/--cwd`, `--config-file` or a fully qualified `--stack org/project/stack` point the command
 * at another project. Also `martech-reliability:<key>` written anywhere in runbook code (a stack
 * file excerpt, a `jq` filter over `pulumi config --json`): the project's own namespace.
 */

export interface ConfigCommand {
  /** Offset of the key argument in the line. */
  readonly offset: number;
  /** The key argument as written, quotes removed. */
  readonly key: string;
  /** `aws` in `aws:region`; undefined for the project's own namespace written without one. */
  readonly namespace?: string;
  /** The config key itself: the first element of a `--path` key. */
  readonly name: string;
  /** Whether the command addresses a project other than the one in the working directory. */
  readonly otherProject: boolean;
  readonly stack?: string;
}

/** Flags of `pulumi` and `pulumi config ...` that take a value. */
const VALUE_FLAGS = new Set(["-C", "--cwd", "-s", "--stack", "--config-file"]);
const SUBCOMMANDS = new Set(["set", "get", "rm"]);
/** `set-all`'s flags, each taking one `key=value` (a string array: the flag repeats). */
const SET_ALL_FLAGS = new Set(["--plaintext", "--secret"]);

interface Word {
  readonly text: string;
  readonly offset: number;
}

export function configCommandsIn(line: string): ConfigCommand[] {
  return commands(words(line)).flatMap(configCommand);
}

function configCommand(words: readonly Word[]): ConfigCommand[] {
  if (words[0].text !== "pulumi") return [];
  const flags = new Map<string, string>();
  const positional: Word[] = [];
  /** set-all's `key=value` arguments: the word, and where its key starts in it. */
  const pairs: { word: Word; skip: number }[] = [];
  const setAll = () => positional[0]?.text === "config" && positional[1]?.text === "set-all";
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const { text } = word;
    const eq = text.indexOf("=");
    // Up to the first "=": a flag written `--flag=value` (a word that starts with "=" is no flag either way).
    const flag = text.split("=")[0];
    if (setAll() && SET_ALL_FLAGS.has(flag)) {
      if (flag !== text) pairs.push({ word, skip: eq + 1 });
      else if (words[i + 1]) pairs.push({ word: words[++i], skip: 0 });
    } else if (text.startsWith("-") && flag !== text) flags.set(flag, text.slice(eq + 1));
    else if (VALUE_FLAGS.has(text)) flags.set(text, words[++i]?.text ?? "");
    else if (text.startsWith("-")) flags.set(text, "");
    else positional.push(word);
  }
  if (positional[0]?.text !== "config") return [];
  const stack = flags.get("--stack") ?? flags.get("-s");
  const qualified = stack?.split("/");
  const otherProject = flags.has("-C") || flags.has("--cwd") || flags.has("--config-file") || (qualified !== undefined && qualified.length === 3);
  const path = flags.has("--path");
  const command = (key: string, offset: number): ConfigCommand => ({ offset, ...configKey(key, path), otherProject, ...(stack !== undefined && { stack }) });
  if (setAll()) {
    return pairs.flatMap(({ word, skip }) => {
      const assignment = word.text.slice(skip);
      const eq = assignment.indexOf("=");
      return eq > 0 ? [command(assignment.slice(0, eq), word.offset + skip)] : [];
    });
  }
  const subcommand = positional[1];
  if (!subcommand || !SUBCOMMANDS.has(subcommand.text) || !positional[2]) return [];
  return [command(positional[2].text, positional[2].offset)];
}

/** A key argument: its namespace, and the config key itself (a `--path` key's first element). */
function configKey(key: string, path: boolean): Pick<ConfigCommand, "key" | "namespace" | "name"> {
  const colon = key.search(/[:.[]/);
  const namespace = key[colon] === ":" ? key.slice(0, colon) : undefined;
  const rest = namespace === undefined ? key : key.slice(namespace.length + 1);
  const quoted = /^\["([^"]*)"\]/.exec(rest)?.[1];
  const name = !path ? rest : (quoted ?? rest.split(/[.[]/)[0]);
  return { key, ...(namespace !== undefined && { namespace }), name };
}

/** A `martech-reliability:<key>` reference in runbook code, with the key's offset. */
export interface ProjectConfigReference {
  /** Offset of `martech-reliability:` in the line. */
  readonly offset: number;
  readonly name: string;
}

/** Every `<project>:<key>` in a line, wherever it stands (pulumi commands are read by configCommandsIn too). */
export function projectConfigReferencesIn(line: string, project: string): ProjectConfigReference[] {
  // Called for every line of runbook code: most lines do not name the project, and need no pattern.
  if (!line.includes(`${project}:`)) return [];
  const escaped = project.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?<![A-Za-z0-9_.-])${escaped}:([A-Za-z_][A-Za-z0-9_]*|<[^>]*>)`, "g");
  return [...line.matchAll(pattern)].map((m) => ({ offset: m.index, name: m[1]! }));
}

/** Shell-like words with their offsets: quotes removed, `;`, `&&`, `||`, `|` and `#` end a command. */
function words(line: string): (Word | "end")[] {
  const out: (Word | "end")[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") break;
    if (c === ";" || c === "|" || c === "&" || c === "(" || c === ")") {
      out.push("end");
      i++;
      continue;
    }
    let text = "";
    let textStart = -1;
    while (i < line.length && !/[\s;|&()]/.test(line[i])) {
      const q = line[i];
      if (q === "'" || q === '"') {
        const close = line.indexOf(q, i + 1);
        const end = close < 0 ? line.length : close;
        if (textStart < 0) textStart = i + 1;
        text += line.slice(i + 1, end);
        i = end + 1;
      } else {
        if (textStart < 0) textStart = i;
        text += q;
        i++;
      }
    }
    // The loop above read at least one character, so textStart is set.
    out.push({ text, offset: textStart });
  }
  return out;
}

function commands(list: readonly (Word | "end")[]): Word[][] {
  const out: Word[][] = [[]];
  for (const w of list) {
    if (w === "end") out.push([]);
    else out[out.length - 1].push(w);
  }
  return out.filter((c) => c.length > 0);
}
