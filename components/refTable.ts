/**
 * Turns the specs' `${ref:NAME:ATTR}` strings into Pulumi outputs: each name is a resource
 * created earlier in this program, or a provider look-up.
 */
import * as pulumi from "@pulumi/pulumi";
import { mapStrings, refsIn, resolveRefsInString } from "../compiler/lower/spec";

type Referable = Record<string, unknown>;

export class RefTable {
  private readonly entries = new Map<string, Referable>();

  add(name: string, value: Referable): void {
    this.entries.set(name, value);
  }

  private output(name: string, attr: string): pulumi.Output<string> {
    const target = this.entries.get(name);
    if (!target) throw new Error(`internal: ${name} is referenced before it is created`);
    return pulumi.output(target[attr] as pulumi.Input<string>);
  }

  /** Inputs with references resolved; a string with references becomes one Output. */
  resolve(inputs: object): Record<string, unknown> {
    return mapStrings(inputs, (s) => {
      const refs = refsIn(s);
      if (refs.length === 0) return s;
      const values = refs.map((r) => this.output(r.name, r.attr));
      return pulumi.all(values).apply((resolved) => {
        let i = 0;
        return resolveRefsInString(s, () => resolved[i++]);
      });
    }) as Record<string, unknown>;
  }
}
