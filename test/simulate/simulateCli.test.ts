/**
 * `npm run simulate` end to end: alert tests written in a copy of the valid fixture's YAML, run
 * against the monitors the plan creates, with the exit codes and lines a CI log shows.
 */
import { strict as assert } from "node:assert";
import { INLINE_TESTS } from "../support/alertTestFixture";
import { appendFileSync, cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/runCli";

const FIXTURE = join(__dirname, "..", "fixtures", "valid");
const INTEGRATION = "inventory/integrations/integration-0001.yaml";
/** Left out of the copy: two integrations show the order and keep each run's drills few. */
const LEFT_OUT = ["integration-0002", "integration-0003", "integration-0004", "integration-0006"];

/**
 * integration-0001's CRM refuses a sixth of its deliveries from minute 30 to 60: api-errors
 * (over 5% of settled deliveries not forwarded in 15 minutes) fires at 34m and recovers at 73m.
 */
/** The fixture's passing incident (test/support/alertTestFixture.ts); its series name no env, so they read the stack's. */
const PASSING = `\n${INLINE_TESTS}`;

/** The same incident, with the heartbeat wrongly expected to fire at 40m. */
const FAILING = `
  - name: Submissions stop
    input:
      - series: martech.forwarder.settled{integration:integration-0001,outcome:forwarded,env:prod}
        values: 10x150
      - series: martech.forwarder.received{integration:integration-0001,env:prod}
        values: 12x150
    expect:
      - at: 40m
        firing: [silent]
`;

describe("simulate CLI", function () {
  // Each case starts the CLI, which validates, lowers and simulates: seconds on a busy machine.
  let dir: string;
  const args = (...rest: string[]) => [...rest, "--inventory", join(dir, "inventory"), "--runbooks", join(dir, "runbooks")];
  const addTests = (yaml: string) => appendFileSync(join(dir, INTEGRATION), yaml);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "simulate-"));
    cpSync(FIXTURE, dir, { recursive: true });
    for (const id of LEFT_OUT) unlinkSync(join(dir, "inventory", "integrations", `${id}.yaml`));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every alert test and drill of the inventory given and checks every monitor's message, a line per integration, per monitor not simulated and a total, exit 0 when all pass", () => {
    addTests(PASSING);
    const r = runCli("cli/simulate.ts", args());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    // The copy's integrations (not the repository's), in order of revenue exposure, each with its anomaly monitor.
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.split(":")[0]),
      ["integration-0005", "integration-0005 › not simulated", "integration-0001", "integration-0001 › not simulated"],
    );
    assert.match(r.stdout, /^integration-0001: 1 alert test and \d+ drills?, all passed$/m);
    assert.match(r.stdout, /^integration-0001 › not simulated: volume-drop: an anomaly monitor: .*; checked instead: its query parses, and its message renders right for each notification its options allow$/m);
    assert.match(lines.at(-1)!, /^1 alert test and \d+ drills? passed, 0 failed; messages of \d+ monitors checked, 0 problems; 2 monitors not simulated \(listed above\)$/);
    assert.equal(r.stderr, "");
  });

  it("exits 1 naming the test, the monitor, the expected and the observed state of a failed expectation", () => {
    addTests(PASSING + FAILING);
    const r = runCli("cli/simulate.ts", args());
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^integration-0001: 2 alert tests and \d+ drills?, 1 failed$/m);
    assert.match(r.stdout, /^integration-0001 › Submissions stop: silent expected firing at 40m, observed OK \(sum over last_30m is 360; < 1 alerts\)$/m);
    assert.match(r.stdout, /\n1 alert test and \d+ drills? passed, 1 failed; messages of \d+ monitors checked, 0 problems; 2 monitors not simulated \(listed above\)\n$/);
  });

  it("prints the timeline of each scenario of one integration", () => {
    addTests(PASSING);
    const r = runCli("cli/simulate.ts", args("integration-0001"));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // After the scenarios, the monitors not simulated, as the summary prints them.
    assert.match(r.stdout, /\nintegration-0001 › not simulated: volume-drop: an anomaly monitor: [^\n]*\n$/);
    assert.ok(
      r.stdout.startsWith(
        [
          "integration-0001 › CRM rejects a sixth of leads for half an hour (alert test): passed (4 expectations held)",
          "  input: 3 series, one sample every 1m",
          '  api-errors  "[integration-0001] CRM API errors"',
          "         0m  OK              the query over last_15m is 0%; > 5 alerts",
          "        34m  OK -> ALERT     the query over last_15m is 5.063291%; > 5 alerts  [notifies: alert]",
          "        73m  ALERT -> OK     the query over last_15m is 3.846154%; > 5 alerts  [notifies: recovery]",
          "        90m  OK              the query over last_15m is 0%; > 5 alerts  (last evaluation)",
          '  silent  "[integration-0001] No submissions arriving"',
          "         0m  OK              sum over last_30m is 12; < 1 alerts",
          "        90m  OK              sum over last_30m is 360; < 1 alerts  (last evaluation)",
          "  expectations:",
          "        30m  quiet   api-errors: held",
          "        40m  firing  api-errors: held",
          "        90m  quiet   api-errors: held",
          "        90m  quiet   silent: held",
          "",
        ].join("\n"),
      ),
      r.stdout,
    );
  });

  it("with --scenario, prints that scenario over every planned monitor of the integration, and exits 1 when it fails", () => {
    addTests(PASSING + FAILING);
    const r = runCli("cli/simulate.ts", args("integration-0001", "--scenario", "Submissions stop"));
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^integration-0001 › Submissions stop \(alert test\): failed \(1 of 1 expectation\)$/m);
    assert.doesNotMatch(r.stdout, /CRM rejects a sixth/);
    assert.match(r.stdout, /^ {2}field-deprecated {2}"\[integration-0001\] CRM field deprecated" \(not named by the test\)$/m);
    assert.match(r.stdout, /^ {4}not simulated: anomaly monitors are not evaluated/m);
    assert.match(r.stdout, /^ {8}40m {2}firing {2}silent: FAILED, observed OK \(sum over last_30m is 360; < 1 alerts\)$/m);
  });

  it("refuses an unknown integration or scenario with exit 2, suggesting the names there are", () => {
    addTests(PASSING);
    const integration = runCli("cli/simulate.ts", args("integration-001"));
    assert.equal(integration.status, 2);
    assert.equal(integration.stderr, 'simulate: there is no integration "integration-001"; did you mean "integration-0001"?\n');
    const scenario = runCli("cli/simulate.ts", args("integration-0001", "--scenario", "CRM rejects a sixth of leads for half an hr"));
    assert.equal(scenario.status, 2);
    const [first, ...names] = scenario.stderr.trimEnd().split("\n");
    assert.equal(first, 'simulate: integration-0001 has no scenario "CRM rejects a sixth of leads for half an hr"; did you mean "CRM rejects a sixth of leads for half an hour"? Its scenarios:');
    // The alert test, then the generated drills.
    assert.equal(names[0], "  CRM rejects a sixth of leads for half an hour");
    assert.ok(names.length > 1 && names.slice(1).every((n) => n.startsWith("  drill: ")), scenario.stderr);
    assert.equal(integration.stdout + scenario.stdout, "");
  });

  it("writes the results as JSON with --json", () => {
    addTests(PASSING + FAILING);
    const r = runCli("cli/simulate.ts", args("--json"));
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    const tests = doc.integrations.find((i: { id: string }) => i.id === "integration-0001").scenarios.filter((s: { kind: string }) => s.kind === "alert test");
    assert.deepEqual(tests[1], { name: "Submissions stop", kind: "alert test", passed: false, failures: [{ monitor: "silent", expected: "firing", at: "40m", atSeconds: 2400, observed: "OK (sum over last_30m is 360; < 1 alerts)" }] });
  });

  it("reports an invalid inventory as check does, from the folders given, and exits 1", () => {
    const emptyRunbooks = join(dir, "no-runbooks");
    mkdirSync(emptyRunbooks);
    const file = join(dir, "inventory", "teams.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("chatChannel:", "chatChanel:"));
    const check = runCli("cli/check.ts", ["--inventory", join(dir, "inventory"), "--runbooks", emptyRunbooks]);
    const r = runCli("cli/simulate.ts", ["--inventory", join(dir, "inventory"), "--runbooks", emptyRunbooks]);
    assert.equal(r.status, 1);
    assert.equal(check.status, 1);
    const diagnostics = check.stdout.trimEnd().split("\n").slice(0, -1);
    assert.ok(diagnostics.some((l) => l.endsWith("[unknown-key]")) && diagnostics.some((l) => l.includes("runbook")), check.stdout);
    assert.equal(r.stdout, `${diagnostics.join("\n")}\nsimulate: the inventory is invalid; nothing was simulated\n`);
  });

  it("answers --help, and refuses an unknown flag, a second argument or --scenario alone with the usage and exit 2", () => {
    const help = runCli("cli/simulate.ts", ["--help", "--nope"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: npm run simulate -- \[<integration> \[--scenario NAME\]\]/);
    for (const bad of [["--nope"], ["integration-0001", "extra"], ["--scenario", "x"]]) {
      const r = runCli("cli/simulate.ts", bad);
      assert.equal(r.status, 2, bad.join(" "));
      assert.match(r.stderr, /\nusage: npm run simulate -- /);
      assert.equal(r.stdout, "");
    }
  });
});
