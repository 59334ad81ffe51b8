/**
 * Read-only PagerDuty REST API v2 client. The token goes in `Authorization: Token token=...`
 * and never into a message.
 */
import { HTTP_BASE_URL } from "../http/baseUrl";
import { readEnvKey } from "../http/envKey";
import { requestJson } from "../http/jsonApi";
import { ShapeReader } from "../http/shape";
import { incidentPage } from "./normalize";
import type { PagerDutyIncident } from "./types";

export type { PagerDutyIncident } from "./types";

export interface PagerDutyClientOptions {
  token: string;
  /** Default https://api.pagerduty.com; tests point it at the replay server. */
  baseUrl?: string;
  maxAttempts?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Incidents per page (default 100, PagerDuty's maximum). */
  pageSize?: number;
  random?: () => number;
}

const API = "PagerDuty API";
export const DEFAULT_PAGERDUTY_URL = "https://api.pagerduty.com";
/** PagerDuty's classic pagination refuses offsets past 10 000. */
const MAX_OFFSET = 10_000;

export class PagerDutyClient {
  constructor(private readonly options: PagerDutyClientOptions) {}

  /**
   * GET /incidents?since&until[&service_ids[]...], every page (`offset` / `limit`, until `more`
   * is false). Every status is included; PagerDuty refuses a range over 6 months.
   */
  async listIncidents(q: { since: Date; until: Date; serviceIds?: string[] }): Promise<PagerDutyIncident[]> {
    const path = "/incidents";
    const limit = this.options.pageSize ?? 100;
    const all: PagerDutyIncident[] = [];
    for (let offset = 0; ; offset += limit) {
      if (offset >= MAX_OFFSET) return reader(path).fail(`more than ${MAX_OFFSET} incidents in the range, narrow it`);
      const body = await this.get(path, {
        since: q.since.toISOString(),
        until: q.until.toISOString(),
        "service_ids[]": q.serviceIds?.length ? q.serviceIds : undefined,
        time_zone: "UTC",
        limit,
        offset,
      });
      const { incidents, more } = incidentPage(body, reader(path));
      all.push(...incidents);
      if (!more || incidents.length === 0) return all;
    }
  }

  private get(path: string, query: Record<string, string | number | readonly string[] | undefined>): Promise<unknown> {
    const { token, baseUrl, maxAttempts, timeoutMs, sleep, random } = this.options;
    return requestJson({
      api: API,
      baseUrl: baseUrl ?? DEFAULT_PAGERDUTY_URL,
      path,
      query,
      headers: { Authorization: `Token token=${token}`, Accept: "application/vnd.pagerduty+json;version=2" },
      maxAttempts,
      timeoutMs,
      sleep,
      random,
      refusals: {
        auth: { says: "rejected the token", hint: "check PAGERDUTY_TOKEN is a valid REST API key" },
        forbidden: { says: "refused the token", hint: "check PAGERDUTY_TOKEN may read incidents" },
        "not-found": { hint: "check PAGERDUTY_API_URL" },
      },
    });
  }
}

const reader = (path: string) => new ShapeReader(`${API} answered GET ${path}`);

/** From the environment: PAGERDUTY_TOKEN (required), PAGERDUTY_API_URL (optional base URL; tests use 127.0.0.1). */
export function pagerDutyClientFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PagerDutyClientOptions> = {}): PagerDutyClient {
  // Checked before use: a token with a line break would make fetch throw a message that quotes it.
  const token = readEnvKey(env, "PAGERDUTY_TOKEN");
  if (!token) throw new Error("PAGERDUTY_TOKEN is not set: export a PagerDuty REST API key (from a secret store, never on the command line).");
  const url = env.PAGERDUTY_API_URL?.trim();
  if (url && !HTTP_BASE_URL.test(url)) throw new Error("PAGERDUTY_API_URL must be an http(s) address such as https://api.pagerduty.com.");
  return new PagerDutyClient({ token, baseUrl: url ? url.replace(/\/+$/, "") : DEFAULT_PAGERDUTY_URL, ...overrides });
}
