/**
 * Each inventory team's chat channel (`Teams` files: `teams[].id`, `chatChannel: "#<channel>"`),
 * read from the inventory folder the program deploys, so a ticket monitor's `@slack-<channel>`
 * can be checked against its `team:` tag. Read the way `check` reads the inventory: regular
 * `.yaml`/`.yml` files only (no symlinks, FIFOs or devices), at most 1 MiB each; a file that
 * does not parse is skipped (`check` reports it).
 */
import { lstatSync, readdirSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { parse } from "yaml";

/** The repository's inventory, which `index.ts` deploys unless config `inventoryDir` says otherwise. */
export const DEFAULT_INVENTORY_DIR = resolve(__dirname, "..", "..", "inventory");

const MAX_FILE_BYTES = 1024 * 1024;

export type TeamChannels = { readonly channels: ReadonlyMap<string, string> } | { readonly error: string };

const cache = new Map<string, TeamChannels>();

/** Team id -> channel name without "#", or why the inventory could not be read. Cached per folder. */
export function readTeamChannels(dir: string = DEFAULT_INVENTORY_DIR): TeamChannels {
  const hit = cache.get(dir);
  if (hit) return hit;
  let result: TeamChannels;
  try {
    const channels = new Map<string, string>();
    for (const file of yamlFiles(dir)) {
      for (const [team, channel] of teamsOf(file)) if (!channels.has(team)) channels.set(team, channel);
    }
    result = { channels };
  } catch (e) {
    result = { error: `the inventory folder ${dir} could not be read (${(e as Error).message})` };
  }
  cache.set(dir, result);
  return result;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && lstatSync(path).size <= MAX_FILE_BYTES) out.push(path);
  }
  return out;
}

function teamsOf(file: string): [string, string][] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  const { kind, teams } = (doc ?? {}) as { kind?: unknown; teams?: unknown };
  if (kind !== "Teams" || !Array.isArray(teams)) return [];
  return teams.flatMap((t: { id?: unknown; chatChannel?: unknown }): [string, string][] =>
    typeof t?.id === "string" && typeof t.chatChannel === "string" && t.chatChannel[0] === "#" ? [[t.id, t.chatChannel.slice(1)]] : [],
  );
}
