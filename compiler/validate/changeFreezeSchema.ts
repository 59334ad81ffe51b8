/**
 * The wire format of change freezes (README, "Change freezes"): a `kind: ChangeFreezes` file
 * holding windows of local time in an IANA time zone, each optionally scoped to integrations or
 * teams. Shapes only: an end not after its start, an unknown zone, overlaps and unknown scope
 * are the freeze rules' (validate/rules/freeze*.ts) and invalid-time-zone's.
 *
 * Reasons come from pull requests and are shown in the PR comment and the deploy summary, so
 * they are one bounded line; the list is bounded too.
 */
import { z } from "zod";
import { localTimeSchema } from "../time/localTimeSchema";

export const MAX_FREEZES = 200;
export const MAX_REASON_LENGTH = 300;
// C0 and C1 controls, DEL and the Unicode line and paragraph separators (diagnostics.ts escapes the same set).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

type Text = z.ZodType<string>;

/** `id` and `text` are schema.ts's, passed in so this module does not import it back (as maintenanceSchema does). */
export function changeFreezeSchemas(id: Text, text: Text) {
  const localTime = localTimeSchema("2026-11-26T00:00");
  const reason = text
    .refine((v) => !CONTROL.test(v), { error: "must be one line without control characters" })
    .refine((v) => v.length <= MAX_REASON_LENGTH, { error: `must be at most ${MAX_REASON_LENGTH} characters` });
  const scope = z
    .strictObject({
      integrations: z.array(id).min(1, { error: "list at least one integration, or leave integrations out" }).optional().describe("Integration ids: a change touching one of them is frozen."),
      teams: z.array(id).min(1, { error: "list at least one team, or leave teams out" }).optional().describe("Team ids: a change touching an integration the team owns is frozen."),
    })
    .refine((s) => s.integrations !== undefined || s.teams !== undefined, { error: "a scope lists integrations, teams or both; leave scope out to freeze everything" });
  const freeze = z.strictObject({
    id: id.describe("Stable, kebab-case: named in the gate's output and the PR comment."),
    reason: reason.describe("Why (a launch, Black Friday): shown wherever the freeze is."),
    start: localTime.describe("Local time of the first frozen minute, such as 2026-11-26T00:00."),
    end: localTime.describe("Local time of the first minute deploys are allowed again (2026-12-01T00:00 freezes all of 30 November)."),
    timeZone: text.describe("IANA time zone of start and end, such as America/New_York."),
    scope: scope.optional().describe("The integrations or teams frozen; leave it out to freeze every integration."),
  });
  const file = z.strictObject({
    version: z.string(),
    kind: z.literal("ChangeFreezes"),
    freezes: z.array(freeze).max(MAX_FREEZES, { error: `must list at most ${MAX_FREEZES} freezes; remove those that have ended` }),
  });
  return { freeze, file };
}
