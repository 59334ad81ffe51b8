/**
 * The systems a detection on the webhook forwarder's metrics involves, read from its queries:
 * a `destination:<system>` tag names the system the forwarder delivers to, and a
 * `source:<webhook id>` tag the system that sends that webhook. So a page about deliveries to
 * Klaviyo links Klaviyo's status page, and one about Shopify's webhooks Shopify's, without a
 * `systems:` list repeating what the query already says.
 */
import { METRIC_NAMESPACE } from "../../forwarder/metrics/names";
import type { Integration } from "../model";
import { metricQueriesIn, parseMetricExpression } from "../query/parse";
import { selections } from "../query/selections";
import type { DetectionDoc } from "../validate/schema";

type Webhooks = Pick<Integration, "webhooks" | "upstream" | "downstream">;

/** Every metric query text of a detection. */
export function detectionQueries(d: DetectionDoc): string[] {
  switch (d.kind) {
    case "threshold":
    case "heartbeat":
    case "anomaly":
      return [d.query];
    case "error-rate":
      return [d.errors, d.total];
    case "reconciliation":
      return [d.upstream.count, d.downstream.count];
  }
}

/** Systems named by the forwarder queries among `queries` (destinations and the sources' senders), in the order the queries name them. */
export function forwarderSystems(integration: Webhooks, queries: readonly string[]): string[] {
  const out: string[] = [];
  for (const query of queries) {
    const parsed = parseMetricExpression(query);
    if (!parsed.ok) continue;
    for (const metric of metricQueriesIn(parsed.expr)) {
      if (!metric.metric.startsWith(`${METRIC_NAMESPACE}.`)) continue;
      for (const { key, values } of selections(metric)) {
        for (const value of values) {
          if (value.includes("*")) continue;
          const system = key === "destination" ? value : key === "source" ? webhookUpstreamSystem(integration, value) : undefined;
          if (system !== undefined) out.push(system);
        }
      }
    }
  }
  return [...new Set(out)];
}

/**
 * The system that sends a webhook: the one of the integration's systems named after the
 * webhook's `vendor` (`shopify` -> `shopify`, `hubspot` -> `hubspot`, or a `<vendor>-...` id),
 * else the integration's only upstream system. None when that is ambiguous (a generic-hmac
 * source of an integration with two upstream systems): a status page of the wrong vendor would
 * send the responder the wrong way.
 */
export function webhookUpstreamSystem(integration: Webhooks, webhookId: string): string | undefined {
  const hook = integration.webhooks.find((w) => w.id === webhookId);
  if (!hook) return undefined;
  const systems = [...new Set([...integration.upstream, ...integration.downstream])];
  const named = systems.filter((s) => s === hook.vendor || s.startsWith(`${hook.vendor}-`));
  if (named.length === 1) return named[0];
  return named.length === 0 && integration.upstream.length === 1 ? integration.upstream[0] : undefined;
}
