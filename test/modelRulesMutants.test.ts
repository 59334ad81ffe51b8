/**
 * validate-model's mutation gaps in the readers and rules behind runbook-stale-reference and the
 * model rules (helper B): `pulumi config` commands and `martech-reliability:` references read from
 * runbook code, the stale-name messages, and duplicate-id, reference-syntax, unresolved-reference
 * and top-revenue-coverage. Each test names the whole result exactly (every field, every
 * diagnostic with its `file:line:col`), so a reader or rule that finds one more, one less, or
 * says it differently fails.
 */
import { strict as assert } from "node:assert";
import { configCommandsIn, projectConfigReferencesIn } from "../compiler/validate/pulumiConfigCommand";
import { awsNameProblem, hookPathProblem, isPlaceholder, secretNameProblem } from "../compiler/validate/stackNameProblems";
import type { WebhookSource } from "../compiler/stackNames";
import { editFile as edit, fixtureDiagnostics as diagnostics, replaceOnce, type Fixture } from "./support/fixture";

const INT1 = "inventory/integrations/integration-0001.yaml";

describe("validate-model: pulumi config commands, every field", () => {
  const cmd = (offset: number, key: string, name = key, extra: { namespace?: string; otherProject?: boolean; stack?: string } = {}) => ({
    offset, key, ...(extra.namespace !== undefined && { namespace: extra.namespace }), name, otherProject: extra.otherProject ?? false, ...(extra.stack !== undefined && { stack: extra.stack }),
  });
  const cases: [string, ReturnType<typeof cmd>[]][] = [
    // -s and --stack, as two words or one: the stack is kept; a fully qualified one is another project's.
    ["pulumi config set a 1 -s prod", [cmd(18, "a", "a", { stack: "prod" })]],
    ["pulumi config set a --stack=acme/p/prod", [cmd(18, "a", "a", { otherProject: true, stack: "acme/p/prod" })]],
    ["pulumi config set a --stack org/proj", [cmd(18, "a", "a", { stack: "org/proj" })]],
    ["pulumi config set a --stack a/b/c/d", [cmd(18, "a", "a", { stack: "a/b/c/d" })]],
    ["pulumi --stack prod config set a 1", [cmd(31, "a", "a", { stack: "prod" })]],
    ["pulumi config --stack prod set a", [cmd(31, "a", "a", { stack: "prod" })]],
    ["pulumi config set-all --secret a=1 --stack prod", [cmd(31, "a", "a", { stack: "prod" })]],
    // --cwd and --config-file take a value and point at another project.
    ["pulumi --cwd x config get a", [cmd(26, "a", "a", { otherProject: true })]],
    ["pulumi --config-file f config rm a", [cmd(33, "a", "a", { otherProject: true })]],
    // Not a get/set/rm with a key.
    ["pulumi config set", []],
    ["pulumi config unset a", []],
    ["pulumi config", []],
    ["pulumi", []],
    ["pulumi -s prod", []],
    ["npx pulumi config set a 1", []],
    // set-all: a flag at the end, a pair without `=` or with an empty key are no keys.
    ["pulumi config set-all --plaintext", []],
    ["pulumi config set-all --plaintext noeq --secret =x --secret b= ", [cmd(60, "b")]],
    ["pulumi config set-all a=1", []],
    ["pulumi config set-all --plaintext=a=1 x", [cmd(34, "a")]],
    // Words: quotes removed (the offset is inside the first quote), comments, separators, tabs.
    ['pulumi config set "a b" 1', [cmd(19, "a b")]],
    ["pulumi config set 'a'\"b\"c 1", [cmd(19, "abc")]],
    ["pulumi config set 'abc", [cmd(19, "abc")]],
    ["pulumi config set x'a'", [cmd(18, "xa")]],
    ["pulumi config set a 1 # pulumi config set b 2", [cmd(18, "a")]],
    ["(pulumi config set a 1)", [cmd(19, "a")]],
    ["x|pulumi config get b", [cmd(20, "b")]],
    ["x&pulumi config rm c", [cmd(19, "c")]],
    ["pulumi config set a;pulumi config set b", [cmd(18, "a"), cmd(38, "b")]],
    ["pulumi config set a|b", [cmd(18, "a")]],
    ["pulumi config set a&b", [cmd(18, "a")]],
    ["pulumi config set a(b", [cmd(18, "a")]],
    ["pulumi config set a)b", [cmd(18, "a")]],
    ["pulumi\tconfig\tset\tt", [cmd(18, "t")]],
    // Keys: namespaces and --path elements.
    ["pulumi config set --path '[\"p.q\"].r'", [cmd(26, '["p.q"].r', "p.q")]],
    ["pulumi config set --path aws:a[0]", [cmd(25, "aws:a[0]", "a", { namespace: "aws" })]],
    ["pulumi config set --path a.b:c", [cmd(25, "a.b:c", "a")]],
    ["pulumi config set ns:a.b", [cmd(18, "ns:a.b", "a.b", { namespace: "ns" })]],
    ["pulumi config set a:b:c", [cmd(18, "a:b:c", "b:c", { namespace: "a" })]],
    ["pulumi config set a[0]:b", [cmd(18, "a[0]:b")]],
    ["pulumi config set '[\"x\"]'", [cmd(19, '["x"]')]],
    ["pulumi config set :x", [cmd(18, ":x", "x", { namespace: "" })]],
    ["config set a 1", []],
    ["pulumi stack set a", []],
    ["pulumi config set a=b", [cmd(18, "a=b")]],
    ["pulumi config set # b", []],
    // -s at the end of the line: a stack flag without a value.
    ["pulumi config set a -s", [cmd(18, "a", "a", { stack: "" })]],
  ];
  for (const [line, expected] of cases) {
    it(line, () => assert.deepStrictEqual(configCommandsIn(line), expected));
  }
});

describe("validate-model: martech-reliability: references", () => {
  it("finds each reference not glued to a name before it, keys and placeholders only", () => {
    assert.deepStrictEqual(
      projectConfigReferencesIn("martech-reliability:foo and martech-reliability:<key>, xmartech-reliability:bar martech-reliability:1x .martech-reliability:y -martech-reliability:z _martech-reliability:w 9martech-reliability:v Amartech-reliability:u (martech-reliability:Ab_9-c", "martech-reliability"),
      [{ offset: 0, name: "foo" }, { offset: 28, name: "<key>" }, { offset: 219, name: "Ab_9" }],
    );
    assert.deepStrictEqual(projectConfigReferencesIn("nothing here", "martech-reliability"), []);
    assert.deepStrictEqual(projectConfigReferencesIn("martech-reliability:x martech-reliability:y", "martech-reliability"), [{ offset: 0, name: "x" }, { offset: 22, name: "y" }]);
  });

  it("escapes the project name, and reuses its pattern", () => {
    assert.deepStrictEqual(projectConfigReferencesIn("a.b:x axb:y (a.b:z", "a.b"), [{ offset: 0, name: "x" }, { offset: 13, name: "z" }]);
    assert.deepStrictEqual(projectConfigReferencesIn("axb:y a.b:w", "a.b"), [{ offset: 6, name: "w" }]);
    assert.deepStrictEqual(projectConfigReferencesIn("p+q:k pq:k ppq:k", "p+q"), [{ offset: 0, name: "k" }]);
    assert.deepStrictEqual(projectConfigReferencesIn("p1:k p:k", "p1"), [{ offset: 0, name: "k" }]);
  });
});

describe("validate-model: stale names, in words", () => {
  const ALL = "the forwarder's functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer, its queues martech-prod-webhooks and martech-prod-webhooks-dlq and its table martech-prod-webhook-deliveries";
  const FUNCTIONS = "its functions are martech-prod-webhook-ingress and martech-prod-webhook-consumer";
  const QUEUES = "every webhook source shares the queue martech-prod-webhooks and its dead-letter queue martech-prod-webhooks-dlq";
  const TABLE = "its table is martech-prod-webhook-deliveries";
  const SOURCES: WebhookSource[] = [{ integration: "i1", source: "s1", secretConfigKey: "k1", credentialTargets: ["sf"] }, { integration: "i2", source: "s2", secretConfigKey: "k2" }];

  it("AWS names: what is not ours, what exists, what exists as another kind, what does not exist", () => {
    const cases: [string, "function" | "queue" | "table" | undefined, string | undefined][] = [
      ["foo", undefined, undefined],
      ["martech-forwarder-", undefined, undefined],
      ["martech-forwarder-x", undefined, `this stack creates nothing named martech-forwarder-x (the forwarder no longer has per-source queues or Lambdas); ${ALL}`],
      ["martech-forwarder-x", "function", `the forwarder has no Lambda martech-forwarder-x; ${FUNCTIONS}`],
      ["martech-qa-webhook-ingress", "function", 'martech-qa-webhook-ingress is named for environment "qa", but no stack of this repository has that environment (they are prod and staging), so it does not exist; in prod the forwarder\'s names are martech-prod-webhook-ingress, martech-prod-webhook-consumer, martech-prod-webhooks, martech-prod-webhooks-dlq and martech-prod-webhook-deliveries'],
      ["martech-prod-webhook-ingress", undefined, undefined],
      ["martech-prod-webhook-ingress", "function", undefined],
      ["martech-prod-webhook-ingress", "queue", `martech-prod-webhook-ingress is the forwarder's Lambda, not a queue; ${QUEUES}`],
      ["martech-prod-webhook-ingress", "table", `martech-prod-webhook-ingress is the forwarder's Lambda, not a table; ${TABLE}`],
      ["martech-prod-webhooks", "function", `martech-prod-webhooks is the forwarder's queue, not a Lambda; ${FUNCTIONS}`],
      ["martech-prod-webhook-deliveries", "queue", `martech-prod-webhook-deliveries is the forwarder's table, not a queue; ${QUEUES}`],
      ["martech-staging-webhooks", undefined, undefined],
      ["martech-staging-webhooks", "queue", undefined],
      ["martech-prod-webhook-x", undefined, `this stack creates nothing named martech-prod-webhook-x; ${ALL}`],
      ["martech-prod-webhook-*", "table", undefined],
      ["martech-prod-webhook-x", "table", `the forwarder has no table martech-prod-webhook-x; ${TABLE}`],
      ["martech-prod-webhook-x", "queue", `the forwarder has no queue martech-prod-webhook-x; ${QUEUES}`],
      ["martech-prod-webhook-x", "function", `the forwarder has no Lambda martech-prod-webhook-x; ${FUNCTIONS}`],
    ];
    assert.deepStrictEqual(cases.map(([name, kind]) => [name, kind, awsNameProblem(name, kind)]), cases);
  });

  it("secrets: each source's, each target with credentials, the Datadog key; placeholders and patterns", () => {
    const LIST = "martech/prod/forwarder/i1/s1, martech/prod/forwarder/i2/s2, martech/prod/forwarder-destinations/i1/s1/sf and martech/prod/forwarder/datadog-api-key";
    const cases: [string, string | undefined][] = [
      ["foo", undefined],
      ["martech/prod/forwarder/<i>/<s>", undefined],
      ["martech/prod/forwarder/${SOURCE}", undefined],
      ["martech/qa/forwarder/i1/s1", `secret martech/qa/forwarder/i1/s1 is named for environment "qa", but no stack of this repository has that environment (they are prod and staging); in prod the forwarder's secrets are ${LIST}`],
      ["martech/prod/forwarder/i1/s1", undefined],
      ["martech/staging/forwarder/i2/s2", undefined],
      ["martech/prod/forwarder/*", undefined],
      ["martech/prod/forwarder-destinations/i1/s1/sf", undefined],
      ["martech/prod/forwarder/datadog-api-key", undefined],
      ["martech/prod/forwarder/i9/s1", `the forwarder has no secret martech/prod/forwarder/i9/s1; its secrets are ${LIST}`],
      ["martech/prod/forwarder-destinations/i2/s2/sf", `the forwarder has no secret martech/prod/forwarder-destinations/i2/s2/sf; its secrets are ${LIST}`],
    ];
    assert.deepStrictEqual(cases.map(([name]) => [name, secretNameProblem(name, SOURCES)]), cases);
  });

  it("routes: the ingress's, trailing slashes, and what a stale one should be", () => {
    const ONLY = "it answers /hooks/<integration>/<source> only";
    const cases: [string, string | undefined][] = [
      ["/hooks/<i>/<s>", undefined],
      ["/hooks/{integration}/x", undefined],
      ["/hooks/i1/s1", undefined],
      ["/hooks/i1/s1//", undefined],
      ["/hooks/s1", `the forwarder has no route /hooks/s1: ${ONLY}; for s1 that is /hooks/i1/s1`],
      ["/hooks/x/i2/", `the forwarder has no route /hooks/x/i2: ${ONLY}; for i2 that is /hooks/i2/s2`],
      ["/hooks/zz", `the forwarder has no route /hooks/zz: ${ONLY}; this inventory's are /hooks/i1/s1 and /hooks/i2/s2`],
      ["/hooks/i1/s1/x", `the forwarder has no route /hooks/i1/s1/x: ${ONLY}; this inventory's are /hooks/i1/s1 and /hooks/i2/s2`],
    ];
    assert.deepStrictEqual(cases.map(([path]) => [path, hookPathProblem(path, SOURCES)]), cases);
  });

  it("placeholders: any of < > { } $", () => {
    assert.deepStrictEqual(["a<", "a>", "{", "}", "$", "abc", "", "a b"].map(isPlaceholder), [true, true, true, true, true, false, false, false]);
  });
});

describe("validate-model: duplicate-id and unresolved-reference, every diagnostic", () => {
  const INT4 = "inventory/integrations/integration-0004.yaml";
  const SYSTEMS = "inventory/systems.yaml";
  const ROTATIONS = "inventory/rotations.yaml";
  const TEAMS = "inventory/teams.yaml";
  const all = (...edits: ((f: Fixture) => void)[]) => diagnostics((f) => edits.forEach((e) => e(f)));

  it("reports each repeated system id against its first definition", () => {
    assert.deepStrictEqual(all(edit(SYSTEMS, "  - id: salesforce\n", "  - id: hubspot\n    name: h2\n    category: crm\n  - id: hubspot\n    name: h3\n    category: crm\n  - id: salesforce\n")), [
      `${SYSTEMS}:11:9: error: system id "hubspot" is already defined at ${SYSTEMS}:8; ids must be unique [duplicate-id]`,
      `${SYSTEMS}:14:9: error: system id "hubspot" is already defined at ${SYSTEMS}:8; ids must be unique [duplicate-id]`,
    ]);
  });

  it("reports repeated failure mode ids and titles, each against the first", () => {
    assert.deepStrictEqual(
      all(edit(INT1, "  - id: api-errors", "  - id: field-deprecated"), edit(INT1, "  - id: silent", "  - id: field-deprecated"), edit(INT1, "title: No submissions arriving", "title: CRM field deprecated"), edit(INT1, "title: Rate limit nearly exhausted", "title: CRM field deprecated")),
      [
        `${INT1}:43:9: error: failure mode of integration integration-0001 id "field-deprecated" is already defined at ${INT1}:32; ids must be unique [duplicate-id]`,
        `${INT1}:53:9: error: failure mode of integration integration-0001 id "field-deprecated" is already defined at ${INT1}:32; ids must be unique [duplicate-id]`,
        `${INT1}:54:12: error: failure mode of integration integration-0001 title "CRM field deprecated" is already defined at ${INT1}:33; titles must be unique [duplicate-id]`,
        `${INT1}:71:12: error: failure mode of integration integration-0001 title "CRM field deprecated" is already defined at ${INT1}:33; titles must be unique [duplicate-id]`,
      ],
    );
  });

  it("reports each repeated webhook id of an integration against its first", () => {
    assert.deepStrictEqual(all((f) => {
      const t = f.files.get(INT1)!;
      const hooks = t.slice(t.indexOf("webhooks:\n") + "webhooks:\n".length);
      f.files.set(INT1, t + hooks + hooks);
    }), [
      `${INT1}:92:9: error: webhook of integration integration-0001 id "hubspot-events" is already defined at ${INT1}:81; ids must be unique [duplicate-id]`,
      `${INT1}:103:9: error: webhook of integration integration-0001 id "hubspot-events" is already defined at ${INT1}:81; ids must be unique [duplicate-id]`,
    ]);
  });

  it("reports a repeated team id, and what referred to the team it hid", () => {
    assert.deepStrictEqual(all(edit(TEAMS, "  - id: revenue-operations\n", "  - id: growth-engineering\n")), [
      `${INT1}:8:8: error: there is no team "revenue-operations"; expected one of: growth-engineering [unresolved-reference]`,
      `inventory/integrations/integration-0003.yaml:8:8: error: there is no team "revenue-operations"; expected one of: growth-engineering [unresolved-reference]`,
      `inventory/integrations/integration-0005.yaml:8:8: error: there is no team "revenue-operations"; expected one of: growth-engineering [unresolved-reference]`,
      `${ROTATIONS}:16:11: error: there is no team "revenue-operations"; expected one of: growth-engineering [unresolved-reference]`,
      `${TEAMS}:18:9: error: team id "growth-engineering" is already defined at ${TEAMS}:5; ids must be unique [duplicate-id]`,
    ]);
  });

  it("reports a repeated rotation id, and what referred to the rotation it hid", () => {
    assert.deepStrictEqual(all(edit(ROTATIONS, "  - id: revenue-operations-primary\n", "  - id: growth-engineering-primary\n")), [
      `${INT1}:9:11: error: there is no rotation "revenue-operations-primary"; expected one of: growth-engineering-primary [unresolved-reference]`,
      `inventory/integrations/integration-0003.yaml:9:11: error: there is no rotation "revenue-operations-primary"; expected one of: growth-engineering-primary [unresolved-reference]`,
      `inventory/integrations/integration-0005.yaml:9:11: error: there is no rotation "revenue-operations-primary"; expected one of: growth-engineering-primary [unresolved-reference]`,
      `${ROTATIONS}:14:9: error: rotation id "growth-engineering-primary" is already defined at ${ROTATIONS}:5; ids must be unique [duplicate-id]`,
    ]);
  });

  it("resolves an integration's rotation, systems, reconciliation sides and forwardTo systems", () => {
    assert.deepStrictEqual(
      all(edit(INT1, "rotation: revenue-operations-primary", "rotation: nobody"), edit(INT1, "upstream: [webflow-forms]", "upstream: [webflow-form]"), edit(INT1, "downstream: { system: salesforce, count", "downstream: { system: webflow-forms, count"), edit(INT1, "      - system: salesforce\n", "      - system: hubspot2\n")),
      [
        `${INT1}:9:11: error: there is no rotation "nobody"; expected one of: growth-engineering-primary, revenue-operations-primary [unresolved-reference]`,
        `${INT1}:13:12: error: there is no system "webflow-form"; did you mean "webflow-forms"? [unresolved-reference]`,
        `${INT1}:39:27: error: there is no upstream system "webflow-forms" in this integration's upstream list; did you mean "webflow-form"? [unresolved-reference]`,
        `${INT1}:40:29: error: there is no downstream system "webflow-forms" in this integration's downstream list; expected one of: hubspot, salesforce [unresolved-reference]`,
        `${INT1}:85:17: error: there is no downstream system "hubspot2" in this integration's downstream list; did you mean "hubspot"? [unresolved-reference]`,
      ],
    );
  });

  it("names no candidates for an slo of an integration that has none", () => {
    assert.deepStrictEqual(all((f) => {
      const t = f.files.get(INT4)!;
      f.files.set(INT4, replaceOnce(t, t.slice(t.indexOf("slos:\n"), t.indexOf("failureModes:")), ""));
    }), [`${INT4}:20:10: error: there is no slo "delivered-within-60s" in integration integration-0004 [unresolved-reference]`]);
  });

  it("checks a failure mode's systems against the integration's own", () => {
    assert.deepStrictEqual(all(edit(INT1, "    response: ticket\n    detection:\n      kind: anomaly", "    response: ticket\n    systems: [hubspot, stripe, webflow-forms]\n    detection:\n      kind: anomaly")), [
      `${INT1}:65:24: error: there is no system "stripe" in this integration's upstream or downstream list; expected one of: webflow-forms, hubspot, salesforce [unresolved-reference]`,
    ]);
  });

  it("checks a rotation's team, then its members among that team's", () => {
    assert.deepStrictEqual(all(edit(ROTATIONS, "team: growth-engineering\n", "team: growth-eng\n")), [
      `${ROTATIONS}:7:11: error: there is no team "growth-eng"; did you mean "growth-engineering"? [unresolved-reference]`,
    ]);
    assert.deepStrictEqual(all(edit(ROTATIONS, "members: [growth-engineering-1@example.com, growth-engineering-2@example.com", "members: [growth-engineering-1@example.com, revenue-operations-2@example.com")), [
      `${ROTATIONS}:11:49: error: there is no person "revenue-operations-2@example.com" among the members of team growth-engineering; expected one of: growth-engineering-1@example.com, growth-engineering-2@example.com, growth-engineering-3@example.com [unresolved-reference]`,
    ]);
  });

  it("counts what a broken file declares, of the kind asked for only", () => {
    // systems.yaml has a shape error: its ids still resolve, and are the candidates named.
    assert.deepStrictEqual(all(edit(SYSTEMS, "category: web\n", "category: bogus\n"), edit(INT1, "upstream: [webflow-forms]", "upstream: [webflow-forms, zzzzzzzzzzzzzz]")), [
      `${INT1}:13:27: error: there is no system "zzzzzzzzzzzzzz"; expected one of: webflow-forms, hubspot, salesforce [unresolved-reference]`,
      `${SYSTEMS}:7:15: error: system webflow-forms: category: "bogus" is not allowed; expected one of: web, crm, marketing-automation, ads, cdp, warehouse, email, billing, enrichment, consent, tag-manager, commerce, observability, internal, other [schema]`,
    ]);
    assert.deepStrictEqual(all(edit(TEAMS, 'chatChannel: "#growth-engineering-alerts"', "chatChannel: growth"), edit(INT1, "owner: revenue-operations", "owner: zzzzzzzzzzzzzz"), edit(INT1, "rotation: revenue-operations-primary", "rotation: zzzzzzzzzzzzzz")), [
      `${INT1}:8:8: error: there is no team "zzzzzzzzzzzzzz"; expected one of: growth-engineering, revenue-operations [unresolved-reference]`,
      `${INT1}:9:11: error: there is no rotation "zzzzzzzzzzzzzz"; expected one of: growth-engineering-primary, revenue-operations-primary [unresolved-reference]`,
      `${TEAMS}:7:18: error: team growth-engineering: chatChannel: must be a channel name such as "#growth-alerts" [schema]`,
    ]);
  });
});

describe("validate-model: reference-syntax in field names, and top-revenue-coverage", () => {
  const WHY = 'starts a placeholder that the deployment fills in with a value of another resource, such as a PagerDuty integration key or a web address, so this text could publish a secret or point somewhere else; write "$ {" or remove it [reference-syntax]';
  const AT = "webhook hubspot-events: forwardTo[0].transformTests[0].input";

  it("reports a field name holding ${ at the name, and walks every value under it (nulls, numbers, lists)", () => {
    assert.deepStrictEqual(diagnostics(edit(INT1, "- input: { email: ada@example.com }", '- input: { email: ada@example.com, "k${a}": 1, n: null, t: true, z: 0, l: [null, "x${b}", {"y${c}": ""}] }')), [
      `${INT1}:90:46: error: ${AT}: a field name holds "\${", which ${WHY}`,
      `${INT1}:90:94: error: ${AT}.l[1]: "\${" ${WHY}`,
      `${INT1}:90:102: error: ${AT}.l[2]: a field name holds "\${", which ${WHY}`,
    ]);
  });

  it("reports a string that starts with ${", () => {
    assert.deepStrictEqual(diagnostics(edit(INT1, "- input: { email: ada@example.com }", '- input: { email: "${x}" }')), [`${INT1}:90:30: error: ${AT}.email: "\${" ${WHY}`]);
  });

  it("finds block-style and complex keys where they stand", () => {
    assert.deepStrictEqual(diagnostics(edit(INT1, "- input: { email: ada@example.com }", '- input:\n              email: ada@example.com\n              k${a}: 1\n              q:\n                ? "m${z}"\n                : 2')), [
      `${INT1}:92:15: error: ${AT}: a field name holds "\${", which ${WHY}`,
      `${INT1}:94:19: error: ${AT}.q: a field name holds "\${", which ${WHY}`,
    ]);
  });

  it("ranks the top five by revenue exposure and names each one's gaps", () => {
    const withoutSlos = (file: string) => (f: Fixture) => {
      const text = f.files.get(file)!;
      f.files.set(file, replaceOnce(replaceOnce(text, text.slice(text.indexOf("slos:\n"), text.indexOf("failureModes:")), ""), "    slo: delivered-within-60s\n", ""));
    };
    const INT2 = "inventory/integrations/integration-0002.yaml";
    const INT3 = "inventory/integrations/integration-0003.yaml";
    assert.deepStrictEqual(
      diagnostics((f) => {
        withoutSlos(INT1)(f);
        withoutSlos(INT2)(f);
        f.runbooks.delete("integration-0003.md");
        f.runbooks.set("integration-0001.md", replaceOnce(f.runbooks.get("integration-0001.md")!, "### CRM API errors", "### API errors"));
      }),
      [
        `${INT1}:11:15: error: integration integration-0001 is #2 by revenue exposure ($8,019/h), one of the top 5, so it needs at least one SLO under "slos" [top-revenue-coverage]`,
        `${INT1}:11:15: error: integration integration-0001 is #2 by revenue exposure ($8,019/h), one of the top 5, so its runbook must be complete; 1 problem(s) are reported for it [top-revenue-coverage]`,
        `${INT1}:27:12: error: failure mode api-errors: runbook runbooks/integration-0001.md has no "### CRM API errors" heading under "## Failure modes ranked by frequency", and its monitor links there [failure-mode-heading-missing]`,
        `${INT2}:11:15: error: integration integration-0002 is #4 by revenue exposure ($5,938/h), one of the top 5, so it needs at least one SLO under "slos" [top-revenue-coverage]`,
        `${INT3}:4:5: error: there is no runbook integration-0003.md in the runbooks folder; create it with "npm run new-integration -- integration-0003" or fix the path [runbook-missing]`,
        `${INT3}:11:15: error: integration integration-0003 is #5 by revenue exposure ($3,857/h), one of the top 5, so its runbook must be complete; it has none [top-revenue-coverage]`,
      ],
    );
  });
});

describe("validate-model: the webhook sources stale names are checked against", () => {
  it("takes each integration's first definition only", () => {
    const RB = "runbooks/integration-0004.md";
    const ids = ["0001", "0002", "0003", "0004", "0005", "0006"];
    assert.deepStrictEqual(
      diagnostics((f) => {
        f.files.set("inventory/integrations/integration-0007.yaml", f.files.get(INT1)!.replace("id: hubspot-events", "id: other-events"));
        f.runbooks.set("integration-0004.md", replaceOnce(f.runbooks.get("integration-0004.md")!, "Diagnosis for integration-0004. Check the forwarder dashboard, then run:", "`martech/prod/forwarder/x/y` and `/hooks/zz`"));
      }),
      [
        `inventory/integrations/integration-0007.yaml:4:5: error: integration id "integration-0001" is already defined at ${INT1}:4; ids must be unique [duplicate-id]`,
        `${RB}:71:2: error: the forwarder has no secret martech/prod/forwarder/x/y; its secrets are ${ids.map((n) => `martech/prod/forwarder/integration-${n}/hubspot-events`).join(", ")} and martech/prod/forwarder/datadog-api-key [runbook-stale-reference]`,
        `${RB}:71:35: error: the forwarder has no route /hooks/zz: it answers /hooks/<integration>/<source> only; this inventory's are ${ids.slice(0, 5).map((n) => `/hooks/integration-${n}/hubspot-events`).join(", ")} and /hooks/integration-0006/hubspot-events [runbook-stale-reference]`,
      ],
    );
  });
});
