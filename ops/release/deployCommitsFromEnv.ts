/**
 * The commits a production deploy carries, as main.yml's lookup passes them to freeze-gate in
 * FREEZE_COMMITS: a JSON array, oldest first, of the first-parent commits on main since the last
 * verified deploy, each with the pull request merged into main that brought it (its number,
 * label names, description and who applied the override label) or null when it was pushed
 * directly. Unset or empty: nothing is known about the commits (one share, no pull request).
 */
import type { OverrideRequest } from "../../compiler/freeze/override";

export interface DeployCommit {
  readonly sha: string;
  readonly pullRequest?: OverrideRequest & { readonly pullRequest: number };
}

const SHA = /^[0-9a-f]{40}$/;
const HOW = "the workflow passes FREEZE_COMMITS as a JSON array of {sha, pr: {number, labels, body, by} | null}";

export function deployCommitsFromEnv(env: NodeJS.ProcessEnv): DeployCommit[] {
  const raw = env.FREEZE_COMMITS?.trim();
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`FREEZE_COMMITS is not JSON; ${HOW}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`FREEZE_COMMITS must be an array; ${HOW}`);
  return parsed.map((item: unknown, i) => {
    const { sha, pr } = (item ?? {}) as { sha?: unknown; pr?: unknown };
    if (typeof sha !== "string" || !SHA.test(sha)) throw new Error(`FREEZE_COMMITS[${i}].sha must be a full commit SHA; ${HOW}`);
    if (pr === null || pr === undefined) return { sha };
    const { number, labels, body, by } = pr as { number?: unknown; labels?: unknown; body?: unknown; by?: unknown };
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number <= 0) throw new Error(`FREEZE_COMMITS[${i}].pr.number must be a pull request number; ${HOW}`);
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) throw new Error(`FREEZE_COMMITS[${i}].pr.labels must be an array of label names; ${HOW}`);
    const who = typeof by === "string" ? by.trim() : "";
    return { sha, pullRequest: { pullRequest: number, labels, ...(typeof body === "string" && body && { body }), ...(who && { by: who }) } };
  });
}
