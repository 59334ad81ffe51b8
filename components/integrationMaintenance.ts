/** One integration's planned-maintenance downtimes and SLO corrections (lower/maintenance.ts). */
import type * as pulumi from "@pulumi/pulumi";
import { MAINTENANCE_COMPONENT } from "../compiler/lower/maintenance";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class IntegrationMaintenance extends SpecComponent {
  static readonly TYPE = MAINTENANCE_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(IntegrationMaintenance.TYPE, name, args, opts);
  }
}
