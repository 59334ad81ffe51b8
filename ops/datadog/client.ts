/**
 * Read-only Datadog API client: SLOs, SLO history, monitors. Keys go in the DD-API-KEY and
 * DD-APPLICATION-KEY headers (never the query string) and never into a message.
 */
import { HTTP_BASE_URL } from "../http/baseUrl";
import { readEnvKey } from "../http/envKey";
import { requestJson, type JsonRequest, type RefusalWording } from "../http/jsonApi";
import { ShapeReader } from "../http/shape";
import { monitorListPage, sloHistory, sloListPage } from "./normalize";
import type { DatadogMonitor, DatadogSlo, SloHistory } from "./types";

export type { DatadogMonitor, DatadogSlo, DatadogSloThreshold, SloHistory } from "./types";

export interface DatadogClientOptions {
  apiKey: string;
  appKey: string;
  /** e.g. https://api.datadoghq.com; tests point it at the replay server. */
  baseUrl: string;
  maxAttempts?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Items asked for per page when listing (default 50: small pages keep each call well inside the timeout). */
  pageSize?: number;
  /** Jitter source, for tests that assert exact waits. */
  random?: () => number;
}

const API = "Datadog API";
/** Pages are followed until a short or empty page; this bounds a server that never says "last page". */
const MAX_PAGES = 1000;

export class DatadogClient {
  private readonly pageSize: number;

  constructor(private readonly options: DatadogClientOptions) {
    this.pageSize = options.pageSize ?? 50;
  }

  /**
   * GET /api/v1/slo, every page (`limit` / `offset`). `tags_query` filters on one tag server-side.
   * A page shorter than the limit ends the list unless the response's total says more remain
   * (a server may cap the limit below what we asked).
   */
  async listSlos(q: { tagsQuery?: string } = {}): Promise<DatadogSlo[]> {
    const path = "/api/v1/slo";
    const all: DatadogSlo[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.get(path, { tags_query: q.tagsQuery, limit: this.pageSize, offset: all.length }, "slos_read");
      const { slos, total } = sloListPage(body, reader(path));
      all.push(...slos);
      if (slos.length === 0 || (total !== undefined ? all.length >= total : slos.length < this.pageSize)) return all;
    }
    return reader(path).fail(`more than ${MAX_PAGES} pages`);
  }

  /**
   * GET /api/v1/slo/{slo_id}/history?from_ts&to_ts (epoch seconds). With `target`, Datadog
   * also computes the budget left against that target ("custom" timeframe).
   */
  async sloHistory(id: string, fromS: number, toS: number, opts: { target?: number } = {}): Promise<SloHistory> {
    const path = `/api/v1/slo/${encodeURIComponent(id)}/history`;
    const body = await this.get(path, { from_ts: Math.floor(fromS), to_ts: Math.floor(toS), target: opts.target }, "slos_read", { says: "found no SLO with that id" });
    return sloHistory(body, reader(path), opts.target);
  }

  /**
   * GET /api/v1/monitor, every page (`page` from 0, `page_size`). The response is a bare array,
   * so a page shorter than page_size (or empty) is the last. `monitor_tags` (comma-separated,
   * all must match) filters on the monitors' own tags server-side.
   */
  async listMonitors(q: { monitorTags?: string[] } = {}): Promise<DatadogMonitor[]> {
    const path = "/api/v1/monitor";
    const all: DatadogMonitor[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.get(path, { monitor_tags: q.monitorTags?.length ? q.monitorTags.join(",") : undefined, page, page_size: this.pageSize }, "monitors_read");
      const monitors = monitorListPage(body, reader(path));
      all.push(...monitors);
      if (monitors.length < this.pageSize) return all;
    }
    return reader(path).fail(`more than ${MAX_PAGES} pages`);
  }

  private get(path: string, query: JsonRequest["query"], permission: string, notFound?: RefusalWording): Promise<unknown> {
    const { apiKey, appKey, baseUrl, maxAttempts, timeoutMs, sleep, random } = this.options;
    return requestJson({
      api: API,
      baseUrl,
      path,
      query,
      headers: { "DD-API-KEY": apiKey, "DD-APPLICATION-KEY": appKey },
      maxAttempts,
      timeoutMs,
      sleep,
      random,
      refusals: {
        auth: { says: "rejected the API key", hint: "check DD_API_KEY and DD_SITE" },
        forbidden: { says: "refused the application key", hint: `check DD_APP_KEY has ${permission}` },
        "not-found": notFound ?? { hint: "check DD_SITE or DD_API_URL" },
      },
    });
  }
}

const reader = (path: string) => new ShapeReader(`${API} answered GET ${path}`);

/**
 * From the environment: DD_API_KEY and DD_APP_KEY (required), DD_SITE (else `defaultSite`, the
 * stack's `datadogSite` for the CLIs, else datadoghq.com; the API is at https://api.<site>),
 * DD_API_URL (overrides the base URL; tests use 127.0.0.1).
 */
export function datadogClientFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<DatadogClientOptions> = {}, defaultSite?: string): DatadogClient {
  const missing = ["DD_API_KEY", "DD_APP_KEY"].filter((name) => !env[name]?.trim());
  if (missing.length) throw new MissingKeysError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: export the Datadog API and application keys (from a secret store, never on the command line).`);
  // Checked before use: a key with a line break would make fetch throw a message that quotes it.
  const apiKey = readEnvKey(env, "DD_API_KEY")!;
  const appKey = readEnvKey(env, "DD_APP_KEY")!;
  return new DatadogClient({ apiKey, appKey, baseUrl: datadogBaseUrl(env, defaultSite), ...overrides });
}

/** The keys are not set at all (as in pull requests from forks): callers may skip what needs them. Told apart by instanceof; prints as a plain Error. */
export class MissingKeysError extends Error {}

export const DEFAULT_DATADOG_SITE = "datadoghq.com";

/** DD_API_URL, else https://api.<DD_SITE>, else https://api.<defaultSite>. */
export function datadogBaseUrl(env: NodeJS.ProcessEnv, defaultSite = DEFAULT_DATADOG_SITE): string {
  const override = env.DD_API_URL?.trim();
  if (override) {
    if (!HTTP_BASE_URL.test(override)) throw new Error("DD_API_URL must be an http(s) address such as https://api.datadoghq.com.");
    return override.replace(/\/+$/, "");
  }
  const fromEnv = env.DD_SITE?.trim();
  const site = (fromEnv || defaultSite.trim() || DEFAULT_DATADOG_SITE).replace(/^https?:\/\//, "").replace(/^(app|api)\./, "").replace(/\/+$/, "");
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(site)) throw new Error(`${fromEnv ? "DD_SITE" : "datadogSite in the stack config"} "${site}" is not a Datadog site such as datadoghq.com or datadoghq.eu.`);
  return `https://api.${site}`;
}
