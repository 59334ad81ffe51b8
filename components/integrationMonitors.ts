/** One integration's monitors, one per failure mode. */
import type * as pulumi from "@pulumi/pulumi";
import { MONITORS_COMPONENT } from "../compiler/lower/monitors";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class IntegrationMonitors extends SpecComponent {
  static readonly TYPE = MONITORS_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(IntegrationMonitors.TYPE, name, args, opts);
  }
}
