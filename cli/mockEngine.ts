/**
 * Runs the real Pulumi program (index.ts) under Pulumi's mock engine and records every
 * resource it registers. Mocked ids and outputs are the same `${ref:NAME:ATTR}` strings the
 * lower stage writes for references, so the recording is comparable with the spec path.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { invokeKey } from "../compiler/lower/onCall";
import { FORWARDER_INVOKE_KEYS } from "../compiler/lower/forwarder";
import { ref } from "../compiler/lower/spec";
import { comparePlanned, SECRET, type PlannedResource } from "../compiler/plan/plannedResource";

/** Pulumi's marker for a secret value in serialized inputs. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Attributes other resources reference (`${ref:NAME:ATTR}`): the mock answers each with its own reference string. */
const RESOURCE_ATTRS = ["arn", "name", "url", "integrationKey", "htmlUrl"] as const;
/**
 * A Function URL is only ever used inside a secret's value (the public URL a HubSpot signature
 * covers), which the program checks is a URL, and which plans never show; so it gets a URL.
 */
const MOCK_FUNCTION_URL = "https://ingress.lambda-url.mock.invalid/";
const INVOKE_ATTRS = ["accountId", "region", "partition"] as const;

/**
 * One registration. Inputs are kept as JSON text until read: tens of thousands of input
 * objects kept live through the run would be traced by every full garbage collection.
 */
export class RecordedResource implements PlannedResource {
  constructor(
    readonly type: string,
    readonly name: string,
    private readonly inputsJson: string,
    readonly custom: boolean,
  ) {}

  get inputs(): Record<string, unknown> {
    return JSON.parse(this.inputsJson) as Record<string, unknown>;
  }
}

export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];

  async newResource(args: MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
    this.resources.push(new RecordedResource(args.type, args.name, JSON.stringify(await asSpecValues(args.inputs)), !!args.custom));
    const refs = Object.fromEntries(RESOURCE_ATTRS.map((attr) => [attr, ref(args.name, attr)]));
    return { id: ref(args.name), state: { ...args.inputs, ...refs, functionUrl: MOCK_FUNCTION_URL } };
  }

  call(args: MockCallArgs): Record<string, unknown> {
    const key = FORWARDER_INVOKE_KEYS[args.token] ?? invokeKey(args.token, args.inputs);
    return { id: ref(key), ...Object.fromEntries(INVOKE_ATTRS.map((attr) => [attr, ref(key, attr)])) };
  }
}

/** Inputs as the specs write them: secrets hidden, code archives (top-level inputs only) back to `{ $archive }`. */
async function asSpecValues(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = Object.entries(inputs).map(async ([key, value]) => [key, value instanceof pulumi.asset.AssetArchive ? await archiveValue(value) : hideSecrets(value)] as const);
  return Object.fromEntries(await Promise.all(entries));
}

async function archiveValue(archive: pulumi.asset.AssetArchive): Promise<unknown> {
  const assets = await archive.assets;
  const files = await Promise.all(Object.entries(assets).map(async ([file, a]) => [file, a instanceof pulumi.asset.FileAsset ? { path: await a.path } : { text: await (a as pulumi.asset.StringAsset).text }] as const));
  return { $archive: Object.fromEntries(files) };
}

function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value && typeof value === "object") {
    if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return SECRET;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSecrets(v)]));
  }
  return value;
}

/**
 * Under mocks, two of Pulumi's per-resource diagnostics only cost time: the leak detector
 * wraps every internal promise (tracking it in a set, with a captured stack), and every
 * resource records the source position of its constructor by formatting a full stack trace.
 * Neither changes what is registered; together they are about a third of a mock run. Both
 * are looked up on their module objects at each call, so replacing them here takes effect;
 * if a Pulumi upgrade moves them, nothing is replaced and the plan is only slower.
 * Only the mock engine does this: `pulumi preview`/`up` run the program untouched.
 */
function skipPerResourceDiagnostics(): void {
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise?: unknown };
  if (typeof debuggable.debuggablePromise === "function") debuggable.debuggablePromise = <T>(p: Promise<T>) => p;
  const resource = pulumi.Resource as unknown as { callsites?: unknown };
  if (typeof resource.callsites === "function") resource.callsites = () => [];
}

export interface MockRun {
  readonly resources: PlannedResource[];
  readonly mocks: RecordingMocks;
}

/**
 * Config keys are given without the project prefix. The program is imported once per
 * process (Node caches modules), so run this once per process.
 */
/**
 * `secretKeys` are the secret config keys the program reads (`key` of this project or
 * `namespace:key`); the mock engine gets a placeholder for each, as a secret, since a plan
 * never reads real secrets and a stack file offline holds none.
 */
/**
 * One placeholder every secret shape the program validates accepts: a signing secret's object form
 * (`secrets`), and a forwarding target's credentials of any kind (a token on one line; basic's
 * username and password; OAuth2's clientId, clientSecret, refreshToken). Never a real secret.
 */
const MOCK_SECRET = JSON.stringify({
  secrets: ["placeholder-secret-of-the-mock-engine"],
  username: "placeholder", password: "placeholder", clientId: "placeholder", clientSecret: "placeholder", refreshToken: "placeholder",
});

export async function runProgramUnderMocks(config: Record<string, string>, stack = "prod", secretKeys: readonly string[] = []): Promise<MockRun> {
  // Pulumi captures a stack trace for every promise it creates (and source-maps it under
  // tsx): together several times the cost of the run itself. Plans need neither.
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  skipPerResourceDiagnostics();
  const project = "martech-reliability";
  const full = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
  const placeholders = secretKeys.map((k) => [full(k), MOCK_SECRET]);
  pulumi.runtime.setAllConfig(Object.fromEntries([...Object.entries(config).map(([k, v]) => [full(k), v]), ...placeholders]), placeholders.map(([k]) => k!));
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  // Loaded only now, so the program registers its resources with the mock engine.
  require("../index");
  await pulumi.runtime.disconnect();
  return { resources: mocks.resources.map(({ type, name, inputs }) => ({ type, name, inputs })).sort(comparePlanned), mocks };
}
