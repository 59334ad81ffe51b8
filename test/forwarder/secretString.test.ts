/**
 * The SecretString module the ingress reads with and the Pulumi program writes with
 * (forwarder/ingress/secretString.ts): formats, the normalized object the deployment writes,
 * value-free errors, and that importing it loads no AWS client code.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { parseSecretString, SecretError, secretStringFor } from "../../forwarder/ingress/secretString";
import * as viaSecrets from "../../forwarder/ingress/secrets";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const URL_A = "https://abc123.lambda-url.eu-west-1.on.aws/hooks/lead-sync/hubspot-contact-events";

/** Runs fn expecting a SecretError, and checks its message does not contain any of the values. */
function assertValueFree(fn: () => unknown, ...values: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SecretError, `expected a SecretError, got ${String(caught)}`);
  for (const v of values) assert.ok(!caught.message.includes(v), `the message "${caught.message}" quotes the value`);
}

describe("forwarder secret string", () => {
  describe("parseSecretString", () => {
    const rows: [string, string, object][] = [
      ["array: the active secrets, empty entries dropped", '["a","","b"]', { secrets: ["a", "b"] }],
      ["object with a Meta verify token", '{"secrets":["a"],"verifyToken":"t"}', { secrets: ["a"], verifyToken: "t" }],
      ["object with the public URL", `{"secrets":["a"],"publicUrl":"${URL_A}"}`, { secrets: ["a"], publicUrl: URL_A }],
      ["empty verifyToken and publicUrl count as absent", '{"secrets":["a"],"verifyToken":"","publicUrl":""}', { secrets: ["a"] }],
      ["a plain secret, verbatim", "whsec_abc", { secrets: ["whsec_abc"] }],
      ["a JSON string literal, unquoted", '"quoted"', { secrets: ["quoted"] }],
      ["a secret that happens to be a JSON number, verbatim", "0123", { secrets: ["0123"] }],
    ];
    for (const [name, text, expected] of rows) it(name, () => assert.deepEqual(parseSecretString(text), expected));

    it("throws SecretError for nothing usable, an unknown shape or a broken publicUrl", () => {
      for (const bad of [undefined, "[]", '[""]', '{"other":1}', '{"secrets":[]}', '{"secrets":[1,null]}']) {
        assert.throws(() => parseSecretString(bad), SecretError, String(bad));
      }
      for (const url of ["hooks.example.com/x", "ftp://example.com/x", "https://user:pw@example.com/x", "https://example.com/x#frag", "javascript:alert(1)"]) {
        assert.throws(() => parseSecretString(JSON.stringify({ secrets: ["s"], publicUrl: url })), SecretError, url);
      }
      assert.throws(() => parseSecretString(JSON.stringify({ secrets: ["s"], publicUrl: 42 })), SecretError);
    });

    it("is re-exported from secrets.ts as before", () => {
      assert.equal(viaSecrets.parseSecretString, parseSecretString);
      assert.equal(viaSecrets.secretStringFor, secretStringFor);
      assert.equal(viaSecrets.SecretError, SecretError);
    });
  });

  describe("secretStringFor (what the deployment writes)", () => {
    it("a single secret becomes the object form with the public URL", () => {
      const out = secretStringFor("whsec_single", URL_A);
      assert.equal(out, JSON.stringify({ secrets: ["whsec_single"], publicUrl: URL_A }));
      assert.deepEqual(parseSecretString(out), { secrets: ["whsec_single"], publicUrl: URL_A });
    });

    it("a rotation (JSON array of the active secrets) keeps both, in order", () => {
      assert.deepEqual(JSON.parse(secretStringFor('["old","new"]', URL_A)), { secrets: ["old", "new"], publicUrl: URL_A });
    });

    it("the object form keeps Meta's verifyToken; the given publicUrl replaces the value's own", () => {
      const value = JSON.stringify({ publicUrl: "https://old.example.com/hooks/a/b", verifyToken: "tok", secrets: ["app-secret"] });
      assert.equal(secretStringFor(value, URL_A), JSON.stringify({ secrets: ["app-secret"], verifyToken: "tok", publicUrl: URL_A }));
      assert.equal(secretStringFor(value), JSON.stringify({ secrets: ["app-secret"], verifyToken: "tok", publicUrl: "https://old.example.com/hooks/a/b" }));
    });

    it("without a publicUrl there is none in the output", () => {
      assert.equal(secretStringFor("s"), '{"secrets":["s"]}');
    });

    it("is deterministic whatever the key order of the input (no spurious diff on the next deploy)", () => {
      const a = secretStringFor('{"secrets":["x"],"verifyToken":"t"}', URL_A);
      const b = secretStringFor('{"verifyToken":"t","secrets":["x"]}', URL_A);
      assert.equal(a, b);
    });

    it("errors never echo the value", () => {
      const secret = "whsec_" + randomBytes(12).toString("hex");
      assertValueFree(() => secretStringFor(JSON.stringify({ secrets: [""], verifyToken: secret })), secret);
      assertValueFree(() => secretStringFor(JSON.stringify({ secret })), secret);
      assertValueFree(() => secretStringFor("[]"));
      const badUrl = `https://${secret}:x@example.com/`;
      assertValueFree(() => secretStringFor(secret, badUrl), secret);
      assertValueFree(() => secretStringFor(JSON.stringify({ secrets: [secret], publicUrl: badUrl })), secret);
    });

    it("round trip: any usable value parses back to the same active secrets, token and URL (property)", () => {
      const secret = fc.string({ minLength: 1, maxLength: 40 });
      fc.assert(
        fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), fc.option(secret, { nil: undefined }), fc.boolean(), (secrets, verifyToken, withUrl) => {
          const input = JSON.stringify({ secrets, ...(verifyToken !== undefined && { verifyToken }) });
          const out = secretStringFor(input, withUrl ? URL_A : undefined);
          assert.deepEqual(parseSecretString(out), {
            secrets,
            ...(verifyToken !== undefined && { verifyToken }),
            ...(withUrl && { publicUrl: URL_A }),
          });
          assert.equal(secretStringFor(out), out, "normalizing twice changes nothing");
        }),
        { numRuns: 200, seed: 17 },
      );
    });
  });

  it("importing it loads no AWS client code (the Pulumi program imports it)", async () => {
    const script = `require("./forwarder/ingress/secretString.ts");
      const aws = Object.keys(require.cache).filter((k) => /[\\\\/](@aws-sdk|@smithy|aws4)[\\\\/]|[\\\\/]forwarder[\\\\/]aws[\\\\/]/.test(k));
      process.stdout.write(JSON.stringify(aws));`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT });
    assert.deepEqual(JSON.parse(stdout), []);
    // The check can fail: the ingress's entry point, which builds the AWS clients (forwarder/aws, aws4), shows up.
    const control = script.replace("secretString.ts", "index.ts");
    const { stdout: loaded } = await run(process.execPath, ["--import", "tsx", "-e", control], { cwd: ROOT });
    assert.ok((JSON.parse(loaded) as string[]).length > 0);
  });
});
