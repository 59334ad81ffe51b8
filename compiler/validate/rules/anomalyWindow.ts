/**
 * anomaly-window: an anomaly monitor's alert window must hold at least five rollup intervals
 * ("`interval` ... should be smaller or equal to a fifth of the `alert_window` duration",
 * https://docs.datadoghq.com/monitors/types/anomaly/#query); with fewer points a single one
 * decides the alert.
 */
import { ANOMALY_MIN_ROLLUPS_PER_WINDOW, DEFAULT_ROLLUP_SECONDS, windowSeconds } from "../../monitorLimits";
import type { Rule } from "../ruleContext";

export const anomalyWindow: Rule = (ctx) => {
  for (const { value: integration, file } of ctx.integrations) {
    integration.failureModes.forEach((mode, i) => {
      const d = mode.detection;
      if (d.kind !== "anomaly") return;
      const rollup = d.rollupSeconds ?? DEFAULT_ROLLUP_SECONDS;
      const needed = rollup * ANOMALY_MIN_ROLLUPS_PER_WINDOW;
      if (windowSeconds(d.window) >= needed) return;
      const rollupWords = d.rollupSeconds === undefined ? `the default rollup of ${rollup} seconds` : `its rollup of ${rollup} seconds (rollupSeconds)`;
      ctx.report(file, ["failureModes", i, "detection", "window"], "anomaly-window", `failure mode ${mode.id}: detection.window: ${d.window} holds fewer than ${ANOMALY_MIN_ROLLUPS_PER_WINDOW} points at ${rollupWords}; Datadog needs the anomaly alert window to be at least ${ANOMALY_MIN_ROLLUPS_PER_WINDOW} rollups long, so use a window of ${formatSeconds(needed)} or more, or a shorter rollup`);
    });
  }
};

function formatSeconds(s: number): string {
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  return `${Math.ceil(s / 60)}m`;
}
