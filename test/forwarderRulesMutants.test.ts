/**
 * transform-syntax and transform-test-failed (compiler/validate/rules/transforms.ts), the forwardTo
 * URL credential reader (compiler/validate/forwardToCredential.ts) and the runbook forwarder-metric
 * checks (compiler/validate/forwarderMetricReferences.ts), beyond the rows of rules.test.ts and
 * staleReferences.test.ts: each test asserts an exact result, to kill mutants that survived the
 * validate-model mutation run (README, "Mutation testing"). Inventories are built inside each `it`.
 */
import { strict as assert } from "node:assert";
import { formatDiagnostic } from "../compiler/diagnostics";
import { listOf } from "../compiler/stackNames";
import { forwardToCredential } from "../compiler/validate/forwardToCredential";
import { forwarderMetricProblems } from "../compiler/validate/forwarderMetricReferences";
import { firstDifference, transformTestDiagnostics } from "../compiler/validate/rules/transforms";
import { METRICS, queryableTags } from "../forwarder/metrics/names";
import { loadFixture, validateFixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";
const TEAMS = "inventory/teams.yaml";

/** A second webhook appended to integration-0001 (its `- id:` on line 92): a target without a transform, then `target`. */
const secondWebhook = (target: string) =>
  [
    "  - id: second-events",
    "    vendor: hubspot",
    "    secretConfigKey: hubspotWebhookSecret",
    "    forwardTo:",
    "      - system: salesforce",
    "        url: https://example.my.salesforce.com/services/apexrest/other",
    "      - system: salesforce",
    "        url: https://example.my.salesforce.com/services/apexrest/third",
    "        kind: salesforce",
    target,
  ].join("\n") + "\n";

/** integration-0001's text with the second webhook appended. */
const int1With = (target: string) => loadFixture().files.get(INT1)! + secondWebhook(target);

describe("transform-syntax: the exact diagnostic", () => {
  it("names the webhook and target and points into the second webhook's second target, skipping the target without a transform", () => {
    const f = loadFixture();
    f.files.set(INT1, int1With(`        transform: '{ "a": 1 ]'`));
    assert.deepEqual(validateFixture(f).diagnostics.map(formatDiagnostic), [
      `${INT1}:101:30: error: webhook second-events: forwardTo salesforce: transform: JSONata cannot read this expression: Expected "}", got "]" [S0202] [transform-syntax]`,
    ]);
  });

  it("points at the field itself when JSONata gives no position (an expression nested too deeply to parse)", () => {
    const f = loadFixture();
    f.files.set(INT1, int1With(`        transform: '${"(".repeat(3000)}1${")".repeat(3000)}'`));
    assert.deepEqual(validateFixture(f).diagnostics.map(formatDiagnostic), [
      `${INT1}:101:20: error: webhook second-events: forwardTo salesforce: transform: JSONata cannot read this expression: Maximum call stack size exceeded [U1000] [transform-syntax]`,
    ]);
  });
});

describe("transformTestDiagnostics: which files and tests it runs, and what it says", () => {
  const TESTS = [
    `        transform: 'email.{ "a": $number($) }'`,
    "        transformTests:",
    "          - description: a number",
    "            input: { email: 1 }",
    "            output: { a: 2 }",
    "          - input: { email: x }",
    "            output: { a: 1 }",
    "          - input: { other: 1 }",
    "            output: { a: 1 }",
    "          - input: { email: 3 }",
    "            output: { a: 3 }",
  ].join("\n");

  it("reports each failing test at its output, its input or the expression, sorted by file, line and column", async () => {
    const files = [
      // A file that mentions transformTests but is not an integration is not read as one.
      { file: TEAMS, text: loadFixture().files.get(TEAMS)! + "# transformTests\n" },
      { file: "inventory/integrations/b.yaml", text: int1With(TESTS) },
      { file: "inventory/integrations/a.yaml", text: int1With(TESTS.replace("output: { a: 2 }", "output: { a: 1 }")) },
    ];
    const found = await transformTestDiagnostics(files);
    const FAILS = "webhook second-events: forwardTo salesforce: transformTests";
    assert.deepEqual(found.map(formatDiagnostic), [
      `inventory/integrations/a.yaml:101:36: error: ${FAILS}[1]: the transform fails on this test's input: Unable to cast value to a number: "x" [D3030] [transform-test-failed]`,
      `inventory/integrations/a.yaml:108:20: error: ${FAILS}[2]: the transform fails on this test's input: the transform produced nothing for this event (no field it reads is present?) [U1004] [transform-test-failed]`,
      `inventory/integrations/b.yaml:101:36: error: ${FAILS}[1]: the transform fails on this test's input: Unable to cast value to a number: "x" [D3030] [transform-test-failed]`,
      `inventory/integrations/b.yaml:105:26: error: ${FAILS}[0] (a number): the transform's output differs from the expected output: a is 1, expected 2 [transform-test-failed]`,
      `inventory/integrations/b.yaml:108:20: error: ${FAILS}[2]: the transform fails on this test's input: the transform produced nothing for this event (no field it reads is present?) [U1004] [transform-test-failed]`,
    ]);
    assert.deepEqual(found[0], {
      file: "inventory/integrations/a.yaml",
      line: 101,
      column: 36,
      severity: "error",
      rule: "transform-test-failed",
      message: `${FAILS}[1]: the transform fails on this test's input: Unable to cast value to a number: "x" [D3030]`,
    });
  });

  it("skips a transform JSONata cannot read (validation reports it) and files without tests", async () => {
    const broken = int1With(TESTS.replace("$number($) }", "$number($) ]"));
    assert.deepEqual(await transformTestDiagnostics([{ file: INT1, text: broken }]), []);
    assert.deepEqual(await transformTestDiagnostics([{ file: TEAMS, text: loadFixture().files.get(TEAMS)! }]), []);
    // A target with a transform and no tests, in a file whose other target has them.
    assert.deepEqual(await transformTestDiagnostics([{ file: INT1, text: int1With(`        transform: '{ "a": email }'`) }]), []);
    // A file whose shape is invalid is not read, even with tests that would fail.
    const invalid = int1With(TESTS).replace("tier: 2", "tier: 7");
    assert.notEqual(invalid, int1With(TESTS));
    assert.deepEqual(await transformTestDiagnostics([{ file: INT1, text: invalid }]), []);
  });

  it("reads only files whose text says transformTests, as check's cache does (an escaped key is not seen)", async () => {
    const escaped = int1With(TESTS).replaceAll("transformTests", '"transform\\u0054ests"');
    assert.equal(escaped.includes("transformTests"), false);
    // The YAML is the same inventory: validation reads the escaped key as transformTests.
    const f = loadFixture();
    f.files.set(INT1, escaped);
    assert.deepEqual(validateFixture(f).diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(await transformTestDiagnostics([{ file: INT1, text: escaped }]), []);
  });
});

describe("firstDifference: where two JSON values differ, in words", () => {
  it("finds nothing in equal values", () => {
    assert.equal(firstDifference({ a: [1, { b: "c" }] }, { a: [1, { b: "c" }] }), undefined);
  });

  it("names the result itself, or the path, with both values", () => {
    assert.deepEqual(firstDifference(1, 2), { at: [], words: "the result is 1, expected 2" });
    assert.deepEqual(firstDifference("ab", {}), { at: [], words: 'the result is "ab", expected {}' });
    assert.deepEqual(firstDifference([], {}), { at: [], words: "the result is [], expected {}" });
    assert.deepEqual(firstDifference(null, { a: 1 }), { at: [], words: 'the result is null, expected {"a":1}' });
    assert.deepEqual(firstDifference({ a: [0, { b: 1 }] }, { a: [0, { b: 2 }] }), { at: ["a", 1, "b"], words: "a[1].b is 1, expected 2" });
    assert.deepEqual(firstDifference({ a: undefined }, { a: 1 }), { at: ["a"], words: "a is nothing, expected 1" });
  });

  it("counts items when one list is a prefix of the other", () => {
    assert.deepEqual(firstDifference([1, 2], [1, 2, 3]), { at: [], words: "the result has 2 item(s), expected 3" });
    assert.deepEqual(firstDifference({ x: [1, 2, 3] }, { x: [1, 2] }), { at: ["x"], words: "x has 3 item(s), expected 2" });
    assert.deepEqual(firstDifference([1, 2], [1, 3, 4]), { at: [1], words: "[1] is 2, expected 3" });
  });

  it("names a missing key, then an unexpected one, else says the records differ", () => {
    assert.deepEqual(firstDifference({ a: { c: 1 } }, { a: { b: 1, c: 1 } }), { at: ["a", "b"], words: "a.b is missing" });
    assert.deepEqual(firstDifference({ a: 1, z: "x".repeat(100) }, { a: 1 }), { at: [], words: `z is not expected (it is "${"x".repeat(76)}...)` });
    assert.deepEqual(firstDifference({ a: { b: undefined } }, { a: {} }), { at: ["a"], words: "a.b is not expected (it is nothing)" });
    assert.deepEqual(firstDifference(Object.assign(Object.create(null), { a: 1 }), { a: 1 }), { at: [], words: "the result differs" });
  });

  it("writes keys that are not identifiers in brackets", () => {
    assert.deepEqual(firstDifference({ "a-b": { "-c": { d$_1: { "e-": [{ "1f": 1 }] } } } }, { "a-b": { "-c": { d$_1: { "e-": [{ "1f": 2 }] } } } }), {
      at: ["a-b", "-c", "d$_1", "e-", 0, "1f"],
      words: '["a-b"]["-c"].d$_1["e-"][0]["1f"] is 1, expected 2',
    });
    assert.deepEqual(firstDifference({ $a: 1 }, { $a: 2 }), { at: ["$a"], words: "$a is 1, expected 2" });
  });

  it("shortens a value longer than 80 characters to 77 and an ellipsis, and keeps one of 80", () => {
    const eighty = `"${"y".repeat(78)}"`;
    assert.deepEqual(firstDifference("y".repeat(78), 1), { at: [], words: `the result is ${eighty}, expected 1` });
    assert.deepEqual(firstDifference("y".repeat(79), 1), { at: [], words: `the result is "${"y".repeat(76)}..., expected 1` });
  });
});

describe("forwardToCredential: what a forwardTo URL carries", () => {
  it("finds nothing in a plain URL or in text that is not a URL", () => {
    assert.equal(forwardToCredential("https://example.com/leads?page=2&token=#x", []), undefined);
    assert.equal(forwardToCredential("not a url", []), undefined);
  });

  it("takes the password, or the user name without one, with its raw and decoded forms", () => {
    assert.deepEqual(forwardToCredential("https://user:pa%40ss@example.com/x?api_key=k", []), {
      what: "a user name or password (user:password@ before the host)",
      offset: 8,
      values: ["user:pa%40ss", "pa%40ss", "pa@ss"],
    });
    assert.deepEqual(forwardToCredential("http://tok3n@example.com/@x", []), {
      what: "a user name or password (user:password@ before the host)",
      offset: 7,
      values: ["tok3n", "tok3n", "tok3n"],
    });
    // Without "//" (WHATWG URLs allow "https:user:pass@host"), nothing before the host is taken as written.
    assert.deepEqual(forwardToCredential("https:u:p@h//", []), { what: "a user name or password (user:password@ before the host)", offset: 13, values: ["p", "p"] });
    // A user name that does not decode keeps its two written forms.
    assert.deepEqual(forwardToCredential("https://%zz@example.com/", []), {
      what: "a user name or password (user:password@ before the host)",
      offset: 8,
      values: ["%zz", "%zz"],
    });
  });

  it("names a query or fragment parameter named like a credential, skipping empty ones", () => {
    const CRED = (name: string) => `a credential in the query parameter ${name}`;
    assert.deepEqual(forwardToCredential("https://example.com/x?page=1&token=&API-Key=a%2Fb", []), { what: CRED('"API-Key"'), offset: 36, values: ["a/b", "a%2Fb"] });
    assert.deepEqual(forwardToCredential("https://example.com/x?page=1#access_token=t", []), { what: CRED('"access_token"'), offset: 29, values: ["t", "t"] });
    for (const key of ["code", "auth", "pass", "sig", "signature", "pwd", "passwd", "password", "client_secret", "credential", "credentials", "hapikey", "x_token", "_auth_", "pass-", "co-de", "a_u_t_h"]) {
      assert.deepEqual(forwardToCredential(`https://example.com/x?${key}=v`, []), { what: CRED(`"${key}"`), offset: 22, values: ["v", "v"] }, key);
    }
    for (const key of ["zipcode", "codes", "author", "x_auth", "passes", "keys", "tokens", "signed"]) {
      assert.equal(forwardToCredential(`https://example.com/x?${key}=v`, []), undefined, key);
    }
  });

  it("quotes only a short plain parameter name, and finds where the parameter is written", () => {
    const forty = "k".repeat(37) + "key";
    assert.deepEqual(forwardToCredential(`https://example.com/?${forty}=v`, [])?.what, `a credential in the query parameter "${forty}"`);
    assert.deepEqual(forwardToCredential(`https://example.com/?k${forty}=v`, [])?.what, "a credential in the query parameter named like a credential");
    // "(a)key" is not escaped by encodeURIComponent: the search must not read it as a group and stop at "?akey=".
    assert.deepEqual(forwardToCredential("https://example.com/?akey=&(a)key=s", []), { what: "a credential in the query parameter named like a credential", offset: 27, values: ["s", "s"] });
    assert.deepEqual(forwardToCredential("https://example.com/?my%20key=s", []), { what: "a credential in the query parameter named like a credential", offset: 21, values: ["s", "s"] });
    // Written with "+" for the space, the search finds no "my%20key=": the start of the URL.
    assert.deepEqual(forwardToCredential("https://example.com/?my+key=s", []), { what: "a credential in the query parameter named like a credential", offset: 0, values: ["s", "s"] });
  });

  it("falls back to the secret patterns' findings", () => {
    const found = [
      { start: 25, end: 30, kind: "a Slack webhook token" },
      { start: 31, end: 33, kind: "an AWS key" },
    ];
    assert.deepEqual(forwardToCredential("https://hooks.example.com/T0000/B1/zz", found), { what: "what looks like a Slack webhook token", offset: 25, values: ["/T000", "/B"] });
    // Text that is not a URL: the findings alone.
    const text = "not a url, only text: 12/T0000/B1/zz";
    assert.deepEqual(forwardToCredential(text, found), { what: "what looks like a Slack webhook token", offset: 25, values: [text.slice(25, 30), text.slice(31, 33)] });
    assert.deepEqual([text.slice(25, 30), text.slice(31, 33)], ["T0000", "B1"]);
  });
});

describe("forwarderMetricProblems: forwarder metrics and their tag keys in runbook code", () => {
  const EMITTED = listOf(Object.values(METRICS).map((m) => m.name));
  const noMetric = (name: string, instead = "") => `the forwarder emits no metric ${name}${instead}; its metrics are ${EMITTED} (forwarder/metrics/names.ts)`;
  const tagsOf = (id: keyof typeof METRICS) => `${listOf(queryableTags(id))} (forwarder/metrics/names.ts)`;

  it("leaves placeholders, wildcards, the namespace alone and names inside longer names", () => {
    for (const line of [
      "martech.forwarder.",
      "see martech.forwarder.* and martech.forwarder.<metric> and martech.forwarder.$NAME",
      "martech.forwarder.settl* and martech.forwarder.sett<x>",
      "xmartech.forwarder.bogus and a.martech.forwarder.bogus and _martech.forwarder.bogus and 1martech.forwarder.bogus",
      "count:martech.forwarder.settled.{topic:x}",
      "count:martech.forwarder.settled by {topic}",
      "count:martech.forwarder.settled{topic:x",
      "count:martech.forwarder.settled{integration:a} / 2 by {topic}",
      "count:martech.forwarder.settled{<key>:x, $KEY:y, *, integration:a AND NOT source:b OR (env:c and destination:d) or synthetic:true not within_slo:x, {k:z} by {outcome, <group>}",
    ]) {
      assert.deepEqual(forwarderMetricProblems(line), [], line);
    }
  });

  it("names a metric the forwarder does not emit: what replaced it, the closest one, or only the list", () => {
    assert.deepEqual(forwarderMetricProblems(`sum:martech.forwarder.forwarded{x:y} and martech.forwarder.recieved. then martech.forwarder.${"q".repeat(30)}`), [
      { offset: 4, message: noMetric("martech.forwarder.forwarded", " any more; count martech.forwarder.settled{outcome:forwarded} instead") },
      { offset: 41, message: noMetric("martech.forwarder.recieved", " (did you mean martech.forwarder.received?)") },
      { offset: 74, message: noMetric(`martech.forwarder.${"q".repeat(30)}`) },
    ]);
    assert.deepEqual(forwarderMetricProblems("martech.forwarder.recieved.. martech.forwarder.settled.avg"), [
      { offset: 0, message: noMetric("martech.forwarder.recieved", " (did you mean martech.forwarder.received?)") },
      { offset: 29, message: noMetric("martech.forwarder.settled.avg", " (did you mean martech.forwarder.settled?)") },
    ]);
  });

  it("checks each key of the scope, IN lists and by {...} in order of position, after ! or -", () => {
    const line = "count:martech.forwarder.received{topic:a AND region IN (x, y) AND !kind:b AND -app:c AND zone NOT in (d) OR bare} by {integration, group,shard}";
    const filtered = (key: string) => `martech.forwarder.received is filtered on "${key}", a tag the forwarder never sends on it, so the query matches nothing; its tags are ${tagsOf("received")}`;
    const grouped = (key: string) => `martech.forwarder.received is grouped by "${key}", a tag the forwarder never sends on it, so the query puts everything in one group; its tags are ${tagsOf("received")}`;
    assert.deepEqual(forwarderMetricProblems(line), [
      { offset: 33, message: filtered("topic") },
      { offset: 45, message: filtered("region") },
      { offset: 67, message: filtered("kind") },
      { offset: 79, message: filtered("app") },
      { offset: 89, message: filtered("zone") },
      { offset: 108, message: filtered("bare") },
      { offset: 131, message: grouped("group") },
      { offset: 137, message: grouped("shard") },
    ]);
    assert.deepEqual(forwarderMetricProblems("count:martech.forwarder.received{brand AND notary OR x-y:1 AND team.name-x/y  IN  (a, b) AND zone NOT  in(d)}"), [
      { offset: 33, message: filtered("brand") },
      { offset: 43, message: filtered("notary") },
      { offset: 53, message: filtered("x-y") },
      { offset: 63, message: filtered("team.name-x/y") },
      { offset: 93, message: filtered("zone") },
    ]);
  });

  it("reads an empty key before a colon as an empty key", () => {
    assert.deepEqual(forwarderMetricProblems("martech.forwarder.received{:x}"), [
      { offset: 27, message: `martech.forwarder.received is filtered on "", a tag the forwarder never sends on it, so the query matches nothing; its tags are ${tagsOf("received")}` },
    ]);
  });

  it("reads each metric of a line, and the tags of the metric they follow", () => {
    const line = "martech.forwarder.failed{reason:x} / martech.forwarder.received{reason:y}  by  {error_code}";
    assert.deepEqual(forwarderMetricProblems(line), [
      { offset: 64, message: `martech.forwarder.received is filtered on "reason", a tag the forwarder never sends on it, so the query matches nothing; its tags are ${tagsOf("received")}` },
      { offset: 80, message: `martech.forwarder.received is grouped by "error_code", a tag the forwarder never sends on it, so the query puts everything in one group; its tags are ${tagsOf("received")}` },
    ]);
  });
});
