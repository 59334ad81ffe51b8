/**
 * `npm run freeze-gate` and `plan --base`'s upcoming freezes on a real git repository: the
 * valid fixture with three freezes committed, then one change at a time in the working tree,
 * judged at a fixed `--now` (README, "Change freezes").
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replaceOnce } from "./support/fixture";
import { REPO, runCliAsync, type CliResult } from "./support/runCli";

const FREEZES = `version: reliability/v1
kind: ChangeFreezes
freezes:
  - id: black-friday
    reason: Black Friday to Cyber Monday
    start: "2026-11-26T00:00"
    end: "2026-12-01T00:00"
    timeZone: America/New_York
    scope:
      integrations: [integration-0004]
  - id: pricing-launch
    reason: Spring pricing launch
    start: "2027-03-10T00:00"
    end: "2027-03-17T00:00"
    timeZone: America/Los_Angeles
    scope:
      teams: [revenue-operations]
  - id: year-end
    reason: Year-end holidays
    start: "2026-12-23T18:00"
    end: "2027-01-04T09:00"
    timeZone: Europe/Berlin
`;

/** Inside Black Friday: 23:59:59 on 30 November in New York. */
const LAST_SECOND = "2026-12-01T04:59:59Z";
const INT4 = "inventory/integrations/integration-0004.yaml";
const INT1 = "inventory/integrations/integration-0001.yaml";

describe("freeze-gate and plan --base on a git repository", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: repo, stdio: "pipe" });
  const file = (path: string) => join(repo, path);
  const edit = (path: string, from: string, to: string) => writeFileSync(file(path), replaceOnce(readFileSync(file(path), "utf8"), from, to));
  /** The environment without any FREEZE_ setting of the machine running the tests, plus `env`. */
  const run = (script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FREEZE_")));
    return runCliAsync(script, args, { cwd: repo, env: { ...base, ...env } });
  };
  const gate = (now: string, env: Record<string, string> = {}, base = "HEAD") => run("cli/freezeGate.ts", ["--base", base, "--now", now, "--summary", file("summary.md"), "--inventory", "inventory", "--runbooks", "runbooks"], env);
  const editInt4 = () => edit(INT4, "description: Web form leads for region 4", "description: Web-form leads for region 4");

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "freeze-gate-repo-"));
    git("init", "-q");
    for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.staging.yaml"]) copyFileSync(join(REPO, f), file(f));
    for (const dir of ["inventory", "runbooks"]) cpSync(join(REPO, "test", "fixtures", "valid", dir), file(dir), { recursive: true });
    writeFileSync(file("inventory/change-freezes.yaml"), FREEZES);
    writeFileSync(file("README.md"), "# sample\n");
    git("add", "-A");
    git("commit", "-qm", "inventory with freezes");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));
  afterEach(() => {
    git("checkout", "-q", "HEAD", "--", ".");
    git("clean", "-qfd");
  });

  it("refuses a change to a frozen integration at 23:59:59 local (exit 1), and allows it at 00:00", async () => {
    editInt4();
    const [inside, after] = await Promise.all([gate(LAST_SECOND), gate("2026-12-01T05:00:00Z")]);
    assert.equal(inside.status, 1, inside.stderr);
    assert.equal(
      inside.stdout,
      'freeze-gate: REFUSED: at 2026-12-01 04:59 UTC this change touches frozen scope:\n  - black-friday "Black Friday to Cyber Monday", 2026-11-26 00:00 to 2026-12-01 00:00 America/New_York: touches integration-0004\nTo deploy anyway, add the freeze-override label to the merged pull request and a line "Freeze override: <reason>" to its description, then re-run this job; otherwise re-run it once the freeze has ended.\n',
    );
    assert.equal(after.status, 0, after.stderr);
    assert.equal(after.stdout, "freeze-gate: allowed: no change freeze is in effect at 2026-12-01 05:00 UTC.\n");
  });

  it("deploys an overridden change and records who, why and which freeze in the summary", async () => {
    editInt4();
    writeFileSync(file("summary.md"), "## Earlier step\n\n");
    const pr = (body: string) => ({ FREEZE_COMMITS: JSON.stringify([{ sha: "f".repeat(40), pr: { number: 812, labels: ["freeze-override"], body, by: "priya-raman" } }]) });
    const env = pr("Fix.\n\nFreeze override: lead form drops the consent field @growth\n");
    const [overridden, noReason] = await Promise.all([gate(LAST_SECOND, env), run("cli/freezeGate.ts", ["--base", "HEAD", "--now", LAST_SECOND, "--inventory", "inventory", "--runbooks", "runbooks"], pr("urgent"))]);
    assert.equal(overridden.status, 0, overridden.stderr);
    assert.match(overridden.stdout, /^freeze-gate: OVERRIDDEN by priya-raman \(pull request #812\) at 2026-12-01 04:59 UTC: "lead form drops the consent field @growth"\./);
    const summary = readFileSync(file("summary.md"), "utf8");
    assert.ok(summary.startsWith("## Earlier step\n\n### Change freeze: OVERRIDDEN\n"), "appended to the job summary, not over it");
    assert.ok(summary.includes("- **By:** `priya-raman`, pull request `#812`\n- **Reason:** lead form drops the consent field `@growth`\n"), summary);
    assert.equal(noReason.status, 1);
    assert.match(noReason.stdout, /The freeze-override label is there, but the pull request's description has no "Freeze override: <reason>" line\./);
  });

  it("matches a team's freeze by the integrations it owns, and lets other teams' changes through", async () => {
    // integration-0001 is revenue-operations'; 23:59:59 on 16 March in Los Angeles is the freeze's last second.
    edit(INT1, "name: Synthetic integration 1", "name: Synthetic integration one");
    const owned = await gate("2027-03-16T23:59:59-07:00");
    assert.equal(owned.status, 1, owned.stdout);
    assert.match(owned.stdout, /pricing-launch "Spring pricing launch", 2027-03-10 00:00 to 2027-03-17 00:00 America\/Los_Angeles: touches integration-0001\n/);
    git("checkout", "-q", "HEAD", "--", INT1);
    // integration-0004 is growth-engineering's: outside the launch's scope.
    editInt4();
    const other = await gate("2027-03-16T23:59:59-07:00");
    assert.equal(other.status, 0, other.stdout);
    assert.match(other.stdout, /^freeze-gate: allowed: this change touches integration-0004, outside the scope of the freezes in effect/);
  });

  it("takes a change of a shared file as touching everything, and a change of tests or docs as touching nothing", async () => {
    mkdirSync(file("forwarder"));
    writeFileSync(file("forwarder/ingress.ts"), "export {};\n");
    const shared = await gate(LAST_SECOND);
    assert.equal(shared.status, 1);
    assert.match(shared.stdout, /black-friday .*: touches every integration \(shared files changed: forwarder\/ingress\.ts\)\n/);
    rmSync(file("forwarder"), { recursive: true });
    mkdirSync(file("test"));
    writeFileSync(file("test/x.test.ts"), "export {};\n");
    edit("README.md", "# sample", "# sample, documented");
    const docs = await gate("2026-12-24T12:00:00Z");
    assert.equal(docs.status, 0, docs.stdout);
    assert.equal(docs.stdout, 'freeze-gate: allowed: this change touches no integration, outside the scope of the freezes in effect at 2026-12-24 12:00 UTC:\n  - year-end "Year-end holidays", 2026-12-23 18:00 to 2027-01-04 09:00 Europe/Berlin\n');
  });

  it("refuses during an unscoped freeze when the base cannot be read; allows it outside every freeze", async () => {
    const [unread, outside] = await Promise.all([gate("2026-12-24T12:00:00Z", {}, "0000000000000000000000000000000000000000"), gate("2027-02-01T00:00:00Z", {}, "no-such-ref")]);
    assert.equal(unread.status, 1);
    assert.match(unread.stdout, /year-end .*: touches every integration \(the base 0000000000000000000000000000000000000000 could not be read: git ref "0000000000000000000000000000000000000000" not found\)\n/);
    assert.equal(outside.status, 0, outside.stdout);
  });

  it("still refuses a frozen change that deletes the freeze itself (the freezes at the base count)", async () => {
    editInt4();
    edit("inventory/change-freezes.yaml", 'end: "2026-12-01T00:00"', 'end: "2026-11-27T00:00"');
    const shortened = await gate(LAST_SECOND);
    assert.equal(shortened.status, 1, shortened.stdout);
    assert.match(shortened.stdout, /black-friday "Black Friday to Cyber Monday", 2026-11-26 00:00 to 2026-12-01 00:00 America\/New_York: touches integration-0004\n/);
    rmSync(file("inventory/change-freezes.yaml"));
    const deleted = await gate(LAST_SECOND);
    assert.equal(deleted.status, 1, deleted.stdout);
  });

  it("asks each pull request since the base for its own override: one PR's label does not carry another's frozen change", async () => {
    const start = git("rev-parse", "HEAD").toString().trim();
    try {
      edit(INT1, "name: Synthetic integration 1", "name: Synthetic integration one");
      git("commit", "-qam", "PR 7: integration-0001");
      const first = git("rev-parse", "HEAD").toString().trim();
      editInt4();
      git("commit", "-qam", "PR 8: integration-0004");
      const second = git("rev-parse", "HEAD").toString().trim();
      const commits = (secondPr: object | null) => ({ FREEZE_COMMITS: JSON.stringify([{ sha: first, pr: { number: 7, labels: ["freeze-override"], body: "Freeze override: approved", by: "sam" } }, { sha: second, pr: secondPr }]) });
      const [unlabelled, direct, both] = await Promise.all([
        gate(LAST_SECOND, commits({ number: 8, labels: [] }), start),
        gate(LAST_SECOND, commits(null), start),
        gate(LAST_SECOND, commits({ number: 8, labels: ["freeze-override"], body: "Freeze override: consent field", by: "priya" }), start),
      ]);
      assert.equal(unlabelled.status, 1, unlabelled.stdout);
      assert.match(unlabelled.stdout, /without an override: pull request #8 \(no freeze-override label\)\.\n/);
      assert.equal(direct.status, 1, direct.stdout);
      assert.match(direct.stdout, new RegExp(`commit ${second.slice(0, 7)} \\(pushed without a pull request\\)`));
      assert.equal(both.status, 0, both.stdout);
      // PR 7 touched integration-0001, outside Black Friday's scope: only PR 8's override is recorded.
      assert.match(both.stdout, /^freeze-gate: OVERRIDDEN by priya \(pull request #8\)/);
    } finally {
      git("reset", "-q", "--hard", start);
    }
  });

  it("answers a malformed --now or a missing --base with exit 2 and the usage", async () => {
    const [badNow, noBase] = await Promise.all([gate("2026-12-01 05:00"), run("cli/freezeGate.ts", ["--now", LAST_SECOND])]);
    assert.equal(badNow.status, 2);
    assert.match(badNow.stderr, /^freeze-gate: --now must be an instant with its offset, such as 2026-11-27T04:59:59Z, not "2026-12-01 05:00"\nusage: npm run freeze-gate/);
    assert.equal(noBase.status, 2);
    assert.match(noBase.stderr, /--base is required/);
  });

  it("plan --base lists the freezes the change would meet in the PR comment and the log", async () => {
    editInt4();
    const plan = await run("cli/plan.ts", ["--base", "HEAD", "--now", "2026-11-20T12:00:00Z", "--inventory", "inventory", "--runbooks", "runbooks", "--markdown", file("plan.md")]);
    assert.equal(plan.status, 0, plan.stderr);
    assert.ok(plan.stdout.endsWith("\nUpcoming change freezes this change touches (next 14 days):\n  - Black Friday to Cyber Monday (integration-0004) 2026-11-26 00:00 to 2026-12-01 00:00 America/New_York\n"), plan.stdout.slice(-400));
    const md = readFileSync(file("plan.md"), "utf8");
    assert.ok(md.includes("### Change freezes this change would meet (next 14 days)\n\n- Black Friday to Cyber Monday (`black-friday`), 2026-11-26 00:00 to 2026-12-01 00:00 America/New\\_York: touches `integration-0004`\n"), md);
    assert.ok(md.indexOf("### Change freezes") < md.indexOf("### Changes against HEAD"), "before the list of changes");
  });
});
