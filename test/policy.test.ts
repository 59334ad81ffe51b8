/**
 * The CrossGuard pack (policy/): each policy through its own validateResource/validateStack,
 * called with arguments shaped as @pulumi/policy builds them (props behind the SDK's
 * unknown-checking proxy, unknown values as the engine's wire sentinel), the sample
 * inventory's whole plan, and the pack as `pulumi preview --policy-pack policy` runs it.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { GroupPolicy } from "@pulumi/aws/iam/groupPolicy";
import { Policy as IamPolicy } from "@pulumi/aws/iam/policy";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { UserPolicy } from "@pulumi/aws/iam/userPolicy";
import { Monitor } from "@pulumi/datadog/monitor";
import { ServiceObject } from "@pulumi/datadog/pagerduty/serviceObject";
import { ServiceLevelObjective } from "@pulumi/datadog/serviceLevelObjective";
import {
  unknownCheckingProxy,
  UnknownValueError,
  type Policy,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { parse } from "yaml";
import { MONITOR } from "../compiler/lower/monitors";
import { TYPES as LOWER_TYPES } from "../compiler/lower/onCall";
import { SLO, sloSpecs } from "../compiler/lower/slos";
import { refsIn, resolveRefsInString, type ResourceSpec } from "../compiler/lower/spec";
import { PACK_NAME, packArgs } from "../policy/pack";
import { wildcardReason } from "../policy/rules/iamActions";
import { isRetiredDescription } from "../policy/rules/sloProtected";
import { TYPES } from "../policy/rules/resourceTypes";
import { STAGING_STACK, STAGING_TAG, stackOfUrn } from "../policy/rules/staging";
import { STAGING_ENVIRONMENT } from "../compiler/lower/settings";
import { REPO } from "./support/runCli";
import { sampleInventory, sampleSettings, sampleState } from "./support/sampleState";

// ---- arguments as the policy SDK builds them --------------------------------------------

/** What the engine sends for a string that is unknown during preview (Pulumi's RPC sentinel). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether other resources' outputs (`${ref:...}`) are still unknown (first preview) or known. */
type Refs = "unknown" | "known";

/**
 * A lowered spec's inputs as the engine sends them. `${ref:...}` stands for another resource's
 * output: in a first preview a string containing one is unknown as a whole; once the resource
 * exists (a later preview, or the update) it is a known value, here a stand-in.
 */
function wire(value: unknown, refs: Refs = "unknown"): unknown {
  if (typeof value === "string") {
    if (!value.includes("${ref:")) return value;
    return refs === "unknown" ? UNKNOWN_STRING : resolveRefsInString(value, (name, attr) => `known-${name}-${attr}`);
  }
  if (Array.isArray(value)) return value.map((v) => wire(v, refs));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v, refs)]));
  return value;
}

interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: object;
  readonly protect?: boolean;
  /** The stack it is deployed in (its URN says so); prod unless named. */
  readonly stack?: string;
}

const urnOf = (r: TestResource) => `urn:pulumi:${r.stack ?? "prod"}::martech-reliability::${r.type}::${r.name}`;

class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "");
};

const options = (protect: boolean) => ({ protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] });

function resourceArgs(r: TestResource, refs: Refs = "unknown"): ResourceValidationArgs {
  const props = unknownCheckingProxy(wire(r.inputs, refs));
  return {
    type: r.type,
    props,
    urn: urnOf(r),
    name: r.name,
    opts: options(r.protect ?? false),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

function stackArgs(resources: readonly TestResource[], refs: Refs = "unknown"): StackValidationArgs {
  return {
    resources: resources.map(
      (r): PolicyResource => ({
        type: r.type,
        props: unknownCheckingProxy(wire(r.inputs, refs)),
        urn: urnOf(r),
        name: r.name,
        opts: options(r.protect ?? false),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
      }),
    ),
    stackTags: new Map(),
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

/** What one policy run left: violations (message, urn), and how the SDK would close it. */
interface Result {
  readonly violations: { message: string; urn?: string }[];
  /** The SDK turns this into an advisory "can't run policy ... during preview" note. */
  readonly unknown?: string;
  readonly notApplicable?: string;
}

async function settle(run: (report: (message: string, urn?: string) => void) => unknown): Promise<Result> {
  const violations: { message: string; urn?: string }[] = [];
  try {
    await run((message, urn) => violations.push(urn === undefined ? { message } : { message, urn }));
    return { violations };
  } catch (e) {
    if (e instanceof UnknownValueError) return { violations, unknown: (e as Error).message };
    if (e instanceof NotApplicable) return { violations, notApplicable: e.message };
    throw e;
  }
}

function validate(policy: ResourceValidationPolicy, r: TestResource, refs: Refs = "unknown"): Promise<Result> {
  const v = policy.validateResource;
  assert.ok(typeof v === "function", `${policy.name} has one validateResource`);
  return settle((report) => v(resourceArgs(r, refs), report));
}

const validateStack = (policy: StackValidationPolicy, resources: readonly TestResource[], refs: Refs = "unknown") =>
  settle((report) => policy.validateStack(stackArgs(resources, refs), report));

function policyNamed<T extends Policy>(name: string): T {
  const p = packArgs.policies.find((q) => q.name === name);
  assert.ok(p, `policy ${name} is in the pack`);
  return p as unknown as T;
}

const messages = (r: Result) => r.violations.map((v) => v.message);

// ---- sample data -------------------------------------------------------------------------

const state = sampleState();
const sampleMonitors = state.resources.filter((r) => r.type === MONITOR);
const pagingMonitor = sampleMonitors.find((r) => (r.inputs as { tags: string[] }).tags.includes("response:page"))!;
const ticketMonitor = sampleMonitors.find((r) => (r.inputs as { tags: string[] }).tags.includes("response:ticket"))!;
const sampleSlo = state.resources.find((r) => r.type === SLO)!;

const withInputs = (r: ResourceSpec, change: Record<string, unknown>): TestResource => ({ ...r, inputs: { ...r.inputs, ...change } });
const messageOf = (r: ResourceSpec) => (r.inputs as { message: string }).message;

// ---- the pack ----------------------------------------------------------------------------

describe("policy pack: contents", () => {
  it("lists exactly its six policies, each mandatory", () => {
    assert.equal(PACK_NAME, "martech-reliability");
    assert.deepEqual(
      packArgs.policies.map((p) => [p.name, p.enforcementLevel]),
      [
        ["monitor-has-runbook-team-priority", "mandatory"],
        ["paging-monitor-notifies-pagerduty", "mandatory"],
        ["monitor-notifies-exactly-its-route", "mandatory"],
        ["pagerduty-handle-has-service-object", "mandatory"],
        ["iam-no-wildcard-actions", "mandatory"],
        ["slo-protected-unless-retired", "mandatory"],
      ],
    );
    assert.deepEqual(
      packArgs.policies.map((p) => ("validateStack" in p ? "stack" : "resource")),
      ["resource", "resource", "resource", "stack", "resource", "resource"],
    );
  });

  it("is a Node.js policy project with a versioned package, as the engine and the SDK require", () => {
    const project = parse(readFileSync(join(REPO, "policy", "PulumiPolicy.yaml"), "utf8")) as { runtime: string };
    assert.equal(project.runtime, "nodejs");
    const pkg = JSON.parse(readFileSync(join(REPO, "policy", "package.json"), "utf8")) as { version?: string; main?: string; dependencies?: object };
    assert.match(pkg.version ?? "", /^\d+\.\d+\.\d+$/);
    assert.equal(pkg.main, "index.ts");
    assert.equal(pkg.dependencies, undefined, "dependencies resolve from the repository root");
  });

  it("looks at the type tokens the compiler emits and the providers define", () => {
    assert.equal(TYPES.monitor, MONITOR);
    assert.equal(TYPES.slo, SLO);
    assert.equal(TYPES.pagerdutyServiceObject, LOWER_TYPES.serviceObject);
    const token = (resourceClass: unknown) => (resourceClass as { __pulumiType: string }).__pulumiType;
    assert.deepEqual(TYPES, {
      monitor: token(Monitor),
      slo: token(ServiceLevelObjective),
      pagerdutyServiceObject: token(ServiceObject),
      iamPolicy: token(IamPolicy),
      iamRolePolicy: token(RolePolicy),
      iamRole: token(Role),
      iamUserPolicy: token(UserPolicy),
      iamGroupPolicy: token(GroupPolicy),
    });
  });
});

// ---- 1. monitor metadata -----------------------------------------------------------------

describe("policy monitor-has-runbook-team-priority", () => {
  const policy = policyNamed<ResourceValidationPolicy>("monitor-has-runbook-team-priority");

  it("passes a lowered monitor, paging or ticket, and an SLO burn-rate alert", async () => {
    const burnAlert = sampleMonitors.find((r) => (r.inputs as { type: string }).type === "slo alert")!;
    for (const m of [pagingMonitor, ticketMonitor, burnAlert]) assert.deepEqual(await validate(policy, m), { violations: [] });
  });

  it("rejects a message without a runbook section link", async () => {
    const cases: [string, string][] = [
      ["no Runbook line", messageOf(pagingMonitor).replace(/\nRunbook: .*$/, "")],
      ["a link without #anchor", messageOf(pagingMonitor).replace(/#[^\s#]+$/, "")],
      ["an http link", messageOf(pagingMonitor).replace("Runbook: https://", "Runbook: http://")],
      ["the link inside a sentence", messageOf(pagingMonitor).replace("Runbook: ", "See Runbook: ")],
    ];
    for (const [label, message] of cases) {
      const result = await validate(policy, withInputs(pagingMonitor, { message }));
      assert.equal(result.violations.length, 1, label);
      assert.match(result.violations[0].message, /no "Runbook: https:\/\/<runbook>#<section>" line/, label);
    }
    assert.equal((await validate(policy, withInputs(pagingMonitor, { message: undefined }))).violations.length, 1);
  });

  it("rejects a monitor without a team tag", async () => {
    const tags = (pagingMonitor.inputs as { tags: string[] }).tags.filter((t) => !t.startsWith("team:"));
    for (const t of [tags, [...tags, "team:"], undefined]) {
      assert.deepEqual(messages(await validate(policy, withInputs(pagingMonitor, { tags: t }))), ['has no "team:<owner>" tag: every monitor needs an owning team']);
    }
  });

  it("wants a priority from 1 to 5, as a string or a number", async () => {
    for (const ok of ["1", "5", 3]) assert.deepEqual(await validate(policy, withInputs(pagingMonitor, { priority: ok })), { violations: [] }, String(ok));
    for (const bad of ["0", "6", "1.5", "P1", -1]) {
      assert.deepEqual(messages(await validate(policy, withInputs(pagingMonitor, { priority: bad }))), [`priority ${JSON.stringify(bad)} is not 1 (highest) to 5`]);
    }
    assert.deepEqual(messages(await validate(policy, withInputs(pagingMonitor, { priority: undefined }))), ["has no priority: set 1 (highest) to 5"]);
  });

  it("reports every problem of one monitor at once", async () => {
    const result = await validate(policy, { type: MONITOR, name: "bare", inputs: { name: "bare", type: "query alert", query: "avg(last_5m):x > 1", message: "something broke" } });
    assert.equal(result.violations.length, 3);
  });

  it("hands an unknown message back to the SDK as a preview note, not a violation", async () => {
    const result = await validate(policy, withInputs(pagingMonitor, { message: UNKNOWN_STRING }));
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /string value at \.message can't be known during preview/);
  });

  it("still reports what it can see when another input is unknown", async () => {
    const result = await validate(policy, withInputs(pagingMonitor, { message: UNKNOWN_STRING, priority: "9" }));
    assert.deepEqual(messages(result), ['priority "9" is not 1 (highest) to 5']);
  });

  it("ignores other resource types", async () => {
    assert.deepEqual(await validate(policy, { type: SLO, name: "x", inputs: {} }), { violations: [] });
  });
});

// ---- 2. paging monitors reach PagerDuty ----------------------------------------------------

describe("policy paging-monitor-notifies-pagerduty", () => {
  const policy = policyNamed<ResourceValidationPolicy>("paging-monitor-notifies-pagerduty");

  it("passes a paging monitor that notifies @pagerduty-<service>, and a ticket monitor without one", async () => {
    assert.match(messageOf(pagingMonitor), /@pagerduty-/);
    assert.doesNotMatch(messageOf(ticketMonitor), /@pagerduty-/);
    assert.deepEqual(await validate(policy, pagingMonitor), { violations: [] });
    assert.deepEqual(await validate(policy, ticketMonitor), { violations: [] });
  });

  it("rejects a response:page monitor that only notifies chat", async () => {
    const message = messageOf(pagingMonitor).replace(/@pagerduty-\S+/, "@slack-growth-eng-alerts");
    assert.deepEqual(messages(await validate(policy, withInputs(pagingMonitor, { message }))), [
      "is tagged response:page but its message notifies no @pagerduty-<service>: a page must reach PagerDuty",
    ]);
  });

  it("reads tags case-insensitively, as Datadog stores them", async () => {
    const r = { type: MONITOR, name: "x", inputs: { message: "down\n@slack-x", tags: ["Response:Page"] } };
    assert.equal((await validate(policy, r)).violations.length, 1);
  });

  it("cannot tell whether an unknown tag pages: a preview note", async () => {
    const r = { type: MONITOR, name: "x", inputs: { message: "down\n@slack-x", tags: ["team:a", UNKNOWN_STRING] } };
    const result = await validate(policy, r);
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /\.tags\.1 can't be known/);
  });
});

describe("policy pagerduty-handle-has-service-object (stack)", () => {
  const policy = policyNamed<StackValidationPolicy>("pagerduty-handle-has-service-object");
  const objects = state.resources.filter((r) => r.type === LOWER_TYPES.serviceObject);

  it("passes the sample plan, where every handle has its service object", async () => {
    assert.ok(objects.length > 0);
    assert.deepEqual(await validateStack(policy, state.resources), { violations: [] });
  });

  it("reports each monitor whose @pagerduty handle has no service object, against that monitor", async () => {
    const dropped = objects[0];
    const service = (dropped.inputs as { serviceName: string }).serviceName;
    const result = await validateStack(
      policy,
      state.resources.filter((r) => r !== dropped),
    );
    const expected = sampleMonitors.filter((m) => messageOf(m).includes(`@pagerduty-${service}\n`));
    assert.ok(expected.length > 0);
    assert.deepEqual(
      result.violations.map((v) => v.urn),
      expected.map(urnOf),
    );
    assert.match(result.violations[0].message, new RegExp(`notifies @pagerduty-${service}, but this stack has no datadog:pagerduty/serviceObject:ServiceObject with serviceName "${service}"`));
  });

  it("does not check a stack without any service object (routing managed elsewhere)", async () => {
    assert.deepEqual(await validateStack(policy, state.resources.filter((r) => r.type !== LOWER_TYPES.serviceObject)), { violations: [] });
  });

  it("with an unknown service name, leaves a note instead of guessing", async () => {
    const resources: TestResource[] = [
      { type: MONITOR, name: "m", inputs: { message: "@pagerduty-billing", tags: ["response:page"] } },
      { type: LOWER_TYPES.serviceObject, name: "a", inputs: { serviceName: "crm", serviceKey: "${ref:k:integrationKey}" } },
      { type: LOWER_TYPES.serviceObject, name: "b", inputs: { serviceName: UNKNOWN_STRING } },
    ];
    const result = await validateStack(policy, resources);
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /\.serviceName can't be known during preview/);
  });
});

// ---- 3. IAM -------------------------------------------------------------------------------

const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/martech-forwarder-ingress:*";
const QUEUE = "arn:aws:sqs:us-east-1:123456789012:martech-forwarder-deliveries";
const lambdaTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const leastPrivilege = (statement: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: LOG_GROUP },
      { Sid: "Enqueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE, ...statement },
    ],
  });
const rolePolicy = (policy: unknown): TestResource => ({ type: TYPES.iamRolePolicy, name: "ingress-role-policy", inputs: { role: "${ref:ingress-role:id}", policy } });

describe("policy iam-no-wildcard-actions", () => {
  const policy = policyNamed<ResourceValidationPolicy>("iam-no-wildcard-actions");

  it("passes a least-privilege Lambda role and its role policy (JSON string)", async () => {
    assert.deepEqual(await validate(policy, { type: TYPES.iamRole, name: "ingress-role", inputs: { assumeRolePolicy: lambdaTrust } }), { violations: [] });
    assert.deepEqual(await validate(policy, rolePolicy(leastPrivilege())), { violations: [] });
  });

  it("rejects *, <service>:* and NotAction in an Allow statement", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["*", { Action: "*" }, 'policy.Statement.1 (Sid Enqueue) allows "*" (every action of every service): name the exact actions it needs'],
      ["sqs:*", { Action: ["sqs:SendMessage", "sqs:*"] }, 'policy.Statement.1 (Sid Enqueue) allows "sqs:*" (every sqs action): name the exact actions it needs'],
      ["*:SendMessage", { Action: "*:SendMessage" }, 'policy.Statement.1 (Sid Enqueue) allows "*:SendMessage" (a wildcard service): name the exact actions it needs'],
      ["NotAction", { Action: undefined, NotAction: "iam:*" }, "policy.Statement.1 (Sid Enqueue) allows NotAction, which grants every action it does not list: name the actions to allow with Action"],
    ];
    for (const [label, change, expected] of cases) {
      assert.deepEqual(messages(await validate(policy, rolePolicy(leastPrivilege(change)))), [expected], label);
    }
  });

  it("checks every IAM resource type that carries a policy document, as a string or an object", async () => {
    const wildcard = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } };
    for (const type of [TYPES.iamPolicy, TYPES.iamRolePolicy, TYPES.iamUserPolicy, TYPES.iamGroupPolicy]) {
      for (const document of [wildcard, JSON.stringify(wildcard)]) {
        assert.deepEqual(messages(await validate(policy, { type, name: "p", inputs: { policy: document } })), ['policy.Statement allows "s3:*" (every s3 action): name the exact actions it needs'], type);
      }
    }
  });

  it("checks a role's trust policy and each inline policy", async () => {
    const role: TestResource = {
      type: TYPES.iamRole,
      name: "r",
      inputs: {
        assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:*" }] }),
        inlinePolicies: [
          { name: "ok", policy: leastPrivilege() },
          { name: "wide", policy: leastPrivilege({ Action: "*" }) },
        ],
      },
    };
    assert.deepEqual(messages(await validate(policy, role)), [
      'assumeRolePolicy.Statement.0 allows "sts:*" (every sts action): name the exact actions it needs',
      'inlinePolicies.1.policy.Statement.1 (Sid Enqueue) allows "*" (every action of every service): name the exact actions it needs',
    ]);
  });

  it("allows wildcards in Deny statements and verb wildcards inside one service", async () => {
    const document = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Allow", Action: ["logs:Describe*", "s3:Get*"], Resource: "*" }] });
    assert.deepEqual(await validate(policy, rolePolicy(document)), { violations: [] });
  });

  it("skips a policy unknown during preview with the SDK's note", async () => {
    const result = await validate(policy, rolePolicy("${ref:deliveries-queue:arn}"));
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /string value at \.policy can't be known during preview/);
  });

  it("skips a document that is not JSON, saying so, without a violation", async () => {
    const result = await validate(policy, rolePolicy("{not json"));
    assert.deepEqual(result, { violations: [], notApplicable: "policy is not a JSON policy document, so it was not checked" });
  });

  it("checks the known documents of a role whose other inline policy is unknown", async () => {
    const role: TestResource = { type: TYPES.iamRole, name: "r", inputs: { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "q", policy: UNKNOWN_STRING }, { name: "w", policy: leastPrivilege({ Action: "sqs:*" }) }] } };
    assert.equal((await validate(policy, role)).violations.length, 1);
    const clean: TestResource = { ...role, inputs: { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "q", policy: UNKNOWN_STRING }] } };
    assert.match((await validate(policy, clean)).unknown ?? "", /\.inlinePolicies\.0\.policy can't be known/);
  });

  it("classifies actions (table)", () => {
    const rows: [string, string | undefined][] = [
      ["*", "every action of every service"],
      ["**", "every action of every service"],
      ["s3:*", "every s3 action"],
      ["S3:*", "every S3 action"],
      ["*:*", "a wildcard service"],
      ["s*:GetObject", "a wildcard service"],
      ["s3:Get*", undefined],
      ["s3:GetObject", undefined],
      ["sqs:SendMessage", undefined],
    ];
    for (const [action, reason] of rows) assert.equal(wildcardReason(action), reason, action);
  });
});

// ---- 4. SLOs ------------------------------------------------------------------------------

describe("policy slo-protected-unless-retired", () => {
  const policy = policyNamed<ResourceValidationPolicy>("slo-protected-unless-retired");
  const inventory = sampleInventory();
  const integration = inventory.integrations.find((i) => i.slos.length > 0)!;
  const retired = sloSpecs(inventory, { ...integration, slos: [{ ...integration.slos[0], retired: { reason: "Replaced by lead-complete-in-salesforce." } }] }, sampleSettings()).find(
    (r) => r.type === SLO,
  )!;

  it("passes a protected SLO and fails the same SLO unprotected", async () => {
    assert.equal(sampleSlo.protect, true);
    assert.deepEqual(await validate(policy, sampleSlo), { violations: [] });
    const result = await validate(policy, { ...sampleSlo, protect: false });
    assert.equal(result.violations.length, 1);
    assert.match(result.violations[0].message, /^is not protected: deleting an SLO loses its history/);
  });

  it("passes a retired SLO exactly as the compiler lowers it (protect dropped, Retired: line)", async () => {
    assert.equal(retired.protect, false);
    assert.ok(isRetiredDescription((retired.inputs as { description: string }).description));
    assert.deepEqual(await validate(policy, retired), { violations: [] });
  });

  it("does not take a description that merely mentions Retired: for a retired SLO", async () => {
    const description = (sampleSlo.inputs as { description: string }).description;
    for (const text of [`Retired: not really\n${description}`, description.replace("\nRunbook: ", "\nRetired: \nRunbook: "), description.replace(/\nRunbook: .*$/, "\nRetired: gone")]) {
      assert.equal(isRetiredDescription(text), false, text);
      assert.equal((await validate(policy, { ...sampleSlo, protect: false, inputs: { ...sampleSlo.inputs, description: text } })).violations.length, 1);
    }
  });

  it("an unprotected SLO whose description is unknown gets a preview note", async () => {
    const result = await validate(policy, { ...sampleSlo, protect: false, inputs: { ...sampleSlo.inputs, description: UNKNOWN_STRING } });
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /\.description can't be known/);
  });
});

// ---- the sample plan ------------------------------------------------------------------------

describe("policy pack on the sample inventory's plan", () => {
  const resources = state.resources.filter((r) => !r.type.startsWith("martech:"));
  const resourcePolicies = packArgs.policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
  const stackPolicies = packArgs.policies.filter((p): p is StackValidationPolicy => "validateStack" in p);

  it("has what the policies are about", () => {
    for (const type of [MONITOR, SLO, LOWER_TYPES.serviceObject, TYPES.iamRole, TYPES.iamRolePolicy]) assert.ok(resources.some((r) => r.type === type), type);
  });

  it("once every referenced resource exists, every resource passes every policy, nothing unchecked", async () => {
    for (const p of resourcePolicies) {
      for (const r of resources) assert.deepEqual(await validate(p, r, "known"), { violations: [] }, `${p.name} on ${r.name}`);
    }
    for (const p of stackPolicies) assert.deepEqual(await validateStack(p, state.resources, "known"), { violations: [] }, p.name);
  });

  it("in a first preview, nothing is violated; only IAM documents built from other resources' outputs wait for the update", async () => {
    const waiting: string[] = [];
    for (const p of resourcePolicies) {
      for (const r of resources) {
        const result = await validate(p, r);
        assert.deepEqual(result.violations, [], `${p.name} on ${r.name}`);
        assert.equal(result.notApplicable, undefined, `${p.name} on ${r.name}`);
        if (result.unknown) waiting.push(`${p.name} ${r.name}`);
      }
    }
    const withRefs = resources.filter((r) => r.type.startsWith("aws:iam/") && refsIn((r.inputs as { policy?: unknown }).policy).length > 0);
    assert.ok(withRefs.length > 0);
    assert.deepEqual(waiting, withRefs.map((r) => `iam-no-wildcard-actions ${r.name}`));
    for (const p of stackPolicies) assert.deepEqual(await validateStack(p, state.resources), { violations: [] }, p.name);
  });
});

// ---- the staging stack -----------------------------------------------------------------------

describe("policy pack on the staging stack's plan", () => {
  const staging = sampleState("staging").resources;
  const inStaging = (r: ResourceSpec): TestResource => ({ ...r, stack: STAGING_STACK });
  const resources = staging.filter((r) => !r.type.startsWith("martech:")).map(inStaging);
  const resourcePolicies = packArgs.policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
  const stagingPaging = resources.find((r) => r.type === MONITOR && (r.inputs as { tags: string[] }).tags.includes("response:page"))!;
  const stagingSlo = resources.find((r) => r.type === SLO)!;
  const route = policyNamed<ResourceValidationPolicy>("monitor-notifies-exactly-its-route");

  it("knows staging as the compiler tags it and the README names its stack", () => {
    assert.equal(STAGING_TAG, `env:${STAGING_ENVIRONMENT}`);
    assert.equal(stackOfUrn(urnOf(stagingSlo)), "staging");
    assert.equal(stackOfUrn("urn:pulumi:acme-prod::martech-reliability::x::y"), "acme-prod");
    assert.equal(stackOfUrn("not a urn"), undefined);
  });

  it("passes every staging resource under every policy: paging monitors tell chat, SLOs are unprotected", async () => {
    assert.ok(stagingPaging && stagingSlo.protect === false);
    for (const p of resourcePolicies) {
      for (const r of resources) assert.deepEqual(await validate(p, r, "known"), { violations: [] }, `${p.name} on ${r.name}`);
    }
    for (const p of packArgs.policies.filter((q): q is StackValidationPolicy => "validateStack" in q)) assert.deepEqual(await validateStack(p, resources, "known"), { violations: [] }, p.name);
  });

  it("wants the team's chat from a staging monitor tagged response:page, and rejects any @pagerduty- there", async () => {
    const message = messageOf(stagingPaging).replace(/@slack-\S+/, (chat) => `${chat}\n@pagerduty-web-lead-form-to-crm`);
    assert.deepEqual(messages(await validate(route, { ...withInputs(stagingPaging, { message }), stack: STAGING_STACK })), [
      "notifies @pagerduty-web-lead-form-to-crm beyond @slack-growth-eng-alerts, the one handle response:page in the staging stack (env:staging, which never pages) with team:growth-engineering (chatChannel #growth-eng-alerts) implies: text copied into the message must not add handles",
    ]);
  });

  it("applies the production rules when only one of tag and stack says staging", async () => {
    // A staging-tagged monitor deployed in prod, and a prod-tagged one in the staging stack, must page.
    const stray = { ...stagingPaging, stack: "prod" };
    assert.deepEqual(messages(await validate(policyNamed<ResourceValidationPolicy>("paging-monitor-notifies-pagerduty"), stray)), [
      "is tagged response:page but its message notifies no @pagerduty-<service>: a page must reach PagerDuty",
    ]);
    assert.match(messages(await validate(route, stray))[0] ?? "", /^does not notify @pagerduty-/);
    const prodTagged = withInputs(pagingMonitor, { message: messageOf(stagingPaging), tags: (pagingMonitor.inputs as { tags: string[] }).tags });
    assert.equal((await validate(route, { ...prodTagged, stack: STAGING_STACK })).violations.length > 0, true);
    // An unprotected SLO is staging's only in the staging stack.
    const sloPolicy = policyNamed<ResourceValidationPolicy>("slo-protected-unless-retired");
    assert.match(messages(await validate(sloPolicy, { ...stagingSlo, stack: "prod" }))[0] ?? "", /^is not protected/);
    assert.match(messages(await validate(sloPolicy, { ...sampleSlo, protect: false, stack: STAGING_STACK }))[0] ?? "", /^is not protected/);
  });

  it("in the staging stack, an unprotected SLO whose tags are unknown gets a preview note", async () => {
    const result = await validate(policyNamed<ResourceValidationPolicy>("slo-protected-unless-retired"), { ...stagingSlo, inputs: { ...stagingSlo.inputs, tags: [UNKNOWN_STRING] } });
    assert.deepEqual(result.violations, []);
    assert.match(result.unknown ?? "", /\.tags\.0 can't be known/);
  });
});

// ---- as the Pulumi engine runs it -----------------------------------------------------------

/**
 * `pulumi preview --policy-pack policy` starts `pulumi-analyzer-policy` in policy/, which runs
 * `node <@pulumi/pulumi/cmd/run-policy-pack resolved from there> <engine> .`; the pack prints
 * its gRPC port and the engine calls the Analyzer service. Done here the same way.
 */
describe("policy pack: run as the engine runs it", function () {
  const POLICY_DIR = join(REPO, "policy");
  let child: ChildProcess | undefined;
  let client: AnalyzerClient;

  before(async () => {
    const runner = createRequire(join(POLICY_DIR, "package.json")).resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const { NODE_OPTIONS: _drop, ...env } = process.env;
    child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: POLICY_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n")[0];
        if (out.includes("\n") && /^\d+$/.test(line.trim())) resolve(line.trim());
      });
      child!.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      child!.on("exit", (code) => reject(new Error(`the policy pack exited (${code}) before serving: ${err}${out}`)));
    });
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  const call = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req) =>
    new Promise<Res>((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));

  const resource = (r: TestResource) => {
    const req = new analyzer.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(urnOf(r));
    req.setProperties(Struct.fromJavaScript(wire(r.inputs) as Record<string, never>));
    req.setOptions(new analyzer.AnalyzerResourceOptions().setProtect(r.protect ?? false));
    return req;
  };

  it("serves the pack's policies, all mandatory", async () => {
    const info = await call<Empty, analyzer.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
    assert.equal(info.getName(), PACK_NAME);
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
      packArgs.policies.map((p) => [p.name, analyzer.EnforcementLevel.MANDATORY]),
    );
  });

  it("blocks a violating resource and passes a conforming one", async () => {
    const bad = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, resource(rolePolicy(leastPrivilege({ Action: "sqs:*" }))));
    assert.deepEqual(
      bad.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel()]),
      [["iam-no-wildcard-actions", analyzer.EnforcementLevel.MANDATORY]],
    );
    assert.match(bad.getDiagnosticsList()[0].getMessage(), /allows "sqs:\*" \(every sqs action\)/);
    const good = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, resource(pagingMonitor));
    assert.deepEqual(good.getDiagnosticsList(), []);
  });

  it("blocks a monitor whose message notifies beyond its route (the pack reads the inventory's team channels)", async () => {
    const message = messageOf(ticketMonitor).replace("{{/is_alert}}", "@pagerduty-someone-else {{/is_alert}}");
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, resource(withInputs(ticketMonitor, { message })));
    assert.deepEqual(
      res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel()]),
      [["monitor-notifies-exactly-its-route", analyzer.EnforcementLevel.MANDATORY]],
    );
    assert.match(res.getDiagnosticsList()[0].getMessage(), /notifies @pagerduty-someone-else beyond @slack-[a-z0-9_-]+, the one handle response:ticket with team:/);
    const good = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, resource(ticketMonitor));
    assert.deepEqual(good.getDiagnosticsList(), []);
  });

  it("turns a policy document unknown in preview into an advisory note", async () => {
    const res = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(client.analyze, resource(rolePolicy(UNKNOWN_STRING)));
    const diagnostics = res.getDiagnosticsList();
    assert.deepEqual(diagnostics.map((d) => [d.getPolicyname(), d.getEnforcementlevel()]), [["iam-no-wildcard-actions", analyzer.EnforcementLevel.ADVISORY]]);
    assert.match(diagnostics[0].getMessage(), /can't run policy 'iam-no-wildcard-actions'.*during preview/);
  });

  it("checks the stack: a handle without its service object is reported on the monitor", async () => {
    const req = new analyzer.AnalyzeStackRequest();
    const monitor: TestResource = { ...pagingMonitor, name: "orphan" };
    const object: TestResource = { type: LOWER_TYPES.serviceObject, name: "other", inputs: { serviceName: "someone-else" } };
    req.setResourcesList(
      [monitor, object].map((r) => {
        const a = new analyzer.AnalyzerResource();
        a.setType(r.type);
        a.setName(r.name);
        a.setUrn(urnOf(r));
        a.setProperties(Struct.fromJavaScript(wire(r.inputs) as Record<string, never>));
        a.setOptions(new analyzer.AnalyzerResourceOptions());
        return a;
      }),
    );
    const res = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(client.analyzeStack, req);
    assert.deepEqual(
      res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn(), d.getEnforcementlevel()]),
      [["pagerduty-handle-has-service-object", urnOf(monitor), analyzer.EnforcementLevel.MANDATORY]],
    );
  });
});
