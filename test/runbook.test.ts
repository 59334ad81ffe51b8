import { strict as assert } from "node:assert";
import { failureModeHeadings, findSections, parseRunbook } from "../compiler/load/runbook";

describe("runbook headings", () => {
  // Expected ids are what GitHub renders for these headings.
  const cases: [markdown: string, anchors: string[]][] = [
    ["## Diagnosis", ["diagnosis"]],
    ["### CRM field deprecated: 14% of leads dropped", ["crm-field-deprecated-14-of-leads-dropped"]],
    ["### `hs_lead_status` *missing* in **Salesforce**", ["hs_lead_status-missing-in-salesforce"]],
    ["### See [the docs](https://example.com) & retry", ["see-the-docs--retry"]],
    ["## Diagnosis\n\n## Diagnosis\n\n## Diagnosis", ["diagnosis", "diagnosis-1", "diagnosis-2"]],
    ["## Café – Zürich sync", ["café--zürich-sync"]],
    ["Setext heading\n-------------", ["setext-heading"]],
    ["```md\n## not a heading\n```\n\n## Real", ["real"]],
  ];
  for (const [markdown, anchors] of cases) {
    it(`anchors ${JSON.stringify(markdown.split("\n")[0])}`, () => {
      assert.deepEqual(parseRunbook("r.md", markdown).headings.map((h) => h.anchor), anchors);
    });
  }

  it("records heading lines, content and placeholders", () => {
    const rb = parseRunbook("r.md", "# T\r\n\r\n## Diagnosis\r\n\r\nRun it.\r\n\r\n## Who may mitigate and how\r\n\r\n### Sub\r\n\r\nTODO steps\r\n");
    assert.deepEqual(rb.headings.map((h) => [h.text, h.line, h.hasContent]), [["T", 1, true], ["Diagnosis", 3, true], ["Who may mitigate and how", 7, true], ["Sub", 9, true]]);
    assert.deepEqual(rb.placeholders, [{ line: 11, column: 1 }]);
  });

  it("finds sections by GitHub slug and failure modes under their section only", () => {
    const rb = parseRunbook("r.md", "## Failure modes ranked by frequency\n\n### A\n\ntext\n\n### B\n\n## Diagnosis\n\n### C\n");
    const sections = findSections(rb);
    assert.deepEqual([...sections.keys()], ["failureModes", "diagnosis"]);
    assert.deepEqual(failureModeHeadings(rb, sections.get("failureModes")!).map((h) => h.text), ["A", "B"]);
    assert.equal(sections.get("diagnosis")!.hasContent, false);
  });
});
