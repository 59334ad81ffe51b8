/** A rotation's PagerDuty schedule and escalation policy. */
import type * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../compiler/lower/onCall";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class OnCallRotation extends SpecComponent {
  static readonly TYPE = TYPES.rotationComponent;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OnCallRotation.TYPE, name, args, opts);
  }
}
