/**
 * What `new-integration` writes: the templates with the id, the tier and the failure mode's
 * response filled in, and comments saying what that choice creates. The burn-rate words come
 * from the policy the lowering applies (lower/burnRate.ts `burnPolicy`), so the scaffold never
 * promises an alert the plan does not create; test/newIntegration.test.ts lowers every variant.
 */
import { BURN_TIERS, burnPolicy } from "../compiler/lower/burnRate";

export const SCAFFOLD_TIERS = [1, 2, 3] as const;
export const SCAFFOLD_RESPONSES = ["ticket", "page"] as const;
export type ScaffoldTier = (typeof SCAFFOLD_TIERS)[number];
export type ScaffoldResponse = (typeof SCAFFOLD_RESPONSES)[number];

export interface ScaffoldOptions {
  readonly id: string;
  readonly tier: ScaffoldTier;
  /** How the scaffold's one failure mode is answered: `ticket` makes the integration ticket-only. */
  readonly response: ScaffoldResponse;
}

/** A supporting, ticket-only integration: nothing pages until someone decides it should. */
export const SCAFFOLD_DEFAULTS = { tier: 3, response: "ticket" } as const satisfies Omit<ScaffoldOptions, "id">;

/** Each burn-rate tier's response with the tier defaults (no `alerting:`), e.g. "fast page, medium ticket, slow ticket". */
export function scaffoldBurnAlerts(tier: ScaffoldTier, response: ScaffoldResponse): string {
  // The scaffold's one failure mode is all it has, so a ticket there makes the integration ticket-only.
  const policy = burnPolicy(tier, undefined, response === "ticket");
  return BURN_TIERS.map(({ id }) => `${id} ${policy[id]}`).join(", ");
}

/** The scaffold's intent in one sentence, at the top of the YAML. */
export function scaffoldIntent(response: ScaffoldResponse): string {
  return response === "ticket"
    ? "Scaffolded ticket-only: every alert opens a ticket in the owner team's chat channel; nothing pages, and no PagerDuty service is created."
    : "Scaffolded to page: its failure mode pages the rotation through a PagerDuty service of its own.";
}

/** A template with every `__NAME__` filled in; a name it does not know is an error, never left in the file. */
export function renderTemplate(template: string, options: ScaffoldOptions): string {
  const values: Record<string, string> = {
    __ID__: options.id,
    __TIER__: String(options.tier),
    __RESPONSE__: options.response,
    __BURN_ALERTS__: scaffoldBurnAlerts(options.tier, options.response),
    __INTENT__: scaffoldIntent(options.response),
  };
  return template.replace(/__[A-Z_]+__/g, (name) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder ${name} is not one new-integration fills in`);
    return value;
  });
}
