/** An integration's PagerDuty service, its Datadog integration, and the Datadog side of the routing. */
import type * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../compiler/lower/onCall";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class PagingService extends SpecComponent {
  static readonly TYPE = TYPES.pagingComponent;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PagingService.TYPE, name, args, opts);
  }
}
