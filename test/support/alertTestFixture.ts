/**
 * Valid alert tests for the valid fixture's integration-0001, in both places: its own
 * `alertTests:` (appended to its file, from line 92) and a tests file. Kept out of the fixture
 * on disk, whose alert tests other suites count; a test adds them, then breaks one thing.
 *
 * The inline test is the CRM outage of test/simulate: api-errors (over 5% of settled deliveries
 * not forwarded in 15 minutes) fires at 34m and recovers at 73m. In the file's, HubSpot's
 * remaining allowance (one sample every 5 minutes) sits at 50, under rate-limit's 100, from 65m
 * to 95m; the monitor reads 5 minutes late (evaluationDelaySeconds: 300).
 */
import { replaceOnce, type Fixture } from "./fixture";

export const INT1 = "inventory/integrations/integration-0001.yaml";
export const TESTS_FILE = "inventory/integrations/tests/integration-0001.yaml";
/** The line `alertTests:` starts on in INT1 once appended. */
export const INLINE_FIRST_LINE = 92;

export const INLINE_TESTS = `alertTests:
  - name: CRM rejects a sixth of leads for half an hour
    input:
      - series: martech.forwarder.settled{integration:integration-0001,outcome:forwarded}
        values: 10x150
      - series: martech.forwarder.settled{integration:integration-0001,outcome:dead_lettered}
        values: 0x30 2x30 0x90
      - series: martech.forwarder.received{integration:integration-0001}
        values: 12x150
    expect:
      - at: 30m
        quiet: [api-errors]
      - at: 40m
        firing: [api-errors]
      - at: 90m
        quiet: [api-errors, silent]
`;

export const FILE_TESTS = `version: reliability/v1
kind: AlertTests
integration: integration-0001
alertTests:
  - name: HubSpot's API allowance runs low for half an hour
    interval: 5m
    input:
      - series: hubspot.api.rate_limit.remaining{integration:integration-0001}
        values: 1000-50x12 50x6 1000x6
    expect:
      - at: 30m
        quiet: [rate-limit]
      - at: 80m
        firing: [rate-limit]
      - at: 2h
        quiet: [rate-limit]
`;

/** The fixture with both, each edited by `inline` and `file` (text in, text out). */
export function withAlertTests(f: Fixture, inline: (text: string) => string = (t) => t, file: (text: string) => string = (t) => t): void {
  f.files.set(INT1, f.files.get(INT1)! + inline(INLINE_TESTS));
  f.files.set(TESTS_FILE, file(FILE_TESTS));
}

/** An edit of the inline tests. */
export const editInline = (from: string, to: string) => (f: Fixture) => withAlertTests(f, (t) => replaceOnce(t, from, to));
/** An edit of the tests file. */
export const editTestsFile = (from: string, to: string) => (f: Fixture) => withAlertTests(f, undefined, (t) => replaceOnce(t, from, to));
