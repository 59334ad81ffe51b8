/**
 * Changed files outside the inventory and runbooks folders that change what every integration
 * deploys. The inventory and runbooks are judged per integration (ops/change/touched.ts); any
 * other file is taken to shape the whole deployment (the forwarder's code, the components, the
 * compiler, the stack config, the dependencies, the workflows that deploy) unless it is known
 * to be left out of it. Unknown files count: during a freeze, wrongly refusing a deploy costs
 * an override, wrongly letting one through can cost the campaign.
 */

/** Folders whose files never reach a deployed resource. */
const INERT_FOLDERS = ["test/", "bench/", "postmortems/", "templates/", ".ci/", ".vscode/"];
/** Documentation at any depth (runbooks are inside their own folder, judged per integration). */
const INERT_FILE = /(^|\/)(LICENSE|\.gitignore|\.editorconfig|\.mocharc\.json)$|\.md$/i;

/** `forwarder/ingress.ts`, `package-lock.json`: paths relative to the repository, "/"-separated. */
export function sharedDeployPaths(changed: readonly string[], perIntegration: readonly string[]): string[] {
  const inside = (path: string, folder: string) => folder === "." || path === folder || path.startsWith(`${folder}/`);
  return changed
    .filter((path) => !perIntegration.some((folder) => inside(path, folder)))
    .filter((path) => !INERT_FOLDERS.some((folder) => path.startsWith(folder)) && !INERT_FILE.test(path))
    .sort();
}

/** `shared files changed: forwarder/ingress.ts and 2 more`. */
export function describeSharedPaths(paths: readonly string[]): string {
  const more = paths.length > 1 ? ` and ${paths.length - 1} more` : "";
  return `shared files changed: ${paths[0]}${more}`;
}
