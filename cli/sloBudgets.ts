/**
 * Each SLO's error budget remaining over its window ending on a date, from Datadog. Optional
 * by design: without keys, or when Datadog fails, every SLO gets a reason instead of a value,
 * so a postmortem can always be started in the middle of an incident.
 */
import type { LowerSettings } from "../compiler/lower/settings";
import type { Integration } from "../compiler/model";
import { durationSeconds } from "../compiler/lower/durations";
import { datadogClientFromEnv, type DatadogSlo } from "../ops/datadog/client";

export type SloBudget =
  | { readonly kind: "value"; readonly sloId: string; readonly errorBudgetRemaining: number; readonly sliValue: number | null }
  | { readonly kind: "unavailable"; readonly sloId: string; readonly reason: string };

/** Half-open UTC day [date 00:00, next day 00:00), capped at now: Datadog has no future data. */
export function windowEnding(date: string, window: string, nowS: number): { fromS: number; toS: number } {
  const toS = Math.min(Date.parse(`${date}T00:00:00Z`) / 1000 + 86400, Math.floor(nowS));
  return { fromS: toS - durationSeconds(window), toS };
}

export async function sloBudgets(integration: Integration, date: string, settings: LowerSettings, env: NodeJS.ProcessEnv, nowS = Date.now() / 1000): Promise<SloBudget[]> {
  const slos = integration.slos;
  const allUnavailable = (reason: string) => slos.map((s): SloBudget => ({ kind: "unavailable", sloId: s.id, reason }));
  if (!slos.length) return [];
  const missing = ["DD_API_KEY", "DD_APP_KEY"].filter((k) => !env[k]?.trim());
  if (missing.length) return allUnavailable(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`);

  let found: DatadogSlo[];
  let client: ReturnType<typeof datadogClientFromEnv>;
  try {
    // Two attempts: a postmortem draft should not wait long on an API it can do without.
    client = datadogClientFromEnv(env, { maxAttempts: 2 });
    found = await client.listSlos({ tagsQuery: `integration:${integration.id}` });
  } catch (e) {
    return allUnavailable(reasonOf(e));
  }
  return Promise.all(
    slos.map(async (slo): Promise<SloBudget> => {
      const match = found.find((d) => d.tags.includes(`slo:${slo.id}`) && (!d.tags.some((t) => t.startsWith("env:")) || d.tags.includes(`env:${settings.environment}`)));
      if (!match) return { kind: "unavailable", sloId: slo.id, reason: `Datadog has no SLO tagged integration:${integration.id}, slo:${slo.id} and env:${settings.environment}` };
      const { fromS, toS } = windowEnding(date, slo.window, nowS);
      try {
        const history = await client.sloHistory(match.id, fromS, toS, { target: slo.objective });
        if (history.errorBudgetRemaining === null) return { kind: "unavailable", sloId: slo.id, reason: `Datadog has no data for this SLO in the ${slo.window} ending ${date}` };
        return { kind: "value", sloId: slo.id, errorBudgetRemaining: history.errorBudgetRemaining, sliValue: history.sliValue };
      } catch (e) {
        return { kind: "unavailable", sloId: slo.id, reason: reasonOf(e) };
      }
    }),
  );
}

/** ApiError messages are one sentence without credentials; anything else is reduced to its message too. */
const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").replace(/\.$/, "");
