/**
 * The merged pull request as main.yml's lookup passes it to freeze-gate: FREEZE_PR_LABELS (a JSON
 * array of label names), FREEZE_PR_BODY (its description), FREEZE_PR_NUMBER and
 * FREEZE_OVERRIDE_BY (who applied the override label). Nothing set: no pull request (a direct push).
 */
import type { OverrideRequest } from "../../compiler/freeze/override";

export function overrideFromEnv(env: NodeJS.ProcessEnv): OverrideRequest {
  let labels: string[] = [];
  const raw = env.FREEZE_PR_LABELS?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error("FREEZE_PR_LABELS is not JSON; the workflow passes the pull request's label names as a JSON array");
    }
    if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === "string")) throw new Error("FREEZE_PR_LABELS must be a JSON array of label names");
    labels = parsed;
  }
  const number = Number(env.FREEZE_PR_NUMBER);
  return {
    labels,
    ...(env.FREEZE_PR_BODY && { body: env.FREEZE_PR_BODY }),
    ...(env.FREEZE_OVERRIDE_BY?.trim() && { by: env.FREEZE_OVERRIDE_BY.trim() }),
    ...(Number.isSafeInteger(number) && number > 0 && { pullRequest: number }),
  };
}
