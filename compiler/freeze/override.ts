/**
 * The freeze override: the `freeze-override` label on the merged pull request, and a reason on
 * a line of its own in its description, `Freeze override: <reason>`. The reason comes from the
 * description rather than the label's own description because a label is shared by every pull
 * request of the repository, while the reason belongs to this change (and the description is
 * reviewed with it). Both come from the pull request, so they are data to show, never markup:
 * render.ts makes them inert.
 */

export const FREEZE_OVERRIDE_LABEL = "freeze-override";

/** The longest reason kept; the rest is cut (the PR description still holds it all). */
export const MAX_REASON_LENGTH = 500;

/** What the workflow found on the merged pull request (cli/freezeGate.ts reads it from the environment). */
export interface OverrideRequest {
  readonly labels: readonly string[];
  /** The pull request's description. */
  readonly body?: string;
  /** Who applied the label (else who merged), a GitHub login. */
  readonly by?: string;
  readonly pullRequest?: number;
}

/** `Freeze override: Black Friday banner fix approved by J. Doe` -> its reason; undefined without such a line. */
export function overrideReason(body: string | undefined): string | undefined {
  for (const line of (body ?? "").split(/\r\n|\r|\n/)) {
    const m = /^\s*freeze override\s*:\s*(.*)$/i.exec(line);
    const reason = m?.[1]?.trim();
    if (reason) return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;
  }
  return undefined;
}

export const hasOverrideLabel = (request: OverrideRequest) => request.labels.includes(FREEZE_OVERRIDE_LABEL);
