/** One integration's SLOs and their burn-rate alerts. */
import type * as pulumi from "@pulumi/pulumi";
import { SLOS_COMPONENT } from "../compiler/lower/slos";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class IntegrationSlos extends SpecComponent {
  static readonly TYPE = SLOS_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(IntegrationSlos.TYPE, name, args, opts);
  }
}
