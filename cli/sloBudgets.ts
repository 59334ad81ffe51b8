/**
 * Each SLO's error budget remaining over its window ending on a date, from Datadog. Optional
 * by design: without keys, or when Datadog fails, every SLO gets a reason instead of a value,
 * so a postmortem can always be started in the middle of an incident.
 */
import type { LowerSettings } from "../compiler/lower/settings";
import { redactEnvSecrets } from "../compiler/redact";
import type { Integration } from "../compiler/model";
import { durationSeconds } from "../compiler/lower/durations";
import { readSloWindows } from "../ops/budget/readSloWindows";
import { datadogClientFromEnv, type DatadogClient } from "../ops/datadog/client";

export type SloBudget =
  | { readonly kind: "value"; readonly sloId: string; readonly errorBudgetRemaining: number; readonly sliValue: number | null }
  | { readonly kind: "unavailable"; readonly sloId: string; readonly reason: string };

/** End of the UTC day `date` (next day 00:00), capped at now: Datadog has no future data. */
export function dayEnd(date: string, nowS: number): number {
  return Math.min(Date.parse(`${date}T00:00:00Z`) / 1000 + 86400, Math.floor(nowS));
}

/** Half-open window [end - window, end) ending with the UTC day `date`, capped at now. */
export function windowEnding(date: string, window: string, nowS: number): { fromS: number; toS: number } {
  const toS = dayEnd(date, nowS);
  return { fromS: toS - durationSeconds(window), toS };
}

export async function sloBudgets(integration: Integration, date: string, settings: LowerSettings, env: NodeJS.ProcessEnv, nowS = Date.now() / 1000): Promise<SloBudget[]> {
  const slos = integration.slos;
  const allUnavailable = (reason: string) => slos.map((s): SloBudget => ({ kind: "unavailable", sloId: s.id, reason }));
  if (!slos.length) return [];
  try {
    // Two attempts: a postmortem draft should not wait long on an API it can do without.
    // DD_SITE or DD_API_URL win; else the site the stack's forwarder sends to.
    const client: DatadogClient = datadogClientFromEnv(env, { maxAttempts: 2 }, settings.forwarder.datadogSite);
    const checked = slos.map((s) => ({ integration: integration.id, slo: s.id, objective: s.objective, window: s.window }));
    // Listing by integration keeps it to a page; the match still requires env:<environment>. A failed history stays in its row.
    const reads = await readSloWindows(client, checked, settings.environment, dayEnd(date, nowS), { tagsQuery: `integration:${integration.id}`, continueOnError: true });
    return reads.map((r): SloBudget => {
      const sloId = r.slo.slo;
      if (r.kind === "unmatched") return { kind: "unavailable", sloId, reason: r.problem };
      if (r.kind === "failed") return { kind: "unavailable", sloId, reason: reasonOf(r.error, env) };
      if (r.history.errorBudgetRemaining === null) return { kind: "unavailable", sloId, reason: `Datadog has no data for this SLO in the ${r.slo.window} ending ${date}` };
      return { kind: "value", sloId, errorBudgetRemaining: r.history.errorBudgetRemaining, sliValue: r.history.sliValue };
    });
  } catch (e) {
    // Missing keys (datadogClientFromEnv says which) or a failed listSlos: every SLO says why.
    return allUnavailable(reasonOf(e, env));
  }
}

/**
 * ApiError messages are one sentence without credentials; anything else is reduced to its message
 * too, with the environment's keys redacted: a reason is written into the postmortem draft.
 */
const reasonOf = (e: unknown, env: NodeJS.ProcessEnv) => redactEnvSecrets(e instanceof Error ? e.message : String(e), env).replace(/\s+/g, " ").replace(/\.$/, "");
