/** Every change freeze of the inventory's `kind: ChangeFreezes` files, with where it is, for the freeze rules. */
import type { Path } from "../path";
import type { ParsedFile } from "./parseFile";
import type { RuleContext } from "./ruleContext";
import type { ChangeFreezeDoc } from "./schema";

export interface LocatedFreeze {
  readonly freeze: ChangeFreezeDoc;
  readonly file: ParsedFile;
  /** Of the freeze's node: `["freezes", i]`. */
  readonly path: Path;
  /** `change freeze black-friday-2026`, to start messages with. */
  readonly label: string;
}

export function changeFreezes(ctx: Pick<RuleContext, "files">): LocatedFreeze[] {
  return ctx.files.flatMap((file) =>
    file.kind === "ChangeFreezes" ? file.doc.freezes.map((freeze, i) => ({ freeze, file, path: ["freezes", i] as Path, label: `change freeze ${freeze.id}` })) : [],
  );
}
