/**
 * Change freezes (README, "Change freezes"): windows in their time zones as exact UTC instants
 * (midnight boundaries, daylight-saving changes), scope matching, the gate's decision and
 * override, the upcoming list for the PR comment, and inert rendering of pull-request text.
 */
import { strict as assert } from "node:assert";
import { describeWindow, freezeInstants, inEffect, toChangeFreeze, type ChangeFreeze, type ChangeFreezeDoc } from "../compiler/freeze/changeFreeze";
import { freezeHit, mergeChanges, type FreezeChange } from "../compiler/freeze/freezeChange";
import { decideFreeze, decideFreezeByShare, freezeExitCode, unionOfFreezes } from "../compiler/freeze/gate";
import { overrideReason, MAX_REASON_LENGTH } from "../compiler/freeze/override";
import { renderGateMarkdown, renderGateText, renderUpcomingMarkdown, renderUpcomingText } from "../compiler/freeze/render";
import { describeSharedPaths, sharedDeployPaths } from "../compiler/freeze/sharedPaths";
import { upcomingFreezes } from "../compiler/freeze/upcoming";
import { deployCommitsFromEnv } from "../ops/release/deployCommitsFromEnv";
import { loadFixture, validateFixture } from "./support/fixture";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const freeze = (over: Partial<ChangeFreezeDoc> = {}): ChangeFreeze =>
  toChangeFreeze({ id: "black-friday", reason: "Black Friday", start: "2026-11-26T00:00", end: "2026-12-01T00:00", timeZone: "America/New_York", ...over });

/** Integration id -> owning team, as the sample's. */
const change = (...ids: string[]): FreezeChange => ({ integrations: ids.map((id) => ({ id, teams: [id.startsWith("stripe") ? "revenue-operations" : "growth-engineering"] })) });
const NO_PR = { labels: [] };

describe("change freezes: windows in their time zones", () => {
  it("ends a window at local midnight: 23:59:59 is frozen, 00:00 is not (America/New_York, UTC-5 in winter)", () => {
    const f = freeze();
    assert.equal(iso(f.startsAt), "2026-11-26T05:00:00.000Z");
    assert.equal(iso(f.endsAt), "2026-12-01T05:00:00.000Z");
    assert.equal(inEffect(f, at("2026-12-01T04:59:59Z")), true, "23:59:59 on 30 November, New York");
    assert.equal(inEffect(f, at("2026-12-01T05:00:00Z")), false, "00:00 on 1 December, New York");
    assert.equal(inEffect(f, at("2026-11-26T04:59:59Z")), false, "a second before the start");
    assert.equal(inEffect(f, at("2026-11-26T05:00:00Z")), true, "the start itself");
  });

  it("ends a window at local midnight in Europe/Berlin too (UTC+1 in winter)", () => {
    const f = freeze({ start: "2026-12-24T00:00", end: "2026-12-27T00:00", timeZone: "Europe/Berlin" });
    assert.equal(inEffect(f, at("2026-12-26T22:59:59Z")), true);
    assert.equal(inEffect(f, at("2026-12-26T23:00:00Z")), false);
  });

  // [zone, start, end, UTC start, UTC end, hours]: windows across each daylight-saving change.
  const DST: [string, string, string, string, string, number][] = [
    ["Europe/Berlin", "2027-03-27T12:00", "2027-03-28T12:00", "2027-03-27T11:00:00.000Z", "2027-03-28T10:00:00.000Z", 23],
    ["Europe/Berlin", "2026-10-24T12:00", "2026-10-25T12:00", "2026-10-24T10:00:00.000Z", "2026-10-25T11:00:00.000Z", 25],
    ["America/New_York", "2027-03-13T00:00", "2027-03-15T00:00", "2027-03-13T05:00:00.000Z", "2027-03-15T04:00:00.000Z", 47],
    ["America/New_York", "2026-10-31T00:00", "2026-11-02T00:00", "2026-10-31T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 49],
    // RFC 5545 3.3.5: a repeated time (start) is its first occurrence, a skipped one (end) uses the offset before the gap.
    ["Europe/Berlin", "2026-10-25T02:30", "2027-03-28T02:30", "2026-10-25T00:30:00.000Z", "2027-03-28T01:30:00.000Z", 3697],
    ["America/New_York", "2026-11-01T01:30", "2027-03-14T02:30", "2026-11-01T05:30:00.000Z", "2027-03-14T07:30:00.000Z", 3194],
  ];
  for (const [zone, start, end, startUtc, endUtc, hours] of DST) {
    it(`${start} to ${end} ${zone} is ${startUtc} to ${endUtc} (${hours} h)`, () => {
      const instants = freezeInstants({ start, end, timeZone: zone })!;
      assert.equal(iso(instants.startsAt), startUtc);
      assert.equal(iso(instants.endsAt), endUtc);
      assert.equal((instants.endsAt - instants.startsAt) / 3_600_000, hours);
    });
  }

  it("keeps a window spanning spring-forward frozen to its last local second", () => {
    const f = freeze({ start: "2027-03-27T00:00", end: "2027-03-29T00:00", timeZone: "Europe/Berlin" });
    // 28 March is 23 hours long in Berlin: midnight ending it is 22:00Z, not 23:00Z.
    assert.equal(inEffect(f, at("2027-03-28T21:59:59Z")), true);
    assert.equal(inEffect(f, at("2027-03-28T22:00:00Z")), false);
    assert.equal(describeWindow(f), "2027-03-27 00:00 to 2027-03-29 00:00 Europe/Berlin");
  });

  it("describes a skipped start as the clock shows it", () => {
    assert.equal(describeWindow(freeze({ start: "2027-03-28T02:30", end: "2027-03-28T05:00", timeZone: "Europe/Berlin" })), "2027-03-28 03:30 to 2027-03-28 05:00 Europe/Berlin");
  });
});

describe("change freezes: scope", () => {
  const scoped = (integrations: string[], teams: string[] = []) => freeze({ scope: { integrations, teams } });

  it("an unscoped freeze covers whatever integration a change touches", () => {
    assert.deepEqual(freezeHit(freeze(), change("web-lead-form-to-crm")), { integrations: ["web-lead-form-to-crm"] });
  });

  it("a freeze scoped to integrations covers only those", () => {
    const f = scoped(["shopify-orders-to-klaviyo"]);
    assert.equal(freezeHit(f, change("web-lead-form-to-crm")), undefined);
    assert.deepEqual(freezeHit(f, change("web-lead-form-to-crm", "shopify-orders-to-klaviyo")), { integrations: ["shopify-orders-to-klaviyo"] });
  });

  it("a freeze scoped to a team covers the integrations it owns, now or at the base", () => {
    const f = freeze({ scope: { teams: ["revenue-operations"] } });
    assert.deepEqual(freezeHit(f, change("stripe-billing-to-crm-attribution", "web-lead-form-to-crm")), { integrations: ["stripe-billing-to-crm-attribution"] });
    // Handed over from revenue-operations to growth-engineering in this change: both teams' freezes cover it.
    assert.deepEqual(freezeHit(f, { integrations: [{ id: "clearbit-enrichment", teams: ["growth-engineering", "revenue-operations"] }] }), { integrations: ["clearbit-enrichment"] });
  });

  it("a change to a shared file covers every freeze, scoped or not", () => {
    const everything = { integrations: [], everything: "shared files changed: forwarder/ingress.ts" };
    assert.deepEqual(freezeHit(scoped(["shopify-orders-to-klaviyo"]), everything), { everything: "shared files changed: forwarder/ingress.ts" });
  });

  it("a change touching nothing deployed meets no freeze, not even an unscoped one", () => {
    assert.equal(freezeHit(freeze(), change()), undefined);
  });

  it("counts every file outside the inventory and runbooks as shared, except documentation and tests", () => {
    const changed = ["README.md", "test/freeze.test.ts", "inventory/teams.yaml", "runbooks/web.md", "postmortems/2026-11-14-x.md", "forwarder/ingress.ts", "components/program.ts", "package-lock.json", ".github/workflows/main.yml", "Pulumi.prod.yaml"];
    const shared = sharedDeployPaths(changed, ["inventory", "runbooks"]);
    assert.deepEqual(shared, [".github/workflows/main.yml", "Pulumi.prod.yaml", "components/program.ts", "forwarder/ingress.ts", "package-lock.json"]);
    assert.equal(describeSharedPaths(shared), "shared files changed: .github/workflows/main.yml and 4 more");
    assert.deepEqual(sharedDeployPaths(["README.md", "test/x.ts", "bench/run.ts"], ["inventory", "runbooks"]), []);
  });
});

describe("change freezes: the gate", () => {
  const freezes = [freeze({ scope: { integrations: ["shopify-orders-to-klaviyo"] } })];
  const during = at("2026-11-27T15:00:00Z");
  const frozen = change("shopify-orders-to-klaviyo");
  const override = { labels: ["freeze-override", "docs"], body: "Fixes the banner.\n\nFreeze override: the checkout banner shows last year's prices\n", by: "priya-raman", pullRequest: 812 };

  it("allows a change outside every window, and one whose scope is not frozen", () => {
    assert.equal(decideFreeze(freezes, frozen, at("2026-12-01T05:00:00Z"), NO_PR).decision, "allowed");
    const unrelated = decideFreeze(freezes, change("web-lead-form-to-crm"), during, NO_PR);
    assert.equal(unrelated.decision, "allowed");
    assert.equal(freezeExitCode(unrelated), 0);
    assert.match(renderGateText(unrelated), /^freeze-gate: allowed: this change touches web-lead-form-to-crm, outside the scope of the freezes in effect at 2026-11-27 15:00 UTC:\n {2}- black-friday "Black Friday", 2026-11-26 00:00 to 2026-12-01 00:00 America\/New_York\n$/);
  });

  it("refuses a frozen change without the override label (exit 1), and says how to override", () => {
    const d = decideFreeze(freezes, frozen, during, NO_PR);
    assert.equal(d.decision, "refused");
    assert.equal(freezeExitCode(d), 1);
    assert.equal(
      renderGateText(d),
      'freeze-gate: REFUSED: at 2026-11-27 15:00 UTC this change touches frozen scope:\n  - black-friday "Black Friday", 2026-11-26 00:00 to 2026-12-01 00:00 America/New_York: touches shopify-orders-to-klaviyo\nTo deploy anyway, add the freeze-override label to the merged pull request and a line "Freeze override: <reason>" to its description, then re-run this job; otherwise re-run it once the freeze has ended.\n',
    );
  });

  it("refuses the label without a reason, naming what is missing", () => {
    const d = decideFreeze(freezes, frozen, during, { ...override, body: "Please merge, urgent." });
    assert.equal(d.decision, "refused");
    assert.match(renderGateText(d), /The freeze-override label is there, but the pull request's description has no "Freeze override: <reason>" line\./);
    assert.match(renderGateMarkdown(d), /^### Change freeze: deploy refused\n/);
  });

  it("refuses a reason without the label", () => {
    assert.equal(decideFreeze(freezes, frozen, during, { ...override, labels: ["docs"] }).decision, "refused");
  });

  it("lets an overridden change through (exit 0) and records who, why and which freeze", () => {
    const d = decideFreeze(freezes, frozen, during, override);
    assert.equal(d.decision, "overridden");
    assert.equal(freezeExitCode(d), 0);
    assert.deepEqual(d.decision === "overridden" && d.overrides, [{ reason: "the checkout banner shows last year's prices", by: "priya-raman", pullRequest: 812 }]);
    assert.equal(
      renderGateMarkdown(d),
      [
        "### Change freeze: OVERRIDDEN",
        "",
        "- **By:** `priya-raman`, pull request `#812`",
        "- **Reason:** the checkout banner shows last year's prices",
        "- **At:** 2026-11-27 15:00 UTC",
        "- **Freezes:**",
        "  - Black Friday (`black-friday`), 2026-11-26 00:00 to 2026-12-01 00:00 America/New\\_York: touches `shopify-orders-to-klaviyo`",
        "",
      ].join("\n"),
    );
    assert.match(renderGateText(d), /^freeze-gate: OVERRIDDEN by priya-raman \(pull request #812\) at 2026-11-27 15:00 UTC: "the checkout banner shows last year's prices"\./);
  });

  it("makes pull-request text inert in the summary and the log", () => {
    const hostile = { ...override, by: "mallory\nfreeze-gate: allowed", body: "Freeze override: <img src=x onerror=alert(1)> ping @org/oncall see #12 [x](https://evil.example) \u001b[31mred\u202e" };
    const d = decideFreeze([freeze({ reason: "Launch <b>now</b> @everyone" })], frozen, during, hostile);
    const md = renderGateMarkdown(d);
    // Markup escaped, mentions, references and links in code spans, controls and bidi overrides replaced (plan/markdown.ts).
    assert.ok(md.includes("- **Reason:** \\<img src=x onerror=alert(1)\\> ping `@org/oncall` see `#12` `[x](https://evil.example`) \ufffd\\[31mred\ufffd\n"), md);
    assert.ok(md.includes("Launch \\<b\\>now\\</b\\> `@everyone`"), md);
    assert.ok(!/\u001b|\u202e/.test(md));
    const text = renderGateText(d);
    assert.ok(text.includes("\\u001b[31mred\\u202e"), text);
    assert.equal(text.split("\n").length, 3, "the decision and one freeze: nothing from the pull request breaks a line");
    assert.match(text, /^freeze-gate: OVERRIDDEN by mallory freeze-gate: allowed \(pull request #812\)/);
  });

  it("reads the reason from its own line, any case, cut at its limit", () => {
    assert.equal(overrideReason("intro\r\n  freeze OVERRIDE:  hotfix for the Cyber Monday form  \r\nmore"), "hotfix for the Cyber Monday form");
    assert.equal(overrideReason("Freeze override:\nFreeze override: second line counts"), "second line counts");
    assert.equal(overrideReason("<!-- Freeze override: <reason> -->"), undefined, "a template's comment is not a reason");
    assert.equal(overrideReason(undefined), undefined);
    assert.equal(overrideReason(`Freeze override: ${"x".repeat(2000)}`)!.length, MAX_REASON_LENGTH + 1);
  });

  it("reads the deploy's commits and their pull requests from the environment the workflow sets", () => {
    const a = "a".repeat(40);
    const b = "b".repeat(40);
    const env = JSON.stringify([{ sha: a, pr: { number: 812, labels: ["freeze-override"], body: "Freeze override: x", by: " priya " } }, { sha: b, pr: null }]);
    assert.deepEqual(deployCommitsFromEnv({ FREEZE_COMMITS: env }), [{ sha: a, pullRequest: { pullRequest: 812, labels: ["freeze-override"], body: "Freeze override: x", by: "priya" } }, { sha: b }]);
    assert.deepEqual(deployCommitsFromEnv({ FREEZE_COMMITS: "" }), []);
    assert.throws(() => deployCommitsFromEnv({ FREEZE_COMMITS: "freeze-override" }), /FREEZE_COMMITS is not JSON/);
    assert.throws(() => deployCommitsFromEnv({ FREEZE_COMMITS: JSON.stringify([{ sha: "abc", pr: null }]) }), /FREEZE_COMMITS\[0\]\.sha must be a full commit SHA/);
    assert.throws(() => deployCommitsFromEnv({ FREEZE_COMMITS: JSON.stringify([{ sha: a, pr: { number: 1, labels: [{ name: "x" }] } }]) }), /pr\.labels must be an array of label names/);
  });

  describe("a deploy of several pull requests (last-good..HEAD)", () => {
    const [c1, c2, c3] = ["1", "2", "3"].map((d) => d.repeat(40)) as [string, string, string];
    const both = change("shopify-orders-to-klaviyo", "web-lead-form-to-crm");
    const overridden = { labels: ["freeze-override"], body: "Freeze override: banner fix", by: "priya-raman", pullRequest: 812 };

    it("refuses when one pull request touching frozen scope lacks an override, though another has one, naming it", () => {
      const d = decideFreezeByShare(freezes, both, during, [
        { request: overridden, commits: [c1], change: change("web-lead-form-to-crm") },
        { request: { labels: ["docs"], pullRequest: 815 }, commits: [c2], change: frozen },
      ]);
      assert.equal(d.decision, "refused");
      assert.deepEqual(d.decision === "refused" && d.lacking, [{ pullRequest: 815, commits: [c2], why: "no-label" }]);
      assert.match(renderGateText(d), /these touch frozen scope without an override: pull request #815 \(no freeze-override label\)\.\n/);
    });

    it("lets it through when each pull request touching frozen scope has its override, recording each", () => {
      const d = decideFreezeByShare(freezes, both, during, [
        { request: { ...overridden, pullRequest: 815, by: "sam" }, commits: [c1], change: frozen },
        { request: { labels: [], pullRequest: 816 }, commits: [c2], change: change("web-lead-form-to-crm") },
        { request: overridden, commits: [c3], change: frozen },
      ]);
      assert.equal(d.decision, "overridden");
      assert.deepEqual(d.decision === "overridden" && d.overrides.map((o) => o.pullRequest), [815, 812]);
      assert.match(renderGateText(d), /^freeze-gate: OVERRIDDEN at 2026-11-27 15:00 UTC by each pull request touching frozen scope:\n {2}- by sam \(pull request #815\): "banner fix"\n {2}- by priya-raman \(pull request #812\): "banner fix"\n/);
    });

    it("refuses a directly pushed commit touching frozen scope: nothing can override it", () => {
      const d = decideFreezeByShare(freezes, frozen, during, [{ request: overridden, commits: [c1], change: change("web-lead-form-to-crm") }, { commits: [c2], change: frozen }]);
      assert.deepEqual(d.decision === "refused" && d.lacking, [{ commits: [c2], why: "no-pull-request" }]);
      assert.match(renderGateText(d), /commit 2222222 \(pushed without a pull request\)/);
    });

    it("asks every pull request for an override when the deploy meets a freeze none of its parts shows", () => {
      const d = decideFreezeByShare(freezes, { integrations: [], everything: "the base could not be read" }, during, [{ request: overridden, commits: [c1], change: change() }, { request: { labels: [], pullRequest: 9 }, commits: [c2], change: change() }]);
      assert.deepEqual(d.decision === "refused" && d.lacking.map((l) => l.pullRequest), [9]);
    });

    it("merges a pull request's commits: every integration and its teams, everything if any commit is", () => {
      assert.deepEqual(mergeChanges([{ integrations: [{ id: "a", teams: ["t2"] }] }, { integrations: [{ id: "a", teams: ["t1"] }, { id: "b", teams: [] }] }]), { integrations: [{ id: "a", teams: ["t1", "t2"] }, { id: "b", teams: [] }] });
      assert.deepEqual(mergeChanges([change(), { integrations: [], everything: "shared files changed: x" }]).everything, "shared files changed: x");
    });
  });

  it("judges the freezes declared at the last deploy too: deleting or shortening one does not lift it", () => {
    const declared = freeze({ scope: { integrations: ["shopify-orders-to-klaviyo"] } });
    const shortened = freeze({ end: "2026-11-27T00:00", scope: { integrations: ["shopify-orders-to-klaviyo"] } });
    assert.equal(decideFreeze(unionOfFreezes([declared], []), frozen, during, NO_PR).decision, "refused");
    assert.equal(decideFreeze(unionOfFreezes([declared], [shortened]), frozen, during, NO_PR).decision, "refused");
    assert.equal(decideFreeze([shortened], frozen, during, NO_PR).decision, "allowed", "the shortened freeze alone has ended");
    assert.equal(unionOfFreezes([declared], [declared]).length, 1, "an unchanged freeze is judged once");
  });
});

describe("change freezes: upcoming, for the PR comment", () => {
  const sample = [
    freeze({ id: "black-friday", reason: "Black Friday", scope: { integrations: ["web-lead-form-to-crm"] } }),
    freeze({ id: "year-end", reason: "Year end", start: "2026-12-10T18:00", end: "2026-12-14T09:00" }),
    freeze({ id: "pricing", reason: "Pricing launch", start: "2026-12-02T00:00", end: "2026-12-03T00:00", scope: { teams: ["revenue-operations"] } }),
  ];

  it("lists those in effect or starting within 14 days that the change touches, earliest first", () => {
    const list = upcomingFreezes(sample, change("web-lead-form-to-crm"), at("2026-11-20T00:00:00Z"));
    assert.deepEqual(list.map((u) => [u.freeze.id, u.inEffect]), [["black-friday", false]]);
    const later = upcomingFreezes(sample, change("web-lead-form-to-crm"), at("2026-11-30T12:00:00Z"));
    assert.deepEqual(later.map((u) => [u.freeze.id, u.inEffect]), [["black-friday", true], ["year-end", false]]);
    assert.deepEqual(upcomingFreezes(sample, change("web-lead-form-to-crm"), at("2026-11-30T12:00:00Z"), 7).map((u) => u.freeze.id), ["black-friday"]);
    assert.deepEqual(upcomingFreezes(sample, change("stripe-billing-to-crm-attribution"), at("2026-11-30T12:00:00Z")).map((u) => u.freeze.id), ["pricing", "year-end"]);
  });

  it("renders them for the comment and the log; nothing when the inventory declares no freeze", () => {
    const list = upcomingFreezes(sample, change("web-lead-form-to-crm"), at("2026-11-30T12:00:00Z"));
    assert.equal(
      renderUpcomingText(list, 14, sample.length),
      "Upcoming change freezes this change touches (next 14 days):\n  - Black Friday (web-lead-form-to-crm) 2026-11-26 00:00 to 2026-12-01 00:00 America/New_York (in effect now)\n  - Year end (web-lead-form-to-crm) 2026-12-10 18:00 to 2026-12-14 09:00 America/New_York\n",
    );
    const md = renderUpcomingMarkdown(list, 14, sample.length);
    assert.ok(md.startsWith("### Change freezes this change would meet (next 14 days)\n\n- **In effect now:** Black Friday (`black-friday`), 2026-11-26 00:00 to 2026-12-01 00:00 America/New\\_York: touches `web-lead-form-to-crm`\n- Year end"), md);
    assert.match(md, /unless the pull request has the `freeze-override` label and a `Freeze override: <reason>` line/);
    assert.equal(renderUpcomingMarkdown([], 14, 3), "### Change freezes this change would meet (next 14 days)\n\nNone: no change freeze this change touches is in effect now or starts in the next 14 days.\n");
    assert.equal(renderUpcomingMarkdown([], 14, 0), "");
    assert.equal(renderUpcomingText([], 14, 0), "");
  });
});

describe("change freezes: check", () => {
  const FILE = "inventory/change-freezes.yaml";
  const withFile = (text: string) => {
    const fixture = loadFixture();
    fixture.files.set(FILE, `version: reliability/v1\nkind: ChangeFreezes\nfreezes:\n${text}`);
    return validateFixture(fixture);
  };
  const window = (id: string, start: string, end: string, zone = "America/New_York", scope = "") => `  - id: ${id}\n    reason: r\n    start: "${start}"\n    end: "${end}"\n    timeZone: ${zone}\n${scope}`;

  it("puts valid freezes in the model, earliest first, with sorted scopes", () => {
    const result = withFile(window("later", "2027-01-01T00:00", "2027-01-02T00:00") + window("first", "2026-11-26T00:00", "2026-12-01T00:00", "America/New_York", "    scope: { integrations: [integration-0002, integration-0001] }\n"));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.inventory!.changeFreezes.map((f) => [f.id, iso(f.startsAt), f.scope]), [
      ["first", "2026-11-26T05:00:00.000Z", { integrations: ["integration-0001", "integration-0002"], teams: [] }],
      ["later", "2027-01-01T05:00:00.000Z", { integrations: [], teams: [] }],
    ]);
  });

  it("does not call windows that touch, or that overlap with different scopes, overlapping", () => {
    const touching = window("a", "2026-11-26T00:00", "2026-12-01T00:00") + window("b", "2026-12-01T00:00", "2026-12-02T00:00");
    assert.deepEqual(withFile(touching).diagnostics, []);
    // The same instant written in two zones: 06:00 Berlin is 00:00 New York that day.
    const touchingAcrossZones = window("a", "2026-11-26T00:00", "2026-12-01T00:00") + window("b", "2026-12-01T06:00", "2026-12-02T00:00", "Europe/Berlin");
    assert.deepEqual(withFile(touchingAcrossZones).diagnostics, []);
    const differentScopes = window("a", "2026-11-26T00:00", "2026-12-01T00:00") + window("b", "2026-11-27T00:00", "2026-11-29T00:00", "America/New_York", "    scope: { teams: [revenue-operations] }\n");
    assert.deepEqual(withFile(differentScopes).diagnostics, []);
  });

  it("reports an overlap a minute long across zones", () => {
    const result = withFile(window("a", "2026-11-26T00:00", "2026-12-01T00:00") + window("b", "2026-12-01T05:59", "2026-12-02T00:00", "Europe/Berlin"));
    assert.deepEqual(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`), ["11:12 freeze-overlap"]);
  });
});
