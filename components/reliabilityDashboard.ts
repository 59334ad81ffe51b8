/** The weekly reliability dashboard. */
import type * as pulumi from "@pulumi/pulumi";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class ReliabilityDashboard extends SpecComponent {
  static readonly TYPE = "martech:datadog:ReliabilityDashboard";

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ReliabilityDashboard.TYPE, name, args, opts);
  }
}
