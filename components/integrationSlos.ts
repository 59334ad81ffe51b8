/** One integration's SLOs and their burn-rate alerts. */
import type * as pulumi from "@pulumi/pulumi";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class IntegrationSlos extends SpecComponent {
  static readonly TYPE = "martech:datadog:IntegrationSlos";

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(IntegrationSlos.TYPE, name, args, opts);
  }
}
