/**
 * reference-syntax: no inventory string may hold `${`. The lowering writes a value known only at
 * deployment, another resource's output, as `${ref:NAME:ATTR}`, and the deployment replaces it
 * in every string of every resource (compiler/referenceSyntax.ts, components/refTable.ts); text
 * copied from the inventory that held one would become a PagerDuty integration key in a monitor
 * message or a webhook header, or another resource's address in a link. Every string of every
 * file counts, whatever its field, keys included, so a field added later is covered too. No
 * vendor syntax the inventory needs uses `${`: Datadog's monitor-message variables are `{{name}}`
 * (https://docs.datadoghq.com/monitors/notify/variables/), its dashboard template variables in
 * queries `$name` (https://docs.datadoghq.com/dashboards/template_variables/).
 *
 * Reported at the `$` inside the YAML string (load/stringPosition.ts), once per string. The
 * lowering makes such text inert too (lower/lowerInventory.ts), for text that never met `check`.
 */
import type { Position } from "../../diagnostics";
import { positionInString } from "../../load/stringPosition";
import { positionOf } from "../../load/yamlFile";
import { pointer, type Path } from "../../path";
import { INTERPOLATION_OPEN } from "../../referenceSyntax";
import { describeLocation, withContext } from "../context";
import type { Rule } from "../ruleContext";

const WHY =
  'starts a placeholder that the deployment fills in with a value of another resource, such as a PagerDuty integration key or a web address, so this text could publish a secret or point somewhere else; write "$ {" or remove it';

export const referenceSyntax: Rule = (ctx) => {
  for (const file of ctx.files) {
    const report = (path: Path, at: Position, message: string) => ctx.reportAt(file.file, at, "reference-syntax", withContext(describeLocation(file.doc, path), message));
    const visit = (value: unknown, path: Path): void => {
      if (typeof value === "string") {
        const at = value.indexOf(INTERPOLATION_OPEN);
        if (at >= 0) report(path, positionInString(file.source, path, value, at), `"\${" ${WHY}`);
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
      else if (value && typeof value === "object") {
        for (const [key, v] of Object.entries(value)) {
          const childPath = [...path, key];
          if (key.includes(INTERPOLATION_OPEN)) report(path, file.source.keys.get(pointer(childPath)) ?? positionOf(file.source, path), `a field name holds "\${", which ${WHY}`);
          visit(v, childPath);
        }
      }
    };
    visit(file.doc, []);
  }
};
