/**
 * The shared webhook forwarder: both Lambdas, their roles, log groups, the queue and its
 * dead-letter queue, the idempotency table, the signing secrets, the Function URL and the
 * monitors on the forwarder (compiler/lower/forwarder.ts says what and why). Outputs
 * `webhookUrls`: the URL each vendor is configured with, by `<integration>/<source>`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FORWARDER_COMPONENT } from "../compiler/lower/forwarder";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class WebhookForwarder extends SpecComponent {
  static readonly TYPE = FORWARDER_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WebhookForwarder.TYPE, name, args, opts);
  }
}
