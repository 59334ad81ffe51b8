/** Emit stage entry point: desired-state specs -> components and provider resources. */
import type * as pulumi from "@pulumi/pulumi";
import { referencedAttrs, type DesiredState, type ResourceSpec } from "../compiler/lower/spec";
import { IntegrationMaintenance } from "./integrationMaintenance";
import { IntegrationMonitors } from "./integrationMonitors";
import { IntegrationSlos } from "./integrationSlos";
import { OnCallRotation } from "./onCallRotation";
import { PagingService } from "./pagingService";
import { RefTable, type ConfigSecretReader } from "./refTable";
import { ReliabilityDashboard } from "./reliabilityDashboard";
import { INVOKES } from "./resourceTypes";
import { SoftwareCatalog } from "./softwareCatalog";
import { componentOptions, createResource, type SpecComponent, type SpecComponentArgs } from "./specComponent";
import { WebhookForwarder } from "./webhookForwarder";

type ComponentClass = new (name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) => SpecComponent;

const COMPONENTS: Record<string, ComponentClass> = Object.fromEntries(
  [IntegrationMonitors, IntegrationSlos, IntegrationMaintenance, OnCallRotation, PagingService, ReliabilityDashboard, WebhookForwarder, SoftwareCatalog].map((c) => [c.TYPE, c]),
);

/** Creates every resource; returns the components' outputs, which the program exports. */
export function emit(state: DesiredState, configSecret?: ConfigSecretReader): Record<string, unknown> {
  const refs = new RefTable(configSecret, referencedAttrs(state));
  const outputs: Record<string, unknown> = {};
  for (const invoke of state.invokes) {
    const call = INVOKES[invoke.token];
    if (!call) throw new Error(`internal: no function for ${invoke.token}`);
    refs.add(invoke.key, call(invoke.args as never) as unknown as Record<string, unknown>);
  }
  const children = new Map<string, ResourceSpec[]>();
  for (const spec of state.resources) {
    if (!spec.parent) continue;
    const siblings = children.get(spec.parent);
    if (siblings) siblings.push(spec);
    else children.set(spec.parent, [spec]);
  }
  for (const spec of state.resources) {
    if (spec.parent) continue;
    const Component = COMPONENTS[spec.type];
    if (Component) {
      const component = new Component(spec.name, { children: children.get(spec.name) ?? [], refs, outputs: spec.outputs }, componentOptions(spec));
      Object.assign(outputs, component.outputs);
    } else createResource(spec, refs);
  }
  return outputs;
}
