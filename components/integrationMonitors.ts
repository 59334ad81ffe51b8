/** One integration's monitors, one per failure mode. */
import type * as pulumi from "@pulumi/pulumi";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class IntegrationMonitors extends SpecComponent {
  static readonly TYPE = "martech:datadog:IntegrationMonitors";

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(IntegrationMonitors.TYPE, name, args, opts);
  }
}
