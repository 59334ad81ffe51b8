/**
 * The error-budget freeze's pure half: what counts as a relevant change (one row per
 * weakening rule, and rows that must NOT count), what an SLO history means, and the decision.
 */
import { strict as assert } from "node:assert";
import type { Inventory } from "../compiler/model";
import { budgetConsumedPercent, budgetRemainingPercent, burnRate } from "../ops/budget/budgetMath";
import { relevantChanges, type ChangeRule } from "../ops/budget/changes";
import { findDatadogSlo } from "../ops/budget/datadogSlos";
import { decide, exitCode, keysUnavailable, OVERRIDE_LABEL, type GateInput } from "../ops/budget/decide";
import { actionsNotice, renderJson, renderMarkdown, renderText } from "../ops/budget/render";
import { sloStatus, slosToCheck, type SloStatus } from "../ops/budget/sloStatus";
import { describeScope, scopeSlos } from "../ops/budget/scope";
import { touchedIntegrations, type TouchedIntegration, type TouchReason } from "../ops/change/touched";
import { PROD_SETTINGS, revision, type Revision } from "./support/budgetRevision";
import { loadFixture, replaceOnce, validateFixture, type Fixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const INT6 = "inventory/integrations/integration-0006.yaml";

type Edit = (f: Fixture) => void;
const edit = (from: string, to: string, file = INT1): Edit => (f) => f.files.set(file, replaceOnce(f.files.get(file)!, from, to));
const remove = (file: string): Edit => (f) => f.files.delete(file);

function inventory(...edits: Edit[]): Inventory {
  const f = loadFixture();
  for (const e of edits) e(f);
  const result = validateFixture(f);
  assert.ok(result.inventory, `the edited fixture should stay valid: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.inventory;
}

/** The failure mode blocks of integration-0001, to cut one out. */
const API_ERRORS_BLOCK = `  - id: api-errors
    title: CRM API errors
    frequency: weekly
    response: page
    detection:
      kind: error-rate
      errors: count:martech.forwarder.settled{integration:integration-0001,!outcome:forwarded}
      total: count:martech.forwarder.settled{integration:integration-0001}
      window: 15m
      maxPercent: 5
`;
const ACCEPTED_SLO_BLOCK = `  - id: accepted
    description: Webhook deliveries accepted by the forwarder.
    objective: 99.9
    window: 7d
    alerting: { slow: off }   # 10% of a 7-day budget in 24h is 0.7x: it would fire while on track
    sli:
      good: count:martech.forwarder.enqueued{integration:integration-0001}
      total: count:martech.forwarder.received{integration:integration-0001}
`;
const TO_ABOVE = edit("      below: 100\n", "      above: 100\n");

interface Row {
  readonly name: string;
  /** Edits to the base inventory (default: none); `now` edits the untouched fixture. */
  readonly base?: Edit[];
  readonly now: Edit[];
  /** Exactly the changes expected: rule, integration, subject. */
  readonly expect: readonly [ChangeRule, string, string?][];
  /** Words the (single) change's detail must contain. */
  readonly says?: string;
}

const ROWS: Row[] = [
  // Weakening, one row per rule.
  { name: "a failure mode removed", now: [edit(API_ERRORS_BLOCK, "")], expect: [["failure-mode-removed", "integration-0001", "failure mode api-errors"]] },
  { name: "response page -> ticket", now: [edit("    frequency: weekly\n    response: page\n", "    frequency: weekly\n    response: ticket\n")], expect: [["response-downgraded", "integration-0001", "failure mode api-errors"]], says: "page -> ticket" },
  { name: "threshold above raised", base: [TO_ABOVE], now: [edit("      below: 100\n", "      above: 150\n")], expect: [["threshold-above-raised", "integration-0001", "failure mode rate-limit"]], says: "above raised 100 -> 150" },
  { name: "threshold below lowered", now: [edit("below: 100", "below: 50")], expect: [["threshold-below-lowered", "integration-0001", "failure mode rate-limit"]], says: "below lowered 100 -> 50" },
  { name: "threshold switched from below to above", now: [TO_ABOVE], expect: [["threshold-direction-changed", "integration-0001", "failure mode rate-limit"]], says: "below 100 -> above 100" },
  { name: "error-rate maxPercent raised", now: [edit("maxPercent: 5", "maxPercent: 7.5")], expect: [["max-percent-raised", "integration-0001", "failure mode api-errors"]], says: "maxPercent raised 5 -> 7.5" },
  { name: "reconciliation maxDropPercent raised", now: [edit("maxDropPercent: 5", "maxDropPercent: 10")], expect: [["max-drop-percent-raised", "integration-0001", "failure mode field-deprecated"]] },
  { name: "heartbeat silentMinutes raised", now: [edit("silentMinutes: 60", "silentMinutes: 120")], expect: [["silent-minutes-raised", "integration-0001", "failure mode silent"]] },
  { name: "anomaly deviations raised (from the default 2)", now: [edit("      direction: below\n", "      direction: below\n      deviations: 3\n")], expect: [["deviations-raised", "integration-0001", "failure mode volume-drop"]], says: "deviations raised 2 -> 3" },
  { name: "anomaly direction narrowed", base: [edit("direction: below", "direction: both")], now: [], expect: [["direction-narrowed", "integration-0001", "failure mode volume-drop"]], says: "both -> below" },
  { name: "a window lengthened (1h -> 90m is longer despite the smaller number)", now: [edit("      window: 15m\n      maxPercent: 5", "      window: 1h\n      maxPercent: 5")], expect: [["window-lengthened", "integration-0001", "failure mode api-errors"]], says: "15m -> 1h" },
  { name: "evaluation delay raised", now: [edit("evaluationDelaySeconds: 300", "evaluationDelaySeconds: 900")], expect: [["evaluation-delay-raised", "integration-0001", "failure mode rate-limit"]] },
  { name: "detection kind changed", now: [edit("      kind: heartbeat\n", "      kind: anomaly\n      window: 1h\n      direction: below\n"), edit("      silentMinutes: 60\n", "")], expect: [["kind-changed", "integration-0001", "failure mode silent"]], says: "heartbeat -> anomaly" },
  { name: "several weakenings of one failure mode are each listed", now: [edit("      window: 15m\n      maxPercent: 5", "      window: 30m\n      maxPercent: 10")], expect: [["max-percent-raised", "integration-0001", "failure mode api-errors"], ["window-lengthened", "integration-0001", "failure mode api-errors"]] },
  { name: "an SLO objective lowered", now: [edit("objective: 99.9", "objective: 99.5")], expect: [["slo-objective-lowered", "integration-0001", "SLO accepted"]], says: "99.9% -> 99.5%" },
  { name: "an SLO's fast burn-rate alert lowered from page to ticket", now: [edit("alerting: { slow: off }", "alerting: { slow: off, fast: ticket }")], expect: [["burn-alert-downgraded", "integration-0001", "SLO accepted"]], says: "fast burn-rate alert page -> ticket" },
  { name: "an SLO retired", now: [edit("    objective: 99.9\n", "    objective: 99.9\n    retired: { reason: replaced by delivered-within-60s }\n")], expect: [["slo-retired", "integration-0001", "SLO accepted"]] },
  { name: "a live SLO removed", now: [edit(ACCEPTED_SLO_BLOCK, "")], expect: [["slo-removed", "integration-0001", "SLO accepted"]] },
  { name: "an integration removed", now: [remove(INT6)], expect: [["integration-removed", "integration-0006"]], says: "with its 5 failure mode detection(s) and 2 live SLO(s)" },
  { name: "an integration added", base: [remove(INT6)], now: [], expect: [["integration-added", "integration-0006"]] },
  // Not weakening: these must not need error budget.
  { name: "no change at all", now: [], expect: [] },
  { name: "threshold below raised (fires sooner)", now: [edit("below: 100", "below: 200")], expect: [] },
  { name: "maxPercent lowered, window shortened", now: [edit("      window: 15m\n      maxPercent: 5", "      window: 5m\n      maxPercent: 2")], expect: [] },
  { name: "response ticket -> page", now: [edit("    frequency: monthly\n    response: ticket\n", "    frequency: monthly\n    response: page\n")], expect: [] },
  { name: "a query rewritten (not judged)", now: [edit("query: avg:hubspot.api.rate_limit.remaining{integration:integration-0001}", "query: min:hubspot.api.rate_limit.remaining{integration:integration-0001}")], expect: [] },
  { name: "anomaly direction widened to both", now: [edit("direction: below", "direction: both")], expect: [] },
  { name: "a burn-rate tier raised to page", now: [edit("alerting: { slow: off }", "alerting: { slow: off, medium: page }")], expect: [] },
  { name: "an SLO objective raised", now: [edit("objective: 99.9", "objective: 99.95")], expect: [] },
  { name: "an SLO added", now: [edit("failureModes:\n", `${ACCEPTED_SLO_BLOCK.replace("id: accepted", "id: accepted-fast")}failureModes:\n`)], expect: [] },
  { name: "an already retired SLO removed", base: [edit("    objective: 99.9\n", "    objective: 99.9\n    retired: { reason: replaced }\n")], now: [edit(ACCEPTED_SLO_BLOCK, "")], expect: [] },
  { name: "a failure mode renamed with previousIds", now: [edit("  - id: api-errors\n", "  - id: crm-api-errors\n    previousIds: [api-errors]\n")], expect: [] },
  { name: "an integration renamed with previousIds", now: [edit("id: integration-0006\n", "id: integration-0006-v2\npreviousIds: [integration-0006]\nrunbook: integration-0006.md\n", INT6)], expect: [] },
];

describe("budget-gate: what needs error budget", () => {
  for (const row of ROWS) {
    it(`${row.expect.length ? "needs budget" : "does not"}: ${row.name}`, () => {
      const changes = relevantChanges(inventory(...(row.base ?? [])), inventory(...row.now));
      assert.deepEqual(
        changes.map((c) => [c.rule, c.integration, c.subject].filter((x) => x !== undefined)),
        row.expect.map((e) => e.filter((x) => x !== undefined)),
      );
      for (const c of changes) assert.equal(c.kind, c.rule === "integration-added" ? "added" : "weakened");
      if (row.says) assert.match(changes[0].detail, new RegExp(row.says.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    });
  }

  it("treats every integration as added when the base has no valid inventory", () => {
    const changes = relevantChanges(undefined, inventory());
    assert.deepEqual(changes.map((c) => c.integration), ["integration-0005", "integration-0001", "integration-0006", "integration-0002", "integration-0003", "integration-0004"]);
    assert.ok(changes.every((c) => c.rule === "integration-added"));
  });
});

describe("budget-gate: which SLOs are checked", () => {
  it("checks the base's live SLOs under their base ids, not SLOs the change adds", () => {
    const base = inventory(edit("    objective: 99.9\n", "    objective: 99.9\n    retired: { reason: replaced }\n"));
    const now = inventory(edit("id: integration-0006\n", "id: integration-0006-v2\npreviousIds: [integration-0006]\nrunbook: integration-0006.md\n", INT6));
    const checked = slosToCheck(base, now);
    assert.equal(checked.length, 11);
    assert.ok(!checked.some((s) => s.integration === "integration-0001" && s.slo === "accepted"), "retired at the base: not checked");
    assert.ok(checked.some((s) => s.integration === "integration-0006"), "the deployed SLO still carries the old integration tag");
    assert.deepEqual(checked[0], { integration: "integration-0005", slo: "delivered-within-60s", objective: 99.5, window: "30d" });
  });

  it("falls back to the working tree's live SLOs without a base inventory", () => {
    assert.equal(slosToCheck(undefined, inventory()).length, 12);
  });
});

describe("budget-gate: what a change touches", () => {
  const INT3_RUNBOOK = "integration-0003.md";
  const RENAMED_6 = (f: Fixture) => f.files.set(INT6, replaceOnce(f.files.get(INT6)!, "id: integration-0006\n", "id: integration-0006-v2\npreviousIds: [integration-0006]\nrunbook: integration-0006.md\n"));
  const TABLE: [string, Revision, Revision, [string, TouchReason[]][]][] = [
    ["nothing", revision(), revision(), []],
    ["a comment in an integration's file", revision(), revision((f) => f.files.set(INT1, `${f.files.get(INT1)!}# reviewed\n`)), [["integration-0001", ["inventory file"]]]],
    ["a runbook's prose", revision(), revision((f) => f.runbooks.set(INT3_RUNBOOK, `${f.runbooks.get(INT3_RUNBOOK)!}\nOne more sentence.\n`)), [["integration-0003", ["runbook"]]]],
    [
      "a team's chat channel (teams.yaml): every integration whose monitors notify it",
      revision(),
      revision((f) => f.files.set("inventory/teams.yaml", replaceOnce(f.files.get("inventory/teams.yaml")!, '"#revenue-operations-alerts"', '"#revops-alerts"'))),
      [
        ["integration-0005", ["planned resources"]],
        ["integration-0001", ["planned resources"]],
        ["integration-0003", ["planned resources"]],
      ],
    ],
    ["an integration added", revision(remove(INT6)), revision(), [["integration-0006", ["added", "inventory file", "planned resources"]]]],
    ["an integration removed", revision(), revision(remove(INT6)), [["integration-0006", ["removed", "inventory file", "planned resources"]]]],
    ["an integration renamed through previousIds: one integration, under its new id", revision(), revision(RENAMED_6), [["integration-0006-v2", ["inventory file", "planned resources"]]]],
  ];
  for (const [name, base, now, expected] of TABLE) {
    it(name, () => {
      const touched = touchedIntegrations(base.view, now.view, PROD_SETTINGS);
      assert.deepEqual(touched.map((t) => [t.integration, t.reasons]), expected);
    });
  }

  it("its alert tests file (tests/<id>.yaml beside the integration files)", () => {
    const base = revision();
    const inventoryFiles = new Map(base.view.inventoryFiles).set("integrations/tests/integration-0002.yaml", { file: "inventory/integrations/tests/integration-0002.yaml", text: "alertTests: []\n" });
    const touched = touchedIntegrations(base.view, { ...base.view, inventoryFiles }, PROD_SETTINGS);
    assert.deepEqual(touched, [{ integration: "integration-0002", reasons: ["alert tests"] }]);
  });

  it("everything, as added, when the base has no valid inventory", () => {
    const now = revision();
    const touched = touchedIntegrations({ ...now.view, inventory: undefined }, now.view, PROD_SETTINGS);
    assert.deepEqual(touched.map((t) => [t.integration, t.reasons]), now.inventory.integrations.map((i) => [i.id, ["added"]]));
  });
});

describe("budget-gate: which SLOs the scope considers", () => {
  const FULL = inventory();
  const touched = (...ids: string[]): TouchedIntegration[] => ids.map((integration) => ({ integration, reasons: ["inventory file"] }));
  const ids = (slos: readonly { integration: string; slo: string }[]) => [...new Set(slos.map((s) => s.integration))];

  it("integration: the touched integrations' SLOs only", () => {
    const { slos, summary } = scopeSlos("integration", touched("integration-0001"), FULL, FULL);
    assert.deepEqual(ids(slos), ["integration-0001"]);
    assert.deepEqual([summary.considered, summary.outOfScope], [2, 10]);
    assert.equal(describeScope(summary), "This change touches integration-0001 (its inventory file changed). Scope integration: only the SLOs of those integrations count: 2 deployed SLO(s) considered, 10 of other integrations left out.");
  });

  it("team: every SLO of the teams owning a touched integration", () => {
    const { slos, summary } = scopeSlos("team", touched("integration-0001"), FULL, FULL);
    assert.deepEqual(ids(slos), ["integration-0005", "integration-0001", "integration-0003"]);
    assert.deepEqual(summary.teams, ["revenue-operations"]);
  });

  it("team: a change of owner counts the old team and the new one", () => {
    const moved = inventory(edit("owner: revenue-operations", "owner: growth-engineering"));
    const { slos, summary } = scopeSlos("team", touched("integration-0001"), FULL, moved);
    assert.deepEqual(summary.teams, ["growth-engineering", "revenue-operations"]);
    assert.equal(slos.length, 12);
  });

  it("integration: a renamed integration's deployed SLOs still carry its old id, and count", () => {
    const renamed = inventory(edit("id: integration-0006\n", "id: integration-0006-v2\npreviousIds: [integration-0006]\nrunbook: integration-0006.md\n", INT6));
    const { slos } = scopeSlos("integration", touched("integration-0006-v2"), FULL, renamed);
    assert.deepEqual(ids(slos), ["integration-0006"]);
  });

  it("organisation: every deployed SLO", () => {
    const { slos, summary } = scopeSlos("organisation", touched("integration-0001"), FULL, FULL);
    assert.equal(slos.length, 12);
    assert.equal(summary.outOfScope, 0);
    assert.match(describeScope(summary), /Scope organisation: every deployed SLO counts: 12 deployed SLO\(s\) considered\.$/);
  });
});

describe("budget-gate: an SLO's history", () => {
  const SLO = { integration: "web", slo: "delivered", objective: 99.5, window: "30d" as const };

  it("uses Datadog's remaining budget, and exhausted means remaining <= 0", () => {
    assert.equal(sloStatus(SLO, { sliValue: 99.8, errorBudgetRemaining: 60 }).state, "healthy");
    assert.equal(sloStatus(SLO, { sliValue: 99.5, errorBudgetRemaining: 0 }).state, "exhausted");
    assert.equal(sloStatus(SLO, { sliValue: 99.1, errorBudgetRemaining: -80 }).state, "exhausted");
  });

  it("takes the remaining budget as read: the history normalizer computes it from the SLI (datadogClient tests), not a second fallback here", () => {
    const s = sloStatus(SLO, { sliValue: 99.75, errorBudgetRemaining: null });
    assert.equal(s.state, "unknown");
    assert.equal(s.attainment, 99.75);
  });

  it("counts an SLO created less than one window ago as unknown, whatever its partial window reads; from one window on it counts", () => {
    const nowS = 1764892800;
    const spent = { sliValue: 99.1, errorBudgetRemaining: -80 };
    const young = sloStatus(SLO, spent, { createdAtS: nowS - 30 * 86400 + 1, nowS });
    assert.equal(young.state, "unknown");
    assert.equal(young.note, "created in Datadog on 2025-11-05, less than its 30d window ago, so its budget is not yet measured over a whole window");
    assert.equal(sloStatus(SLO, spent, { createdAtS: nowS - 30 * 86400, nowS }).state, "exhausted");
  });

  it("counts no data as unknown", () => {
    const s = sloStatus(SLO, { sliValue: null, errorBudgetRemaining: null });
    assert.equal(s.state, "unknown");
    assert.match(s.note!, /no data for it over the last 30d/);
  });

  it("budget arithmetic: burn rate, remaining, a week's share of a 30-day budget", () => {
    assert.ok(Math.abs(burnRate(99, 99.5) - 2) < 1e-9);
    assert.ok(Math.abs(budgetRemainingPercent(99, 99.5) - -100) < 1e-9);
    // Burning at 1x for one week spends 7/30 of a 30-day budget.
    assert.ok(Math.abs(budgetConsumedPercent(99.5, 99.5, 7 * 86400, 30 * 86400) - 70 / 3) < 1e-9);
  });
});

describe("budget-gate: finding the Datadog SLO", () => {
  const dd = (id: string, tags: string[]) => ({ id, name: id, type: "metric", tags, thresholds: [] });
  const SLOS = [
    dd("a1", ["integration:web", "slo:delivered", "env:prod", "managed-by:pulumi"]),
    dd("a2", ["integration:web", "slo:delivered", "env:staging"]),
    dd("b1", ["integration:web", "slo:complete", "env:prod"]),
    dd("b2", ["Integration:Web", "slo:complete", "env:prod"]),
  ];

  it("matches on integration, slo and env tags", () => {
    assert.equal(findDatadogSlo(SLOS, "web", "delivered", "prod").slo?.id, "a1");
    assert.equal(findDatadogSlo(SLOS, "web", "delivered", "staging").slo?.id, "a2");
  });
  it("reports a missing SLO with the tags looked for", () => {
    assert.equal(findDatadogSlo(SLOS, "ads", "delivered", "prod").problem, "not found in Datadog (no SLO tagged integration:ads, slo:delivered, env:prod)");
  });
  it("trusts neither of two SLOs claiming one inventory SLO", () => {
    assert.match(findDatadogSlo(SLOS, "web", "complete", "prod").problem!, /2 Datadog SLOs are tagged .* \(b1, b2\)/);
  });
});

describe("budget-gate: the decision", () => {
  const INPUT: GateInput = { base: "origin/main", override: false, changes: [{ kind: "added", rule: "integration-added", integration: "new-one", detail: "integration new-one is added" }] };
  const status = (over: Partial<SloStatus>): SloStatus => ({ integration: "web", slo: "delivered", objective: 99.5, window: "30d", state: "healthy", attainment: 99.8, budgetRemaining: 60, datadogId: "abc", ...over });
  const EXHAUSTED = status({ state: "exhausted", attainment: 99.1, budgetRemaining: -80 });
  const MISSING = status({ slo: "complete", state: "missing", attainment: null, budgetRemaining: null, note: "not found in Datadog (no SLO tagged integration:web, slo:complete, env:prod)", datadogId: undefined });
  const UNKNOWN = status({ slo: "fresh", state: "unknown", attainment: null, budgetRemaining: null, note: "Datadog has no data for it over the last 30d" });

  it("passes when every budget is left", () => {
    const r = decide(INPUT, [status({})]);
    assert.equal(r.decision, "pass");
    assert.equal(exitCode(r.decision), 0);
  });

  it("fails naming each exhausted SLO with attainment, objective and remaining budget, and the override", () => {
    const r = decide(INPUT, [status({}), EXHAUSTED]);
    assert.equal(r.decision, "fail");
    assert.equal(exitCode(r.decision), 1);
    assert.ok(r.reasons.includes("web SLO delivered: error budget exhausted, attainment 99.1% vs objective 99.5% over 30d, -80% of the budget remaining."));
    assert.ok(r.reasons.some((x) => x.includes(`label ${OVERRIDE_LABEL}`) && x.includes("--override")));
  });

  it("fails closed on an SLO missing from Datadog", () => {
    const r = decide(INPUT, [MISSING]);
    assert.equal(r.decision, "fail");
    assert.ok(r.reasons.includes("web SLO complete: missing, not found in Datadog (no SLO tagged integration:web, slo:complete, env:prod); counted as exhausted."));
  });

  it("lists an unknown SLO (young, or no data) without blocking on it", () => {
    const r = decide(INPUT, [status({}), UNKNOWN]);
    assert.equal(r.decision, "pass");
    assert.deepEqual(r.reasons, [
      "1 change(s) need error budget, and 1 of the 2 SLO(s) considered have error budget left, and 1 are unknown, which does not block.",
      "web SLO fresh: unknown, Datadog has no data for it over the last 30d; it does not block.",
    ]);
  });

  it("without keys: a pull request is skipped (exit 0), main is an error (exit 1)", () => {
    const message = "DD_API_KEY and DD_APP_KEY are not set: export the Datadog API and application keys (from a secret store, never on the command line).";
    const pr = keysUnavailable({ ...INPUT, on: "pull-request" }, message, 3);
    assert.deepEqual([pr.decision, exitCode(pr.decision)], ["skipped", 0]);
    assert.match(pr.reasons[0], /so the 3 SLO\(s\) in scope were not read/);
    assert.match(renderText(pr), /^::notice title=Error-budget gate skipped::Datadog keys .* before the deploy\.\nbudget-gate against origin\/main: not checked/);
    const main = keysUnavailable({ ...INPUT, on: "main" }, message, 3);
    assert.deepEqual([main.decision, exitCode(main.decision)], ["error", 1]);
    assert.equal(main.error, "DD_API_KEY and DD_APP_KEY are not set: export the Datadog API and application keys (from a secret store, never on the command line); on main the gate needs them, so the deploy waits until they are set.");
  });

  it("escapes the notice as a workflow command, so no text can end it early or start another", () => {
    assert.equal(actionsNotice("Gate: skipped, twice", "50% done\r\n::error::forged"), "::notice title=Gate%3A skipped%2C twice::50%25 done%0D%0A::error::forged");
  });

  it("passes an exhausted budget with --override, and records it everywhere", () => {
    const r = decide({ ...INPUT, override: true }, [EXHAUSTED]);
    assert.equal(r.decision, "overridden");
    assert.equal(exitCode(r.decision), 0);
    assert.match(renderText(r), /OVERRIDDEN by label[\s\S]*overridden by the PR label error-budget-override/);
    assert.match(renderMarkdown(r), /### Error-budget freeze: pass, freeze OVERRIDDEN by label/);
    const json = JSON.parse(renderJson(r));
    assert.equal(json.decision, "overridden");
    assert.equal(json.override, true);
    assert.equal(json.slos[0].state, "exhausted");
  });

  it("renders the SLO table in markdown with each state", () => {
    const md = renderMarkdown(decide(INPUT, [status({}), EXHAUSTED, MISSING, UNKNOWN]));
    assert.ok(md.includes("| web | delivered | healthy | 99.8% | 99.5% | 30d | 60% |"));
    assert.ok(md.includes("| web | delivered | exhausted | 99.1% | 99.5% | 30d | -80% |"));
    assert.ok(md.includes("| web | complete | missing (blocks): not found in Datadog (no SLO tagged integration:web, slo:complete, env:prod) | unknown | 99.5% | 30d | unknown |"));
    assert.ok(md.includes("| web | fresh | unknown (does not block): Datadog has no data for it over the last 30d | unknown | 99.5% | 30d | unknown |"));
  });
});
