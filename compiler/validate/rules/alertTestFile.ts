/**
 * alert-test-file: a `kind: AlertTests` file holds the tests of one existing integration and is
 * found where a reader looks for them: in a folder named `tests`, named after the integration
 * (`inventory/integrations/tests/<integration>.yaml`), one file per integration. The file is
 * found by the inventory listing and joined to its integration by id; no path is ever read
 * from it, so it cannot point anywhere else.
 */
import { suggestion } from "../didYouMean";
import type { Located, Rule } from "../ruleContext";
import type { AlertTestsDoc } from "../schema";

export const TESTS_FOLDER = "tests";

export const alertTestFile: Rule = (ctx) => {
  const ids = [...new Set(ctx.integrations.map((i) => i.value.id))];
  const firstFile = new Map<string, Located<AlertTestsDoc>>();
  for (const located of ctx.alertTestFiles) {
    const { file, value } = located;
    const id = value.integration;
    if (!ids.includes(id)) {
      if (!ctx.declaredInBrokenFiles.has(`integration:${id}`)) {
        ctx.report(file, ["integration"], "alert-test-file", `integration: there is no integration ${JSON.stringify(id)} to test${ids.length ? suggestion(id, ids) : ""}`);
      }
      continue;
    }
    const parts = file.file.split(/[\\/]/);
    const name = parts[parts.length - 1];
    if (name !== `${id}.yaml`) {
      ctx.report(file, ["integration"], "alert-test-file", `integration: this file holds the alert tests of ${id}, so it must be named ${id}.yaml, not ${name}`);
    }
    if (parts[parts.length - 2] !== TESTS_FOLDER) {
      ctx.report(file, ["kind"], "alert-test-file", `kind: alert tests live in a folder named ${TESTS_FOLDER}, as inventory/integrations/${TESTS_FOLDER}/${id}.yaml; move this file there`);
    }
    const earlier = firstFile.get(id);
    if (earlier) ctx.report(file, ["integration"], "alert-test-file", `integration: the alert tests of ${id} are already in ${earlier.file.file}; keep them in one file`);
    else firstFile.set(id, located);
  }
};
