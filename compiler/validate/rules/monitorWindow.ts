/**
 * monitor-window: a detection window Datadog cannot evaluate. A metric monitor's custom
 * evaluation window is 1 minute to 1 month, 730h in the API ("custom to set a value between
 * 1 minute and 48 hours (1 month for metric monitors)",
 * https://docs.datadoghq.com/monitors/configuration/#evaluation-window); the API rejects a
 * monitor outside it, so `check` does first.
 */
import { MAX_WINDOW_SECONDS, windowSeconds } from "../../monitorLimits";
import type { Rule } from "../ruleContext";

export const monitorWindow: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.failureModes.forEach((mode, i) => {
      const d = mode.detection;
      if (!("window" in d)) return;
      // Only the upper bound can be crossed: the schema's DURATION_PATTERN starts at 1m, Datadog's shortest window (MIN_WINDOW_SECONDS).
      if (windowSeconds(d.window) <= MAX_WINDOW_SECONDS) return;
      ctx.report(file, ["failureModes", i, "detection", "window"], "monitor-window", `failure mode ${mode.id}: detection.window: ${d.window} is longer than 730h (about a month), outside the evaluation windows Datadog monitors accept (1m to 730h); use 30d or less`);
    });
  }
};
