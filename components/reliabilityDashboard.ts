/** The weekly reliability dashboard. */
import type * as pulumi from "@pulumi/pulumi";
import { DASHBOARD_COMPONENT } from "../compiler/lower/dashboard";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class ReliabilityDashboard extends SpecComponent {
  static readonly TYPE = DASHBOARD_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ReliabilityDashboard.TYPE, name, args, opts);
  }
}
