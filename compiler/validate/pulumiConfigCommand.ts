/**
 * `pulumi config set|get|rm <key>` commands in a line of runbook code, read the way the Pulumi
 * CLI reads them (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/): `--path`
 * makes the key a path whose first element is the config key (`forwarderIngressConcurrency`,
 * `aws:assumeRole.roleArn`), `namespace:key` selects a provider's config, and `-C/--cwd`,
 * `--config-file` or a fully qualified `--stack org/project/stack` point the command at
 * another project.
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

interface Word {
  readonly text: string;
  readonly offset: number;
}

export function configCommandsIn(line: string): ConfigCommand[] {
  const out: ConfigCommand[] = [];
  for (const command of commands(words(line))) {
    const parsed = configCommand(command);
    if (parsed) out.push(parsed);
  }
  return out;
}

function configCommand(words: readonly Word[]): ConfigCommand | undefined {
  if (words[0]?.text !== "pulumi") return undefined;
  const flags = new Map<string, string>();
  const positional: Word[] = [];
  for (let i = 1; i < words.length; i++) {
    const { text } = words[i];
    const eq = text.indexOf("=");
    if (text.startsWith("-") && eq > 0) flags.set(text.slice(0, eq), text.slice(eq + 1));
    else if (VALUE_FLAGS.has(text)) flags.set(text, words[++i]?.text ?? "");
    else if (text.startsWith("-")) flags.set(text, "");
    else positional.push(words[i]);
  }
  if (positional[0]?.text !== "config" || !SUBCOMMANDS.has(positional[1]?.text ?? "") || !positional[2]) return undefined;
  const keyWord = positional[2];
  const key = keyWord.text;
  const colon = key.search(/[:.[]/);
  const namespace = colon >= 0 && key[colon] === ":" ? key.slice(0, colon) : undefined;
  const rest = namespace === undefined ? key : key.slice(namespace.length + 1);
  const name = flags.has("--path") ? rest.split(/[.[]/)[0] : rest;
  const stack = flags.get("--stack") ?? flags.get("-s");
  const qualified = stack?.split("/");
  const otherProject = flags.has("-C") || flags.has("--cwd") || flags.has("--config-file") || (qualified !== undefined && qualified.length === 3);
  return { offset: keyWord.offset, key, ...(namespace !== undefined && { namespace }), name, otherProject, ...(stack !== undefined && { stack }) };
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
    const start = i;
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
    out.push({ text, offset: textStart < 0 ? start : textStart });
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
