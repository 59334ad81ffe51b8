/**
 * Runs the real Pulumi program (index.ts) under Pulumi's mock engine and records every
 * resource it registers. Mocked ids and outputs are the same `${ref:NAME:ATTR}` strings the
 * lower stage writes for references, so the recording is comparable with the spec path.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { invokeKey } from "../compiler/lower/onCall";
import { ref } from "../compiler/lower/spec";
import { comparePlanned, SECRET, type PlannedResource } from "../compiler/plan/plannedResource";

/** Pulumi's marker for a secret value in serialized inputs. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: (PlannedResource & { readonly custom: boolean })[] = [];

  newResource(args: MockResourceArgs): { id: string; state: Record<string, unknown> } {
    this.resources.push({ type: args.type, name: args.name, inputs: hideSecrets(args.inputs) as Record<string, unknown>, custom: !!args.custom });
    return { id: ref(args.name), state: { ...args.inputs, integrationKey: ref(args.name, "integrationKey") } };
  }

  call(args: MockCallArgs): Record<string, unknown> {
    return { id: ref(invokeKey(args.token, args.inputs)) };
  }
}

function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value && typeof value === "object") {
    if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return SECRET;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSecrets(v)]));
  }
  return value;
}

export interface MockRun {
  readonly resources: PlannedResource[];
  readonly mocks: RecordingMocks;
}

/**
 * Config keys are given without the project prefix. The program is imported once per
 * process (Node caches modules), so run this once per process.
 */
export async function runProgramUnderMocks(config: Record<string, string>, stack = "prod"): Promise<MockRun> {
  // Pulumi captures a stack trace for every promise it creates (and source-maps it under
  // tsx): together several times the cost of the run itself. Plans need neither.
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  const project = "martech-reliability";
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, v])));
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  // Loaded only now, so the program registers its resources with the mock engine.
  require("../index");
  await pulumi.runtime.disconnect();
  return { resources: mocks.resources.map(({ type, name, inputs }) => ({ type, name, inputs })).sort(comparePlanned), mocks };
}
