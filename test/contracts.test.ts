/**
 * Plan-level vendor contracts: every resource of the `--json` plan (the sample's and a
 * synthetic inventory's) is checked against what Datadog, PagerDuty and AWS document for its
 * type (test/support/vendorContracts.ts). Each contract is then shown to catch the mistake it
 * exists for, on a mutated copy of one sample resource.
 */
import { strict as assert } from "node:assert";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { lowerInventory } from "../compiler/lower/lowerInventory";
import { planJson, plannedResources, type PlannedResource } from "../compiler/plan/plannedResource";
import { validateInventory } from "../compiler/validate/validateInventory";
import { memoryReader } from "./support/fixture";
import { memo } from "./support/memo";
import { sampleSettings, sharedSample } from "./support/sampleState";
import { syntheticInventory } from "./support/syntheticInventory";
import { CONTRACTS, contractViolations, indexPlan, orderingViolations } from "./support/vendorContracts";
import { catalogSchemaErrors } from "./support/datadogCatalogSchema";
import { readEntityYaml, SOFTWARE_CATALOG } from "../compiler/lower/catalog";
import type { LowerSettings } from "../compiler/lower/settings";
import type { Inventory } from "../compiler/model";

/**
 * Prod's settings in their steady state: forwarderPercentiles on, as it is once the forwarder has
 * delivered (Pulumi.prod.yaml starts with it off, because Datadog refuses a tag configuration for
 * a metric it has not received yet; see "prod's own config" below).
 */
function steadySettings(): LowerSettings {
  const prod = sampleSettings();
  return { ...prod, forwarder: { ...prod.forwarder, percentiles: true } };
}

/** The plan as `npm run plan -- --json` writes it, read back. */
function jsonPlan(inventory: Inventory, settings: LowerSettings = steadySettings()): PlannedResource[] {
  return (JSON.parse(planJson(plannedResources(lowerInventory(inventory, settings)))) as { resources: PlannedResource[] }).resources;
}

const channels = (inventory: Inventory) => inventory.teams.map((t) => t.chatChannel.slice(1));

describe("vendor contracts of the plan", () => {
  // Made inside each test, not at describe time (support/memo.ts says why).
  const sample = sharedSample.inventory;
  const plan = memo(() => jsonPlan(sample()));

  it("every resource of the sample plan keeps Datadog's, PagerDuty's and AWS's documented limits", () => {
    assert.deepEqual(contractViolations(indexPlan(plan(), channels(sample()))), []);
  });

  it("with prod's own config (forwarderPercentiles off until the forwarder has delivered) the only gap is the SLOs' distributions without percentiles", () => {
    const prod = sampleSettings();
    assert.equal(prod.forwarder.percentiles, false, "Pulumi.prod.yaml bootstraps with forwarderPercentiles: false");
    const found = contractViolations(indexPlan(jsonPlan(sample(), prod), channels(sample())));
    assert.ok(found.length > 0, "the bootstrap gap is visible");
    const other = found.filter((v) => !/ \(datadog:index\/serviceLevelObjective:ServiceLevelObjective\): (numerator|denominator): martech\.forwarder\.\w+ is a distribution without percentiles enabled/.test(v));
    assert.deepEqual(other, []);
  });

  it("creates Datadog's PagerDuty service objects after Datadog's PagerDuty integration (dependsOn, which the JSON plan does not show)", () => {
    const specs = lowerInventory(sample(), steadySettings()).resources;
    assert.ok(specs.some((r) => r.type === "datadog:pagerduty/integration:Integration"), "prod creates the integration (pagerdutySubdomain)");
    assert.deepEqual(orderingViolations(specs), []);
    const target = specs.find((r) => r.type === "datadog:pagerduty/serviceObject:ServiceObject")!;
    const broken = specs.map((r) => (r === target ? { ...r, dependsOn: [] } : r));
    assert.deepEqual(orderingViolations(broken), [
      `${target.name} (datadog:pagerduty/serviceObject:ServiceObject): does not depend on datadog-pagerduty, so the first deployment may create it before Datadog's PagerDuty integration exists`,
    ]);
  });

  it("catches an SLO over a distribution whose percentile tag configuration is missing", () => {
    const settled = plan().find((r) => r.type === "datadog:index/metricTagConfiguration:MetricTagConfiguration" && r.inputs.metricName === "martech.forwarder.settled");
    assert.ok(settled, "the steady-state plan configures percentiles on martech.forwarder.settled");
    const found = contractViolations(indexPlan(plan().filter((r) => r !== settled), channels(sample())));
    assert.ok(found.length > 0, "dropping the tag configuration is caught");
    for (const v of found) assert.match(v, /\(datadog:index\/serviceLevelObjective:ServiceLevelObjective\): (numerator|denominator): martech\.forwarder\.settled is a distribution without percentiles enabled/);
  });

  const synthetic = memo(() => {
    const files = syntheticInventory(12);
    const result = validateInventory(files.sources, memoryReader(files.runbooks));
    assert.ok(result.inventory, result.diagnostics.map((d) => d.message).join("\n"));
    return result.inventory;
  });

  it("so does every resource of a synthetic inventory's plan", () => {
    assert.deepEqual(contractViolations(indexPlan(jsonPlan(synthetic()), channels(synthetic()))), []);
  });

  it("every Software Catalog entity of the sample's and a synthetic inventory's plan validates against Datadog's published v3 JSON Schema", () => {
    for (const [which, resources] of [["sample", plan()], ["synthetic", jsonPlan(synthetic())]] as const) {
      const catalog = resources.filter((r) => r.type === SOFTWARE_CATALOG);
      assert.ok(catalog.some((r) => r.name.endsWith("--catalog")) && catalog.some((r) => r.name.endsWith("--catalog-system")), `${which}: integrations and systems`);
      for (const r of catalog) assert.deepEqual(catalogSchemaErrors(readEntityYaml(r.inputs.entity)), [], `${which}: ${r.name}`);
    }
    // The schema is the published one, closed and typed: what it refuses, the test refuses.
    const entity = readEntityYaml(plan().find(catalogService)!.inputs.entity) as Record<string, any>;
    assert.deepEqual(catalogSchemaErrors({ ...entity, spec: { ...entity.spec, owner: "x" } }), ["spec has owner, which the v3 schema does not allow"]);
    assert.deepEqual(catalogSchemaErrors({ ...entity, kind: "system" }), ["kind system is not one this stack writes (service)"]);
    assert.deepEqual(catalogSchemaErrors({ ...entity, metadata: { ...entity.metadata, links: [{ name: "Runbook", type: "runbook", url: "no scheme" }] } }), ['metadata.links[0].url "no scheme" must match format "uri" (v3 schema)']);
  });

  it("has a contract for every provider resource type the plan creates, so a new kind cannot skip them", () => {
    const types = new Set(plan().filter((r) => !r.type.startsWith("martech:")).map((r) => r.type));
    assert.deepEqual([...types].filter((t) => !CONTRACTS[t]), []);
    const unknown: PlannedResource = { type: "aws:sns/topic:Topic", name: "new-kind", inputs: {} };
    assert.deepEqual(contractViolations(indexPlan([unknown], [])), ["new-kind (aws:sns/topic:Topic): no vendor contract is written for aws:sns/topic:Topic: add one to test/support/vendorContracts.ts"]);
  });

  /** One row per documented limit: which resource to break, how, and the words of the violation. */
  const ROWS: { what: string; pick: (r: PlannedResource) => boolean; mutate: (i: Record<string, any>) => void; says: RegExp }[] = [
    { what: "burn-rate long window over 48h", pick: burn, mutate: (i) => (i.query = i.query.replace(/long_window\("[^"]+"\)/, 'long_window("3d")')), says: /long window 3d is outside 1h\.\.48h/ },
    { what: "burn-rate threshold below 1x", pick: burn, mutate: (i) => (i.query = i.query.replace(/> [\d.]+$/, "> 0.7")), says: /burn-rate threshold 0\.7 is outside \[1,/ },
    { what: "burn-rate threshold above 1/(1-target)", pick: burn, mutate: (i) => (i.query = i.query.replace(/> [\d.]+$/, "> 5000")), says: /burn-rate threshold 5000 is outside/ },
    { what: "evaluation window over 730h", pick: queryAlert, mutate: (i) => (i.query = i.query.replace(/last_\w+\)/, "last_31d)")), says: /evaluation window last_31d is outside Datadog's 1m\.\.730h/ },
    { what: "query threshold not the critical threshold", pick: queryAlert, mutate: (i) => (i.monitorThresholds = { ...i.monitorThresholds, critical: "12345" }), says: /differs from monitorThresholds\.critical 12345/ },
    { what: ".as_count() with avg", pick: (r) => queryAlert(r) && /sum:[^ ]*\.as_count\(\)/.test(String(r.inputs.query)), mutate: (i) => (i.query = i.query.replace(/sum:([^ ]*\.as_count\(\))/, "avg:$1")), says: /\.as_count\(\) with the avg space aggregator|query does not parse/ },
    { what: "a handle that routes nowhere", pick: queryAlert, mutate: (i) => (i.message = `${i.message}\n@pagerduty-someone-else`), says: /notifies @pagerduty-someone-else, which routes nowhere/ },
    { what: "an empty no-data notification", pick: (r) => r.inputs.notifyNoData === true, mutate: (i) => (i.message = stripBlock(i.message, "is_no_data")), says: /can reach NO DATA .* no \{\{#is_no_data\}\} block/ },
    { what: "an empty warning notification", pick: (r) => (r.inputs.monitorThresholds as any)?.warning !== undefined, mutate: (i) => (i.message = stripBlock(i.message, "is_warning")), says: /warning threshold but no \{\{#is_warning\}\} block/ },
    { what: "no runbook link", pick: queryAlert, mutate: (i) => (i.message = i.message.replace(/\nRunbook: .*/, "")), says: /no `Runbook: https:\/\/\.\.\.#section` line/ },
    { what: "an anomaly monitor without seasonality", pick: anomaly, mutate: (i) => (i.query = i.query.replace(/, seasonality='\w+'/, "")), says: /without an explicit seasonality/ },
    { what: "an anomaly monitor needing 100% of the window", pick: anomaly, mutate: (i) => ((i.query = i.query.replace(/>= [\d.]+$/, ">= 1")), (i.monitorThresholds = { ...i.monitorThresholds, critical: "1" })), says: /anomaly threshold 1 is not a share of the window below 100%/ },
    { what: "an anomaly monitor without critical_recovery", pick: anomaly, mutate: (i) => delete i.monitorThresholds.criticalRecovery, says: /without critical_recovery/ },
    { what: "an SLO target with four decimals", pick: slo, mutate: (i) => ((i.targetThreshold = 99.9995), (i.thresholds = [{ ...i.thresholds[0], target: 99.9995 }])), says: /more than three decimals/ },
    { what: "a time aggregation other than sum over .as_count() queries", pick: (r) => queryAlert(r) && !anomaly(r) && /^sum\(.*\.as_count\(\)/.test(String(r.inputs.query)), mutate: (i) => (i.query = i.query.replace(/^sum\(/, "avg(")), says: /evaluates \.as_count\(\) queries with avg\(last_\w+\); Datadog evaluates them only in total \(sum\)/ },
    { what: "a summed ratio on the classic evaluation path", pick: (r) => queryAlert(r) && /\) \/ \(count:martech\.forwarder\./.test(String(r.inputs.query)), mutate: (i) => (i.query = i.query.replaceAll(".as_count()", "")), says: /martech\.forwarder\.settled: a ratio summed over last_\w+ without \.as_count\(\) on every query takes Datadog's classic evaluation path/ },
    { what: "a forwarder distribution counted with sum:", pick: (r) => queryAlert(r) && String(r.inputs.query).includes("count:martech.forwarder.received"), mutate: (i) => (i.query = i.query.replaceAll("count:martech.forwarder.received", "sum:martech.forwarder.received")), says: /martech\.forwarder\.received is a forwarder distribution, counted with count:, not sum:/ },
    {
      what: "a restricted schedule behind a service paged around the clock",
      pick: type("pagerduty:index/schedule:Schedule"),
      mutate: (i) => (i.layers = i.layers.map((l: any) => ({ ...l, restrictions: [{ type: "weekly_restriction", startDayOfWeek: 1, startTimeOfDay: "09:00:00", durationSeconds: 28800 }] }))),
      says: /every layer is restricted, so nobody is on call out of hours, yet .*--pagerduty-service pages? at high urgency around the clock/,
    },
    { what: "a PagerDuty service that auto-resolves", pick: type("pagerduty:index/service:Service"), mutate: (i) => delete i.autoResolveTimeout, says: /autoResolveTimeout is undefined, not "null"/ },
    { what: "a PagerDuty service name with &", pick: type("pagerduty:index/service:Service"), mutate: (i) => (i.name = "[martech] Leads & forms"), says: /contains one of \/ \\ < > &/ },
    { what: "a deprecated Lambda runtime", pick: type("aws:lambda/function:Function"), mutate: (i) => (i.runtime = "nodejs20.x"), says: /nodejs20\.x, a runtime AWS Lambda has deprecated/ },
    { what: "a literal aws partition in an ARN", pick: type("aws:lambda/function:Function"), mutate: (i) => (i.layers = ["arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:67"]), says: /literal partition ARN \(arn:aws:lambda/ },
    { what: "an SQS message size over 1 MiB", pick: type("aws:sqs/queue:Queue"), mutate: (i) => (i.maxMessageSize = 2 * 1048576), says: /maxMessageSize 2097152 outside 1 KiB\.\.1 MiB/ },
    { what: "a log retention CloudWatch refuses", pick: type("aws:cloudwatch/logGroup:LogGroup"), mutate: (i) => (i.retentionInDays = 45), says: /retentionInDays 45 is not a value CloudWatch Logs accepts/ },
    { what: "an S3 bucket name over 63 characters", pick: type("aws:s3/bucket:Bucket"), mutate: (i) => (i.bucket = `${i.bucket}-with-a-suffix-too-long`), says: /bucket name martech-.* is \d+ characters \(3\.\.63\)/ },
    { what: "an S3 bucket name with capitals", pick: type("aws:s3/bucket:Bucket"), mutate: (i) => (i.bucket = "Martech-Bodies"), says: /bucket name Martech-Bodies: lowercase letters/ },
    { what: "an S3 encryption algorithm S3 does not have", pick: type("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"), mutate: (i) => (i.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES128"), says: /without a default sseAlgorithm S3 accepts/ },
    { what: "a claim-check bucket open to public policies", pick: type("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), mutate: (i) => (i.blockPublicPolicy = false), says: /public access is not blocked on all four settings/ },
    { what: "a lifecycle expiry of zero days", pick: type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"), mutate: (i) => (i.rules[0].expiration.days = 0), says: /expiration days 0 \(a positive integer\)/ },
    { what: "a recurring downtime start with a UTC offset", pick: type("datadog:index/downtimeSchedule:DowntimeSchedule"), mutate: (i) => (i.recurringSchedule.recurrences[0].start += "Z"), says: /must be a local time without a UTC offset/ },
    { what: "a downtime rule with DTSTART", pick: type("datadog:index/downtimeSchedule:DowntimeSchedule"), mutate: (i) => (i.recurringSchedule.recurrences[0].rrule += ";DTSTART=20261205T220000"), says: /holds DTSTART, DTEND or DURATION/ },
    { what: "a downtime muting no monitor", pick: type("datadog:index/downtimeSchedule:DowntimeSchedule"), mutate: (i) => (i.monitorIdentifier.monitorTags = ["integration:nobody"]), says: /match no monitor of this plan/ },
    { what: "a downtime message with a handle", pick: type("datadog:index/downtimeSchedule:DowntimeSchedule"), mutate: (i) => (i.message += "\n@slack-everyone"), says: /its message notifies @slack-everyone/ },
    { what: "an SLO correction rule with BYDAY", pick: type("datadog:index/sloCorrection:SloCorrection"), mutate: (i) => (i.rrule = "FREQ=WEEKLY;BYDAY=SA"), says: /uses parts SLO corrections do not support/ },
    { what: "an SLO correction category Datadog does not have", pick: type("datadog:index/sloCorrection:SloCorrection"), mutate: (i) => (i.category = "Maintenance"), says: /category Maintenance is not one Datadog has/ },
    { what: "an SLO correction of no SLO", pick: type("datadog:index/sloCorrection:SloCorrection"), mutate: (i) => (i.sloId = "${ref:nowhere--slo--x:id}"), says: /is no SLO of this plan/ },
    { what: "a recurring SLO correction without a duration", pick: type("datadog:index/sloCorrection:SloCorrection"), mutate: (i) => delete i.duration, says: /needs a duration in seconds/ },
    { what: "a wildcard IAM action", pick: type("aws:iam/rolePolicy:RolePolicy"), mutate: (i) => (i.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] })), says: /wildcard action sqs:\*/ },
    { what: "a catalog entity that is not YAML", pick: catalogService, mutate: (i) => (i.entity = "apiVersion: v3\nkind: [service"), says: /entity is not a YAML mapping/ },
    { what: "a catalog entity of the older schema", pick: catalogService, mutate: editEntity((e) => (e.apiVersion = "v2.2")), says: /apiVersion v2\.2: Software Catalog entities are v3/ },
    { what: "a catalog tier written as a number", pick: catalogService, mutate: editEntity((e) => (e.spec.tier = 1)), says: /spec\.tier 1 must be string \(v3 schema\)/ },
    { what: "a catalog link without its url", pick: catalogService, mutate: editEntity((e) => delete e.metadata.links[0].url), says: /metadata\.links\[0\] \{"name":"Runbook","type":"runbook"\} must have required property 'url' \(v3 schema\)/ },
    { what: "a catalog dependency on a system entity", pick: catalogService, mutate: editEntity((e) => (e.spec.dependsOn[0] = "system:website")), says: /dependsOn system:website names a system, which Datadog documents no dependency on/ },
    { what: "a catalog metadata field v3 does not have", pick: catalogService, mutate: editEntity((e) => (e.metadata.team = e.metadata.owner)), says: /metadata has team, which the v3 schema does not allow/ },
    { what: "a catalog link type Datadog does not recognise", pick: catalogService, mutate: editEntity((e) => (e.metadata.links[0].type = "wiki")), says: /link Runbook: type wiki is not one Datadog recognises/ },
    { what: "a catalog link to a relative URL", pick: catalogService, mutate: editEntity((e) => (e.metadata.links[0].url = "runbooks/x.md#y")), says: /link Runbook: url runbooks\/x\.md#y is not an absolute URL/ },
    { what: "a catalog dependency on no entity of the plan", pick: catalogService, mutate: editEntity((e) => e.spec.dependsOn.push("system:nowhere")), says: /depends on system:nowhere, which is no entity of this plan/ },
    { what: "a catalog on-call that is no PagerDuty service", pick: (r) => catalogService(r) && String(r.inputs.entity).includes("serviceURL"), mutate: editEntity((e) => (e.integrations.pagerduty.serviceURL = "${ref:nowhere--pagerduty-service:htmlUrl}")), says: /serviceURL \$\{ref:nowhere--pagerduty-service:htmlUrl\} is no PagerDuty service of this plan/ },
    { what: "a catalog service its monitors do not join", pick: catalogService, mutate: editEntity((e) => (e.metadata.name = "renamed-elsewhere")), says: /no monitor or SLO of this plan is tagged service:renamed-elsewhere/ },
    { what: "a catalog owner other than the monitors' team", pick: catalogService, mutate: editEntity((e) => (e.metadata.owner = "someone-else")), says: /owner someone-else differs from the team: tag of its monitors and SLOs/ },
  ];
  for (const row of ROWS) {
    it(`catches ${row.what}`, () => {
      const target = plan().find(row.pick);
      assert.ok(target, `the sample plan has a resource to break for: ${row.what}`);
      const broken = plan().map((r) => (r === target ? { ...r, inputs: structuredClone(r.inputs) } : r));
      row.mutate(broken.find((r) => r.name === target.name && r.type === target.type)!.inputs);
      const found = contractViolations(indexPlan(broken, channels(sample())));
      assert.ok(found.length > 0 && found.every((v) => v.startsWith(`${target.name} (`)), found.join("\n"));
      assert.ok(found.some((v) => row.says.test(v)), found.join("\n"));
    });
  }
});

/** An integration's Software Catalog entity (lower/catalog.ts). */
function catalogService(r: PlannedResource): boolean {
  return r.type === "datadog:index/softwareCatalog:SoftwareCatalog" && r.name.endsWith("--catalog");
}
/** A mutation of the entity YAML: parsed, edited, written back. */
function editEntity(edit: (e: Record<string, any>) => void): (i: Record<string, any>) => void {
  return (i) => {
    const e = parseYaml(String(i.entity)) as Record<string, any>;
    edit(e);
    i.entity = stringifyYaml(e);
  };
}
function type(t: string) {
  return (r: PlannedResource) => r.type === t;
}
function burn(r: PlannedResource): boolean {
  return r.inputs.type === "slo alert";
}
function queryAlert(r: PlannedResource): boolean {
  return r.inputs.type === "query alert";
}
function anomaly(r: PlannedResource): boolean {
  return queryAlert(r) && String(r.inputs.query).includes("anomalies(");
}
function slo(r: PlannedResource): boolean {
  return r.type === "datadog:index/serviceLevelObjective:ServiceLevelObjective";
}
/** The message without one conditional block, as an older lowering wrote it. */
function stripBlock(message: string, block: string): string {
  return message.replace(new RegExp(`\\{\\{#${block}\\}\\}[\\s\\S]*?\\{\\{/${block}\\}\\}\\n?`, "g"), "");
}
