/** The Software Catalog entities of the integrations and the systems they depend on (lower/catalog.ts). */
import type * as pulumi from "@pulumi/pulumi";
import { CATALOG_COMPONENT } from "../compiler/lower/catalog";
import { SpecComponent, type SpecComponentArgs } from "./specComponent";

export class SoftwareCatalog extends SpecComponent {
  static readonly TYPE = CATALOG_COMPONENT;

  constructor(name: string, args: SpecComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SoftwareCatalog.TYPE, name, args, opts);
  }
}
