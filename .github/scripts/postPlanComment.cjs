/**
 * Posts the plan comment that `npm run pr-comment` composed (ops/prComment, within GitHub's size
 * limit): both jobs of pull-request.yml that post it (plan, with the preview pending; comment,
 * with the preview's result) call this one file from actions/github-script, so the marker that
 * finds the comment and the fallback text cannot drift apart between them:
 *
 *   await require(process.env.GITHUB_WORKSPACE + "/.github/scripts/postPlanComment.cjs")({ github, context, core });
 *
 * (github-script's README, "Run a separate file with an async function":
 * https://github.com/actions/github-script#run-a-separate-file-with-an-async-function).
 * The job must have checked the repository out first. It is the pull request's own code, as
 * the workflow file is on a `pull_request` event; it runs with the job's token (pull-requests:
 * write, read-only for forks and Dependabot) and no other secret. Tested in
 * test/postPlanComment.test.ts.
 */
const fs = require("node:fs");
const path = require("node:path");

/** The hidden first line that identifies our comment; the same as ops/prComment/compose.ts COMMENT_MARKER (tested). */
const MARKER = "<!-- martech-plan -->";

/**
 * Reads comment.md and comment-full.md from RUNNER_TEMP, writes the job summary, then edits our
 * comment (the bot's one starting with MARKER) or creates it.
 * @param {{ github: any, context: any, core: any, env?: NodeJS.ProcessEnv }} args github-script's `github`, `context` and `core`.
 */
async function postPlanComment({ github, context, core, env = process.env }) {
  const read = (name) => {
    const file = path.join(env.RUNNER_TEMP ?? "", name);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  };
  // Without the file (npm ci or pr-comment failed), say so rather than leave a stale verdict.
  const body = read("comment.md") ?? `${MARKER}\n**Plan comment:** ❌ could not be composed; see ${env.RUN_URL}\n`;
  await core.summary.addRaw(read("comment-full.md") ?? body).write();
  // A fork's or Dependabot's read-only token cannot comment; the job summary above carries the same text.
  if (env.IS_FORK === "true" || env.IS_DEPENDABOT === "true") return "summary only";
  const comments = await github.paginate(github.rest.issues.listComments, { ...context.repo, issue_number: context.issue.number, per_page: 100 });
  // A bot's comment only: a person quoting the marker does not get their comment overwritten.
  const mine = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(MARKER));
  if (mine) {
    await github.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body });
    return "updated";
  }
  await github.rest.issues.createComment({ ...context.repo, issue_number: context.issue.number, body });
  return "created";
}

module.exports = postPlanComment;
module.exports.MARKER = MARKER;
