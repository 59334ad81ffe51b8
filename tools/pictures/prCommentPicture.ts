/**
 * The PR comment a realistic change to the sample gets (README, "The PR comment"), drawn as
 * GitHub shows it: web-lead-form-to-crm's SLO lead-complete-in-salesforce lowered from 99.9 to
 * 99.5 and its reconciliation monitor's drop threshold raised from 5% to 8%, the runbook
 * updated to match. The comment is made as CI makes it, by the same functions: the sample is
 * committed as `main` in a temporary git repository, the edit left in its working tree, then
 * `plan --base main --review` (the changes, the upcoming change freezes), `budget-gate --on
 * pull-request` (against the recorded Datadog SLOs of test/fixtures/api, replayed on 127.0.0.1)
 * and `pr-comment` with the preview passed. One fixed clock, ten days before the sample's Black
 * Friday freeze; nothing of the temporary folder's path or commit reaches the picture.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planAgainstBase, inventoryAtRef } from "../../cli/planBase";
import { readStackConfig } from "../../cli/stackConfig";
import { checkInventory, type InventoryLocation } from "../../compiler/checkInventory";
import { formatDiagnostic } from "../../compiler/diagnostics";
import { lowerInventory } from "../../compiler/lower/lowerInventory";
import { settingsFromConfig } from "../../compiler/lower/settings";
import { plannedResources } from "../../compiler/plan/plannedResource";
import { exitCode } from "../../ops/budget/decide";
import { runGate } from "../../ops/budget/gate";
import { touchedIntegrations } from "../../ops/change/touched";
import { workingTreeView } from "../../ops/change/workingTree";
import { DatadogClient } from "../../ops/datadog/client";
import { composeComment } from "../../ops/prComment/compose";
import { buildPlanReview } from "../../ops/prComment/planReview";
import { upcomingFreezeReport } from "../../ops/release/upcomingFreezeReport";
import { loadFixture, startReplayServer } from "../../test/support/apiReplay";
import { commentSvg } from "./commentSvg";
import type { Picture } from "./picture";

const ROOT = join(__dirname, "..", "..");
/** Ten days before the sample's Black Friday freeze (inventory/change-freezes.yaml), which this change would meet. */
const NOW = Date.parse("2026-11-16T15:00:00Z");
const BASE = "main";
const INTEGRATION = "web-lead-form-to-crm";

/** The pull request: [file under the sample, text before, text after], each found exactly once. */
const EDITS: readonly (readonly [string, string, string])[] = [
  [`inventory/integrations/${INTEGRATION}.yaml`, "  - id: lead-complete-in-salesforce\n    description: HubSpot contacts created from web forms that exist in Salesforce with every required routing field populated.\n    objective: 99.9", "  - id: lead-complete-in-salesforce\n    description: HubSpot contacts created from web forms that exist in Salesforce with every required routing field populated.\n    objective: 99.5"],
  [`inventory/integrations/${INTEGRATION}.yaml`, "      window: 4h\n      maxDropPercent: 5", "      window: 4h\n      maxDropPercent: 8"],
  [`runbooks/${INTEGRATION}.md`, "`lead-complete-in-salesforce` (99.9% over 30 days)", "`lead-complete-in-salesforce` (99.5% over 30 days)"],
  [`runbooks/${INTEGRATION}.md`, "alert when more than 5% are missing", "alert when more than 8% are missing"],
];

export function prCommentPicture(): Picture {
  const alt = `The PR comment for a change to the sample that lowers ${INTEGRATION}'s SLO lead-complete-in-salesforce from 99.9% to 99.5% and raises its reconciliation monitor's threshold from 5% to 8%: the verdict line first, the error-budget gate with the SLOs it read, the change freeze the change would meet, the changes folded under the two edits with their weakened detections flagged, and the whole plan collapsed by integration`;
  return { file: "pr-comment.svg", alt, render: async () => commentSvg(await sampleComment(), { title: alt, author: "github-actions", action: "bot commented" }) };
}

/** The comment's markdown, as `pr-comment` writes it. */
export async function sampleComment(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "pr-comment-picture-"));
  try {
    const location = pullRequestCheckout(dir);
    const checked = checkInventory(location);
    if (!checked.inventory) throw new Error(`the edited sample does not validate:\n${checked.diagnostics.map(formatDiagnostic).join("\n")}`);
    const inventory = checked.inventory;
    const config = readStackConfig("prod", ROOT);
    const settings = settingsFromConfig((k) => config[k] || undefined, NOW);
    // plan --base main --review FILE (cli/plan.ts)
    const resources = plannedResources(lowerInventory(inventory, settings));
    const changes = planAgainstBase(BASE, location, settings, resources, inventory);
    const freezes = upcomingFreezeReport(BASE, location, settings, inventory, NOW);
    const review = buildPlanReview({ ref: BASE, report: changes, inventory, baseInventory: changes.baseInventory, baseNote: changes.baseNote, baseError: changes.baseError, freezes: freezes?.markdown, resources });
    // budget-gate --base main --on pull-request (cli/budgetGate.ts), Datadog replayed
    const base = inventoryAtRef(BASE, location);
    const server = await startReplayServer([...loadFixture("datadog", "slo-list"), ...loadFixture("datadog", "slo-history")]);
    try {
      const gate = await runGate({
        base: BASE,
        baseInventory: base.inventory,
        baseNote: base.note,
        inventory,
        touched: touchedIntegrations({ inventory: base.inventory, ...base.sources }, workingTreeView(location, inventory), settings),
        on: "pull-request",
        override: false,
        environment: settings.environment,
        nowS: Math.floor(NOW / 1000),
        datadog: () => new DatadogClient({ apiKey: "recorded", appKey: "recorded", baseUrl: server.url }),
      });
      // pr-comment, once the preview has passed (cli/prComment.ts)
      return composeComment({ plan: review, planExit: review.blocking ? "1" : "0", withBudget: true, budget: gate, budgetExit: String(exitCode(gate.decision)), preview: { result: "success", ran: "true" } }).body;
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sample committed as `main` in `dir`, the pull request's edits in the working tree. */
function pullRequestCheckout(dir: string): InventoryLocation {
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=pictures@example.com", "-c", "user.name=pictures", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: "pipe" });
  for (const folder of ["inventory", "runbooks"]) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "the sample");
  for (const [file, from, to] of EDITS) writeFileSync(join(dir, file), replaceOnce(readFileSync(join(dir, file), "utf8"), from, to, file));
  return { inventoryDir: join(dir, "inventory"), runbooksDir: join(dir, "runbooks") };
}

function replaceOnce(text: string, from: string, to: string, file: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${file} no longer holds exactly one ${JSON.stringify(from.split("\n").pop())}: update EDITS in tools/pictures/prCommentPicture.ts`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
