/** Emit stage entry point: desired-state specs -> components and provider resources. */
import type * as pulumi from "@pulumi/pulumi";
import type { DesiredState, ResourceSpec } from "../compiler/lower/spec";
import { IntegrationMonitors } from "./integrationMonitors";
import { IntegrationSlos } from "./integrationSlos";
import { OnCallRotation } from "./onCallRotation";
import { PagingService } from "./pagingService";
import { RefTable } from "./refTable";
import { ReliabilityDashboard } from "./reliabilityDashboard";
import { INVOKES } from "./resourceTypes";
import { componentOptions, createResource, type SpecComponentArgs } from "./specComponent";

type ComponentClass = new (name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

const COMPONENTS: Record<string, ComponentClass> = Object.fromEntries(
  [IntegrationMonitors, IntegrationSlos, OnCallRotation, PagingService, ReliabilityDashboard].map((c) => [c.TYPE, c]),
);

export function emit(state: DesiredState): void {
  const refs = new RefTable();
  for (const invoke of state.invokes) {
    const call = INVOKES[invoke.token];
    if (!call) throw new Error(`internal: no function for ${invoke.token}`);
    refs.add(invoke.key, call(invoke.args as never) as unknown as Record<string, unknown>);
  }
  const children = new Map<string, ResourceSpec[]>();
  for (const spec of state.resources) if (spec.parent) children.set(spec.parent, [...(children.get(spec.parent) ?? []), spec]);
  for (const spec of state.resources) {
    if (spec.parent) continue;
    const Component = COMPONENTS[spec.type];
    if (Component) new Component(spec.name, { children: children.get(spec.name) ?? [], refs }, componentOptions(spec));
    else createResource(spec, refs);
  }
}
