/**
 * The script both jobs of pull-request.yml post the plan comment with
 * (.github/scripts/postPlanComment.cjs), run against a fake of what actions/github-script
 * passes it: Octokit's `paginate` and `rest.issues`, `context`, and `core.summary`.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMENT_MARKER } from "../ops/prComment/compose";
import { COMMENT_POSTER } from "./support/workflowChecks";
import { REPO } from "./support/runCli";

interface Comment {
  readonly id: number;
  readonly body: string;
  readonly user: { readonly type: "Bot" | "User" };
}
type Call = [method: "createComment" | "updateComment", args: Record<string, unknown>];
type PostPlanComment = ((args: { github: unknown; context: unknown; core: unknown; env: NodeJS.ProcessEnv }) => Promise<string>) & { MARKER: string };

// Loaded as github-script loads it: require() of the CommonJS file.
const postPlanComment = require(join(REPO, COMMENT_POSTER)) as PostPlanComment;

/** github-script's arguments, faked: the API records what it is asked to do. */
function fakes(existing: Comment[]) {
  const calls: Call[] = [];
  const summaries: string[] = [];
  const listComments = async () => existing;
  const github = {
    paginate: async (method: unknown, params: Record<string, unknown>) => {
      assert.equal(method, listComments);
      assert.deepEqual(params, { owner: "acme", repo: "martech", issue_number: 42, per_page: 100 });
      return existing;
    },
    rest: {
      issues: {
        listComments,
        createComment: async (args: Record<string, unknown>) => void calls.push(["createComment", args]),
        updateComment: async (args: Record<string, unknown>) => void calls.push(["updateComment", args]),
      },
    },
  };
  const context = { repo: { owner: "acme", repo: "martech" }, issue: { number: 42 } };
  const summary = { addRaw: (text: string) => (summaries.push(text), summary), write: async () => summary };
  return { github, context, core: { summary }, calls, summaries };
}

describe("postPlanComment.cjs: posting the plan comment", () => {
  let temp: string;
  let env: NodeJS.ProcessEnv;
  const COMPOSED = `${COMMENT_MARKER}\n**Plan:** ✅ valid\n`;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), "post-plan-comment-"));
    env = { RUNNER_TEMP: temp, RUN_URL: "https://github.com/acme/martech/actions/runs/7" };
    writeFileSync(join(temp, "comment.md"), COMPOSED);
    writeFileSync(join(temp, "comment-full.md"), `${COMPOSED}\nthe whole plan\n`);
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it("finds the comment by the marker pr-comment writes", () => {
    assert.equal(postPlanComment.MARKER, COMMENT_MARKER);
  });

  it("edits the bot's comment that starts with the marker, and writes the whole comment to the job summary", async () => {
    const f = fakes([
      { id: 1, body: `${COMMENT_MARKER} quoted by a person`, user: { type: "User" } },
      { id: 2, body: "another bot's comment", user: { type: "Bot" } },
      { id: 3, body: `${COMMENT_MARKER}\nthe last push's plan`, user: { type: "Bot" } },
    ]);
    assert.equal(await postPlanComment({ ...f, env }), "updated");
    assert.deepEqual(f.calls, [["updateComment", { owner: "acme", repo: "martech", comment_id: 3, body: COMPOSED }]]);
    assert.deepEqual(f.summaries, [`${COMPOSED}\nthe whole plan\n`]);
  });

  it("creates the comment when there is none of its own (a person's comment quoting the marker is left alone)", async () => {
    const f = fakes([{ id: 1, body: `${COMMENT_MARKER} quoted`, user: { type: "User" } }]);
    assert.equal(await postPlanComment({ ...f, env }), "created");
    assert.deepEqual(f.calls, [["createComment", { owner: "acme", repo: "martech", issue_number: 42, body: COMPOSED }]]);
  });

  it("without a composed comment, posts that it could not be composed, with the run's link, under the marker", async () => {
    rmSync(join(temp, "comment.md"));
    rmSync(join(temp, "comment-full.md"));
    const f = fakes([{ id: 3, body: `${COMMENT_MARKER}\nstale verdict`, user: { type: "Bot" } }]);
    await postPlanComment({ ...f, env });
    const body = `${COMMENT_MARKER}\n**Plan comment:** ❌ could not be composed; see https://github.com/acme/martech/actions/runs/7\n`;
    assert.deepEqual(f.calls, [["updateComment", { owner: "acme", repo: "martech", comment_id: 3, body }]]);
    assert.deepEqual(f.summaries, [body]);
  });

  for (const who of ["IS_FORK", "IS_DEPENDABOT"]) {
    it(`${who}: writes the job summary only (its token is read-only)`, async () => {
      const f = fakes([]);
      assert.equal(await postPlanComment({ ...f, env: { ...env, [who]: "true" } }), "summary only");
      assert.deepEqual(f.calls, []);
      assert.equal(f.summaries.length, 1);
    });
  }
});
