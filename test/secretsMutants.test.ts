/**
 * The secret shapes pinned one by one, fast and in-process (the mutation part `validate-secrets`):
 * for each shape of compiler/validate/secretPatterns.ts a value it must find, with the exact kind
 * and offsets, and near misses it must not (one character short, a wrong prefix, a token
 * character glued on either side); then scanStrings and redactDiagnostics with exact results.
 * Every credential here is made up and assembled at run time (as test/hostile/fakeSecrets.ts
 * does), so the source holds no token-shaped string.
 */
import assert from "node:assert/strict";
import type { Diagnostic } from "../compiler/diagnostics";
import { parseYamlFile } from "../compiler/load/yamlFile";
import { REDACTED } from "../compiler/redact";
import { redactDiagnostics } from "../compiler/validate/redactDiagnostics";
import { isPlaceholder, scanStrings } from "../compiler/validate/scanStrings";
import { CONFIG_KEY_PATTERN, containsSecret, findSecrets, looksLikeSecret } from "../compiler/validate/secretPatterns";

const j = (...parts: string[]) => parts.join("");
/** `n` characters cycling through `alphabet`. */
const fill = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join("");

const KIND = {
  stripe: "a Stripe secret key",
  webhook: "a webhook signing secret",
  shopify: "a Shopify access token",
  hubspot: "a HubSpot private app token",
  slack: "a Slack token",
  slackUrl: "a Slack webhook URL",
  github: "a GitHub token",
  awsId: "an AWS access key id",
  awsSecret: "an AWS secret access key",
  ddApi: "a Datadog API key",
  ddApp: "a Datadog application key",
  pem: "a private key",
  jwt: "a JSON Web Token",
  meta: "a Meta access token",
  urlPassword: "a password in a URL",
  assigned: "a credential assigned to a key or password field",
} as const;

/** `secret` alone in `before + secret + after`: exactly one finding, of `kind`, at the secret. */
function finds(secret: string, kind: string, before = "see ", after = " here"): void {
  const text = before + secret + after;
  assert.deepStrictEqual(findSecrets(text), [{ start: before.length, end: before.length + secret.length, kind }], text);
}
function none(text: string): void {
  assert.deepStrictEqual(findSecrets(text), [], text);
}
/** No finding of `kind` in `text` (a part of a near miss may still be another shape). */
function noneOf(text: string, kind: string): void {
  assert.deepStrictEqual(findSecrets(text).filter((f) => f.kind === kind), [], text);
}

// Bodies holding every range end of the classes they must match (A Z a z 0 9, a f A F for hex).
const ALNUM = "AZaz09";
const alnum = (n: number) => fill(`${ALNUM}bCdEfGhIjKlMnOpQrStUvWxY12345678`, n);
const hexMixed = (n: number) => fill("afAF09b1C2d3E4", n);
const hexLower = (n: number) => fill("af09b1c2d3e4", n);
const hexUpper = (n: number) => fill("AF09B1C2D3E4", n);

describe("secret shapes, pinned for mutation testing", () => {
  describe("Stripe secret and restricted keys", () => {
    it("finds sk_/rk_ with live or test and 24 or more alphanumerics, at the key", () => {
      for (const prefix of [j("sk", "_live_"), j("sk", "_test_"), j("rk", "_live_"), j("rk", "_test_")]) {
        finds(prefix + alnum(24), KIND.stripe);
        finds(prefix + alnum(30), KIND.stripe);
      }
      finds(j("sk", "_live_") + alnum(24), KIND.stripe, "(", "_".slice(1) + ".");
    });
    it("misses 23 characters, other prefixes and a token character glued on", () => {
      const key = j("sk", "_live_") + alnum(24);
      none(`see ${j("sk", "_live_")}${alnum(23)} here`);
      none(`see ${j("pk", "_live_")}${alnum(24)} here`);
      none(`see ${j("sk", "_prod_")}${alnum(24)} here`);
      none(`see x${key} here`);
      none(`see _${key} here`);
      none(`see 9${key} here`);
      none(`see ${key}_ here`);
      none(`see ${j("sk", "_live_")}${alnum(12)}!${alnum(12)} here`);
    });
  });

  describe("webhook signing secrets", () => {
    const body = fill("AZaz09+/bCdEfG", 32);
    it("finds whsec_ + 32 or more base64 characters with up to two = of padding", () => {
      finds(j("whsec", "_") + body, KIND.webhook);
      finds(j("whsec", "_") + body + "=", KIND.webhook);
      finds(j("whsec", "_") + body + "==", KIND.webhook);
      finds(j("whsec", "_") + fill("AZaz09+/bCdEfG", 40), KIND.webhook);
      finds(j("whsec", "_") + body, KIND.webhook, "see ", "_x");
    });
    it("misses 31 characters, three = and a character glued on", () => {
      none(`see ${j("whsec", "_")}${body.slice(1)} here`);
      none(`see ${j("whsec", "_")}${body}=== here`);
      none(`see x${j("whsec", "_")}${body} here`);
      none(`see _${j("whsec", "_")}${body} here`);
      none(`see ${j("whsec", "-")}${body} here`);
      none(`see ${j("whsec", "_")}${body.slice(0, 16)}!${body.slice(16)} here`);
    });
  });

  describe("Shopify access tokens", () => {
    it("finds shpat_/shpca_/shppa_/shpss_ + 32 hex", () => {
      for (const p of ["at", "ca", "pa", "ss"]) finds(j("shp", p, "_") + hexMixed(32), KIND.shopify);
    });
    it("misses 31 or 33 hex, another prefix, a non-hex character and a glued character", () => {
      none(`see ${j("shp", "at_")}${hexMixed(31)} here`);
      none(`see ${j("shp", "at_")}${hexMixed(33)} here`);
      none(`see ${j("shp", "xx_")}${hexMixed(32)} here`);
      none(`see ${j("shp", "at_")}${hexMixed(31)}g here`);
      none(`see _${j("shp", "at_")}${hexMixed(32)} here`);
      none(`see ${j("shp", "at_")}${hexMixed(32)}_ here`);
    });
  });

  describe("HubSpot private app tokens", () => {
    const uuid = j("09af09af", "-", "09af", "-", "af09", "-", "f09a", "-", "09af09af09af");
    it("finds pat-<region>-<uuid>, any case", () => {
      finds(j("pat", "-az0-") + uuid, KIND.hubspot);
      finds(j("pat", "-na9-") + uuid, KIND.hubspot);
      finds(j("PAT", "-EU1-") + uuid.toUpperCase(), KIND.hubspot);
    });
    it("misses a short region or uuid group and glued characters", () => {
      none(`see ${j("pat", "-n1-")}${uuid} here`);
      none(`see ${j("pat", "-naa-")}${uuid} here`);
      none(`see ${j("pat", "-na1-")}${uuid.slice(1)} here`);
      none(`see ${j("pat", "-na1-")}${uuid.slice(0, -1)} here`);
      none(`see -${j("pat", "-na1-")}${uuid} here`);
      none(`see x${j("pat", "-na1-")}${uuid} here`);
      none(`see ${j("pat", "-na1-")}${uuid}- here`);
      none(`see ${j("pat", "-na1-")}${uuid}_ here`);
      none(`see ${j("pat", "-na1-")}${uuid.replace("af", "ag")} here`);
    });
  });

  describe("Slack tokens", () => {
    it("finds every xox? kind and app-level xapp- tokens", () => {
      for (const c of "abposr") finds(j("xox", c, "-0123456789-", "09AZaz-x"), KIND.slack);
      finds(j("xoxb", "-012345-", "09AZaz-xyz"), KIND.slack);
      finds(j("xoxb", "-0123456-", "09AZaz-x"), KIND.slack);
      for (const d of "09") finds(j("xapp", "-", d, "-AZ09BC-012345-", hexLower(32)), KIND.slack);
      finds(j("xapp", "-1-AZ09BCD-0123456-", hexLower(40)), KIND.slack);
    });
    it("misses short parts, another letter and glued characters", () => {
      none(`see ${j("xoxc", "-0123456789-", "09AZaz-x")} here`);
      none(`see ${j("xoxb", "-01234-", "09AZaz-x")} here`);
      none(`see ${j("xoxb", "-0123456789-", "09AZaz-")} here`);
      none(`see ${j("xoxb", "-01234a6789-", "09AZaz-x")} here`);
      none(`see -${j("xoxb", "-0123456789-", "09AZaz-x")} here`);
      none(`see _${j("xoxb", "-0123456789-", "09AZaz-x")} here`);
      none(`see ${j("xoxb", "-0123456789-", "09AZaz-x")}_ here`);
      noneOf(`see ${j("xapp", "-1-AZ09B-012345-", hexLower(32))} here`, KIND.slack);
      noneOf(`see ${j("xapp", "-1-AZ09BC-01234-", hexLower(32))} here`, KIND.slack);
      noneOf(`see ${j("xapp", "-1-AZ09BC-012345-", hexLower(31))} here`, KIND.slack);
      noneOf(`see ${j("xapp", "-1-AZ09bC-012345-", hexLower(32))} here`, KIND.slack);
      noneOf(`see ${j("xapp", "-a-AZ09BC-012345-", hexLower(32))} here`, KIND.slack);
      noneOf(`see ${j("xapp", "-1-AZ09BC-012345-", hexLower(32))}- here`, KIND.slack);
      noneOf(`see ${j("xapp", "-1-AZ09BC-012345-", hexLower(31), "g")} here`, KIND.slack);
    });
  });

  describe("Slack webhook URLs", () => {
    it("finds services, workflows and triggers URLs, from the host on", () => {
      for (const kind of ["services", "workflows", "triggers"]) {
        finds(j("hooks.slack", ".com/", kind, "/AZ09BC/T0AB1CD/", alnum(16)), KIND.slackUrl, "https://");
      }
      finds(j("hooks.slack", ".com/services/AZ09BC/T0AB1CD/", alnum(20)), KIND.slackUrl, "https://");
    });
    it("misses short segments, lower-case ids and another path", () => {
      none(`https://${j("hooks.slack", ".com/services/AZ09B/T0AB1CD/", alnum(16))}`);
      none(`https://${j("hooks.slack", ".com/services/AZ09BC/T0AB1/", alnum(16))}`);
      none(`https://${j("hooks.slack", ".com/services/AZ09BC/T0AB1CD/", alnum(15))} x`);
      none(`https://${j("hooks.slack", ".com/services/AZ09bC/T0AB1CD/", alnum(16))}`);
      none(`https://${j("hooks.slack", ".com/api/AZ09BC/T0AB1CD/", alnum(16))}`);
      none(`https://${j("hooksXslack", ".com/services/AZ09BC/T0AB1CD/", alnum(16))}`);
    });
  });

  describe("GitHub tokens", () => {
    it("finds every gh?_ kind with 36 to 251 characters and fine-grained tokens", () => {
      for (const c of "pousr") finds(j("gh", c, "_", alnum(36)), KIND.github);
      finds(j("ghp", "_", alnum(251)), KIND.github);
      finds(j("github", "_pat_", alnum(22), "_", alnum(59)), KIND.github);
    });
    it("misses 35 or 252 characters, other letters, short fine-grained parts and glued characters", () => {
      none(`see ${j("ghp", "_", alnum(35))} here`);
      none(`see ${j("ghp", "_", alnum(252))} here`);
      none(`see ${j("ghx", "_", alnum(36))} here`);
      none(`see ${j("github", "_pat_", alnum(21), "_", alnum(59))} here`);
      none(`see ${j("github", "_pat_", alnum(22), "_", alnum(58))} here`);
      none(`see _${j("ghp", "_", alnum(36))} here`);
      none(`see ${j("ghp", "_", alnum(36))}_ here`);
    });
  });

  describe("AWS access key ids", () => {
    it("finds AKIA and ASIA + 16 upper-case letters and digits", () => {
      finds(j("AKIA", "AZ09QRST", "UVWX2345"), KIND.awsId);
      finds(j("ASIA", "AZ09QRST", "UVWX2345"), KIND.awsId);
    });
    it("misses 15 or 17 characters, lower case, another prefix and glued characters", () => {
      none(`see ${j("AKIA", "AZ09QRST", "UVWX234")} here`);
      none(`see ${j("AKIA", "AZ09QRST", "UVWX23456")} here`);
      none(`see ${j("AKIA", "AZ09QRST", "uVWX2345")} here`);
      none(`see ${j("AKIB", "AZ09QRST", "UVWX2345")} here`);
      none(`see _${j("AKIA", "AZ09QRST", "UVWX2345")} here`);
      none(`see ${j("AKIA", "AZ09QRST", "UVWX2345")}_ here`);
    });
  });

  describe("AWS secret access keys", () => {
    // High entropy, every range end and + / inside (away from the ends, so each one splits the run).
    const generated = j("wJalrXUtnF", "AZaz09+/Kq", "7MDENGbPxR", "fiCYz8Qk2L");
    // Low entropy: a generated key's classes but few distinct characters.
    const plain = j("aaaaaaaaaa", "aaaaaaaaaa", "aaaaaaaaaa", "aaaaaaaAB1");
    it("finds a generated 40-character key anywhere, and a plain one beside words naming it", () => {
      finds(generated, KIND.awsSecret);
      finds(generated, KIND.awsSecret, "", "");
      finds(plain, KIND.awsSecret, "aws: ");
      finds(plain, KIND.awsSecret, "SECRET_ACCESS: ");
      finds(plain, KIND.awsSecret, "secretaccess ");
      finds(plain, KIND.awsSecret, "Access-Key ");
      finds(plain, KIND.awsSecret, "accesskey ");
      finds(plain, KIND.awsSecret, "x ", " (aws)");
      finds(plain, KIND.awsSecret, "k ", " aws\nmore");
      finds(plain, KIND.awsSecret, `aws${" ".repeat(110)}`);
      finds(plain, KIND.awsSecret, "k ", `${" ".repeat(110)}aws`);
    });
    it("misses a key without each class, with //, 39 or 41 characters, context out of reach or on another line", () => {
      none(`aws ${generated.replace(/[0-9]/g, "x")}`);
      none(`aws ${generated.toLowerCase()}`);
      none(`aws ${generated.toUpperCase()}`);
      none(`aws ${generated.slice(0, 20)}//${generated.slice(22)}`);
      none(`aws ${generated.slice(1)} `);
      none(`aws ${generated}Q`);
      none(`aws ${plain.slice(1)}a`.slice(0, 4) + plain.slice(0, 39));
      none(`see ${plain} here`);
      none(`aws\n${plain} here`);
      none(`see ${plain}\naws`);
      none(`aws${" ".repeat(120)}${plain}`);
      none(`k ${plain}${" ".repeat(120)}aws`);
      for (const glue of ["=", "/", "+", "_", "x"]) {
        none(`aws ${glue}${plain}`);
        none(`aws ${plain}${glue}`);
      }
    });
  });

  describe("Datadog API keys", () => {
    it("finds 32 hex of one case with a digit and a letter", () => {
      finds(hexLower(32), KIND.ddApi);
      finds(hexUpper(32), KIND.ddApi);
      finds(hexLower(32), KIND.ddApi, "", "");
      // Each digit and letter range end alone.
      finds(`${fill("12345678", 31)}a`, KIND.ddApi);
      finds(`${fill("12345678", 31)}f`, KIND.ddApi);
      finds(`${fill("12345678", 31)}A`, KIND.ddApi);
      finds(`${fill("12345678", 31)}F`, KIND.ddApi);
      finds(`0${fill("abcdef", 31)}`, KIND.ddApi);
      finds(`9${fill("abcdef", 31)}`, KIND.ddApi);
    });
    it("misses mixed case, no digit, no letter, 31 or 33 and glued characters", () => {
      none(`see ${hexMixed(32)} here`);
      none(`see ${fill("abcdef", 32)} here`);
      none(`see ${fill("0123456789", 32)} here`);
      none(`see ${hexLower(31)} here`);
      none(`see ${hexLower(33)} here`);
      none(`see _${hexLower(32)} here`);
      none(`see ${hexLower(32)}_ here`);
      none(`see ${hexLower(31)}g here`);
    });
    it("takes 32 hex right after slo or trace (an id) for an id, and only there", () => {
      for (const before of ["slo id=", "trace id: ", "slo_id=", "SLO ", "slo-", "sloid", "slo: ", "slo/", "/slo/", "trace_id: ", "traceid", "trace = ", "x slo_id:"]) none(`${before}${hexLower(32)}`);
      finds(hexLower(32), KIND.ddApi, "slo :   ");
      finds(hexLower(32), KIND.ddApi, "slo: x ");
      finds(hexLower(32), KIND.ddApi, "slo__id=");
      finds(hexLower(32), KIND.ddApi, "slo_id=\n");
      finds(hexLower(32), KIND.ddApi, "slo_id= x      ");
      finds(hexLower(32), KIND.ddApi, "api key ");
    });
  });

  describe("Datadog application keys", () => {
    it("finds 40 lower-case hex beside words naming an application key", () => {
      for (const before of ["app key: ", "application_key=", "appkey ", "app-key ", "APP KEY ", "DD_APP_KEY=", "dd-app "]) finds(hexLower(40), KIND.ddApp, before);
      finds(hexLower(40), KIND.ddApp, "x ", " (app key)");
    });
    it("misses a commit id, upper case, 39 or 41 and glued characters", () => {
      none(`commit ${hexLower(40)}`);
      none(`app key ${hexUpper(40)}`);
      none(`app key ${hexLower(39)} `);
      none(`app key ${hexLower(41)}`);
      none(`app key _${hexLower(40)}`);
      none(`app key ${hexLower(40)}_`);
      none(`app  key ${hexLower(40)}`);
      none(`ddapp ${hexLower(40)}`);
    });
  });

  describe("private keys", () => {
    const block = (type: string) => j("-----BEGIN ", type, "PRIVATE KEY-----\nMIIEvQIBADANBgkq hkiG9w0\n-----END ", type, "PRIVATE KEY-----");
    it("finds each whole block, with or without a key type, and an unterminated one to the end", () => {
      for (const type of ["", "RSA ", "AZ09 ", "OPENSSH ", "ENCRYPTED RSA "]) finds(block(type), KIND.pem, "key:\n", "\nafter");
      const two = `a\n${block("")}\nb\n${block("RSA ")}\nc`;
      assert.deepStrictEqual(findSecrets(two), [
        { start: 2, end: 2 + block("").length, kind: KIND.pem },
        { start: 5 + block("").length, end: 5 + block("").length + block("RSA ").length, kind: KIND.pem },
      ]);
      const open = j("-----BEGIN ", "PRIVATE KEY-----\nMIIEvQ IBADAN\nBgkq");
      finds(open, KIND.pem, "key:\n", "");
    });
    it("misses a header without its dashes or with a lower-case type", () => {
      none(j("-----BEGIN ", "PRIVATE KEY----\nMIIEvQIBADANBgkq"));
      none(j("-----BEGIN ", "rsa PRIVATE KEY-----\nMIIEvQIBADANBgkq"));
    });
  });

  describe("JSON Web Tokens", () => {
    const part = fill("AZaz09_-", 8);
    const jwt = j("eyJ", part, ".", "eyJ", part, ".", part);
    it("finds three base64url parts, the first two starting eyJ", () => {
      finds(jwt, KIND.jwt);
      finds(j("eyJ", part, "x.", "eyJ", part, "x.", part, "x"), KIND.jwt);
      finds(jwt, KIND.jwt, "(", ".");
    });
    it("misses a short part, a payload not starting eyJ and glued characters", () => {
      none(`see ${j("eyJ", part.slice(1), ".", "eyJ", part, ".", part)} here`);
      none(`see ${j("eyJ", part, ".", "eyJ", part.slice(1), ".", part)} here`);
      none(`see ${j("eyJ", part, ".", "eyJ", part, ".", part.slice(1))} here`);
      none(`see ${j("eyJ", part, ".", "eyK", part, ".", part)} here`);
      for (const glue of ["-", "_", "x"]) none(`see ${glue}${jwt} here`);
    });
  });

  describe("Meta access tokens", () => {
    it("finds EAA + 32 or more alphanumerics with a digit and a lower-case letter", () => {
      finds(j("EAA", alnum(32)), KIND.meta);
      finds(j("EAA", fill("BCDEFGHIJKLMNOP", 30), "a0"), KIND.meta);
      finds(j("EAA", fill("BCDEFGHIJKLMNOP", 30), "z9"), KIND.meta);
    });
    it("misses 31 characters, no digit, no lower case and glued characters", () => {
      none(`see ${j("EAA", alnum(31))} here`);
      none(`see ${j("EAA", fill("BCDEFGHIJKLMNOPabc", 32))} here`);
      none(`see ${j("EAA", fill("BCDEFGHIJKLMNOP1234", 32))} here`);
      none(`see _${j("EAA", alnum(32))} here`);
      none(`see ${j("EAA", alnum(32))}_ here`);
    });
  });

  describe("passwords in URLs", () => {
    const pw = j("hunter2", "Pw0rd");
    it("finds the password of scheme://user:password@, not the rest", () => {
      finds(pw, KIND.urlPassword, "https://svc:", "@api.example.com/v1");
      finds(pw, KIND.urlPassword, "git+ssh.x-y://:", "@host");
      finds(pw, KIND.urlPassword, "(Z9://u:", "@h)");
      finds("abcdef", KIND.urlPassword, "a://:", "@");
      for (const notPlaceholder of ["<pw", "${pw", "$1abc", "{{pw}", "[pw", "**x", "aab", "xxy"]) finds(notPlaceholder, KIND.urlPassword, "https://u:", "@host");
    });
    it("misses placeholders, a scheme glued to a word and short texts", () => {
      for (const placeholder of ["<password>", "${TOKEN}", "$TOKEN", "$token", "$A", "$Z", "$_x", "$x0", "$x9", "{{token}}", "***", "[redacted]", "xxxx", "XXxx", "aaaa", "1111", "x"]) {
        none(`https://u:${placeholder}@host`);
      }
      for (const glue of ["9", "+", ".", "-"]) none(`${glue}https://u:pw@host`);
      none("https://u:pw/x@host");
      none("a://:abcde@");
    });
  });

  describe("credentials assigned by name", () => {
    const value = j("Zz09Aa", "-._~+/", "b1");
    it("finds the value after each key name, quoted or not", () => {
      for (const key of ["api_key", "api-key", "apikey", "app_key", "appkey", "application-key", "access_key", "secret_key", "private_key", "access_token", "auth_token", "refresh_token", "accesskey", "secretkey", "privatekey", "accesstoken", "authtoken", "refreshtoken", "bearer", "client_secret", "clientsecret", "password", "passwd", "pwd", "API_KEY", "_api_key"]) {
        finds(value, KIND.assigned, `${key}=`, "");
      }
      finds(value, KIND.assigned, `{"password": "`, `"}`);
      finds(value, KIND.assigned, `'pwd' = '`, `'`);
      finds(`${value}==`, KIND.assigned, "api_key:", " x");
      finds("a1b2c3d4e5f6", KIND.assigned, "pwd=", "");
      finds("abc123def456", KIND.assigned, "password=____________pwd=", "");
    });
    it("misses short, letter-only or digit-only values, a key name inside a word and a placeholder", () => {
      none("api_key=a1b2c3d4e5f");
      none("api_key=abcdefghijklmn");
      none("api_key=12345678901234");
      none("myapi_key=a1b2c3d4e5f6a7");
      none("api_key=${DD_API_KEY}");
      none("api key=a1b2c3d4e5f6a7");
      none("secretConfigKey: hubspotWebhookSecret1");
    });
  });

  describe("several findings in one text", () => {
    it("orders them by offset, keeps the longer of two at one offset and a finding that starts where another ends", () => {
      const aws = j("AKIA", "AZ09QRST", "UVWX2345");
      const stripe = j("sk", "_live_") + alnum(24);
      const text = `${aws} and ${stripe}`;
      assert.deepStrictEqual(findSecrets(text), [
        { start: 0, end: 20, kind: KIND.awsId },
        { start: 25, end: 25 + stripe.length, kind: KIND.stripe },
      ]);
      const assigned = `password=${stripe}.abc`;
      assert.deepStrictEqual(findSecrets(assigned), [{ start: 9, end: assigned.length, kind: KIND.assigned }]);
      const same = `password=${stripe}`;
      assert.deepStrictEqual(findSecrets(same), [{ start: 9, end: same.length, kind: KIND.stripe }]);
      const pem = j("-----BEGIN ", "PRIVATE KEY-----\nMIIEvQ\n-----END ", "PRIVATE KEY-----");
      assert.deepStrictEqual(findSecrets(stripe + pem), [
        { start: 0, end: stripe.length, kind: KIND.stripe },
        { start: stripe.length, end: stripe.length + pem.length, kind: KIND.pem },
      ]);
      assert.deepStrictEqual(findSecrets(`${hexLower(32)} ${hexLower(32)}`), [
        { start: 0, end: 32, kind: KIND.ddApi },
        { start: 33, end: 65, kind: KIND.ddApi },
      ]);
    });
    it("finds the same shapes on every call (no state left from an earlier text)", () => {
      const stripe = j("sk", "_live_") + alnum(24);
      for (let i = 0; i < 3; i++) finds(stripe, KIND.stripe, `${"x ".repeat(i)}`, "");
    });
  });

  describe("containsSecret, looksLikeSecret and CONFIG_KEY_PATTERN", () => {
    it("containsSecret says whether anything was found", () => {
      assert.equal(containsSecret(`key ${hexLower(32)}`), true);
      assert.equal(containsSecret("nothing secret-shaped in here"), false);
    });
    it("looksLikeSecret: a vendor credential, or a long generated token; not a name", () => {
      assert.equal(looksLikeSecret(`  ${j("sk", "_live_")}${alnum(24)}  `), true);
      assert.equal(looksLikeSecret(fill("aB3dE5gH7jK9mN1pQ2rS4tU6", 24)), true);
      assert.equal(looksLikeSecret(` ${fill("aB3dE5gH7jK9mN1pQ2rS4tU6", 24)} `), true);
      assert.equal(looksLikeSecret(fill("aB3dE5gH7jK9mN1pQ2rS4tU6", 23)), false);
      assert.equal(looksLikeSecret(`${fill("aB3dE5gH7jK9mN1pQ2rS4t", 22)}_+/=-`), true);
      assert.equal(looksLikeSecret(`${fill("aB3dE5gH7jK9mN1pQ2rS4t", 22)}!!`), false);
      assert.equal(looksLikeSecret(`!!${fill("aB3dE5gH7jK9mN1pQ2rS4t", 22)}`), false);
      assert.equal(looksLikeSecret(j("AKIA", "AZ09QRST", "UVWX2345")), true, "a vendor shape shorter than 24");
      assert.equal(looksLikeSecret("0123456789_+/=-0123456789"), false, "digits and symbols, no letter");
      assert.equal(looksLikeSecret(`${fill("aB3dE5gH7jK9", 12)}//${fill("mN1pQ2rS4tU6", 12)}`), false);
      assert.equal(looksLikeSecret(fill("1234567890", 30)), false, "digits only");
      assert.equal(looksLikeSecret(fill("abcdefghijklmnopqrstuvwxyzABCD", 30)), false, "no digit");
      assert.equal(looksLikeSecret(fill("abcdefghijk1", 24)), true, "lower case and digits");
      assert.equal(looksLikeSecret(fill("ABCDEFGHIJK1", 24)), true, "upper case and digits");
      assert.equal(looksLikeSecret(fill("ab12", 24)), false, "2 bits per character");
      // 8 characters twice and 4 four times in 32: exactly 3.5 bits per character.
      assert.equal(looksLikeSecret(`${"abcdefgh".repeat(2)}${"1234".repeat(4)}`), true);
      assert.equal(looksLikeSecret(`${"abcdefg".repeat(2)}${"12345".repeat(4)}`.slice(0, 32).replace(/./g, (c, i) => (i < 28 ? c : "1"))), false);
      assert.equal(looksLikeSecret("hubspotWebhookSecret"), false);
      assert.equal(looksLikeSecret("webhooks.stripe"), false);
    });
    it("CONFIG_KEY_PATTERN takes dotted, dashed and underscored names only", () => {
      for (const name of ["hubspotWebhookSecret", "webhooks.stripe", "a-b_c.d", "A", "Z", "a", "z", "aA", "aZ", "a0", "a9", "aa", "az", "abc", "a.A", "a.Z", "a.a", "a.z", "a.0", "a.9", "a.bc", "a_b.c-d"]) {
        assert.equal(CONFIG_KEY_PATTERN.test(name), true, name);
      }
      for (const name of ["", "9abc", "_a", "a..b", "a.", "a b", " ab", "ab ", "a/b", "a.b/", "$a"]) assert.equal(CONFIG_KEY_PATTERN.test(name), false, name);
    });
  });
});

describe("scanStrings, pinned for mutation testing", () => {
  const stripe = () => j("sk", "_live_") + alnum(24);
  const KEEP = "keep secrets out of the inventory (use a Pulumi secret config key) and rotate it if it was real";
  const scan = (text: string) => {
    const yaml = parseYamlFile("f.yaml", text);
    return scanStrings("f.yaml", yaml);
  };

  it("reports a secret in a value, at the secret, and returns it for redaction", () => {
    const key = stripe();
    assert.deepStrictEqual(scan(`name: x\ndescription: old key ${key} gone\n`), {
      diagnostics: [{ file: "f.yaml", line: 2, column: 22, severity: "error", rule: "literal-secret", message: `description: contains what looks like ${KIND.stripe}; ${KEEP}` }],
      secrets: [key],
    });
  });

  it("reports a secret in a mapping key at the key, one in a comment and one elsewhere on a line", () => {
    const key = stripe();
    const aws = j("AKIA", "AZ09QRST", "UVWX2345");
    const hex = hexLower(32);
    const asia = j("ASIA", "AZ09QRST", "UVWX2345");
    assert.deepStrictEqual(scan(`a:\n  ${key}: 1\nb: 2 # ${aws}\nc: ["x # y", 'p # q', &${hex} z]\n# ${asia}\n`), {
      diagnostics: [
        { file: "f.yaml", line: 2, column: 3, severity: "error", rule: "literal-secret", message: `a: a field name holds what looks like ${KIND.stripe}; ${KEEP}` },
        { file: "f.yaml", line: 3, column: 8, severity: "error", rule: "literal-secret", message: `a comment holds what looks like ${KIND.awsId}; ${KEEP}` },
        { file: "f.yaml", line: 4, column: 24, severity: "error", rule: "literal-secret", message: `this line holds what looks like ${KIND.ddApi}; ${KEEP}` },
        { file: "f.yaml", line: 5, column: 3, severity: "error", rule: "literal-secret", message: `a comment holds what looks like ${KIND.awsId}; ${KEEP}` },
      ],
      secrets: [key, aws, hex, asia],
    });
  });

  it("reports a key at the key (not its mapping), returns only the secret of a key, skips null values", () => {
    const key = stripe();
    assert.deepStrictEqual(scan(`a:\n  x: ~\n  old ${key}: 1\n`), {
      diagnostics: [{ file: "f.yaml", line: 3, column: 3, severity: "error", rule: "literal-secret", message: `a: a field name holds what looks like ${KIND.stripe}; ${KEEP}` }],
      secrets: [key],
    });
  });

  it("does not report the raw text again where a value's longer secret starts (an escape ends it)", () => {
    const url = j("https://hooks.slack", ".com/services/AZ09BC/T0AB1CD/", alnum(16));
    const r = scan(`a: "${url}\x41"\n`);
    assert.deepStrictEqual(r.diagnostics.map((d) => [d.line, d.column, d.rule]), [[1, 13, "literal-secret"]]);
    assert.deepStrictEqual(r.secrets, [`${url.slice(8)}A`]);
    const noText = scanStrings("h.yaml", { data: { a: "x" }, source: { values: new Map([["", { line: 1, column: 1 }]]), keys: new Map(), lineStarts: [0] } });
    assert.deepStrictEqual(noText, { diagnostics: [], secrets: [] });
  });

  it("reads the raw text of a file whose YAML is broken", () => {
    const key = stripe();
    assert.deepStrictEqual(scan(`a: [\n  # ${key}\n`), {
      diagnostics: [{ file: "f.yaml", line: 2, column: 5, severity: "error", rule: "literal-secret", message: `this line holds what looks like ${KIND.stripe}; ${KEEP}` }],
      secrets: [key],
    });
  });

  it("finds a secret assembled by an escape, and scans a source without raw text", () => {
    const key = stripe();
    const escaped = scan(`a: "\\x73${key.slice(1)}"\n`);
    assert.deepStrictEqual(escaped.secrets, [key]);
    assert.deepStrictEqual(escaped.diagnostics.map((d) => [d.line, d.column, d.rule]), [[1, 5, "literal-secret"]]);
    const bare = scanStrings("g.yaml", { data: { list: ["x", `k ${key}`] }, source: { values: new Map([["", { line: 1, column: 1 }]]), keys: new Map() } });
    assert.deepStrictEqual(bare.secrets, [key]);
    assert.deepStrictEqual(bare.diagnostics, [{ file: "g.yaml", line: 1, column: 1, severity: "error", rule: "literal-secret", message: `list[1]: contains what looks like ${KIND.stripe}; ${KEEP}` }]);
    assert.deepStrictEqual(scan("a: plain\nb: [1, two]\n"), { diagnostics: [], secrets: [] });
  });

  it("asks a secretConfigKey for a config key name: the secret itself, or something else", () => {
    const token = fill("aB3dE5gH7jK9mN1pQ2rS4tU6", 24);
    assert.deepStrictEqual(scan(`secretConfigKey: ${token}\n`), {
      diagnostics: [{ file: "f.yaml", line: 1, column: 18, severity: "error", rule: "literal-secret", message: 'secretConfigKey: must name a Pulumi config key (for example hubspotWebhookSecret) whose value is set with "pulumi config set --secret"; this looks like the secret itself. Remove it from the file and rotate it if it was real' }],
      secrets: [token],
    });
    assert.deepStrictEqual(scan("secretConfigKey: not a key\n"), {
      diagnostics: [{ file: "f.yaml", line: 1, column: 18, severity: "error", rule: "literal-secret", message: 'secretConfigKey: must name a Pulumi config key (for example hubspotWebhookSecret) whose value is set with "pulumi config set --secret"; this looks like something else. Remove it from the file and rotate it if it was real' }],
      secrets: [],
    });
    assert.deepStrictEqual(scan("secretConfigKey: hubspotWebhookSecret\n"), { diagnostics: [], secrets: [] });
  });

  it("refuses a credential in a forwardTo URL, at the credential", () => {
    const pw = j("hunter2", "Pw0rd");
    const r = scan(`forwardTo:\n  - url: https://svc:${pw}@api.example.com/v1\n`);
    assert.deepStrictEqual(r.diagnostics, [{ file: "f.yaml", line: 2, column: 18, severity: "error", rule: "literal-secret", message: 'forwardTo[0].url: carries a user name or password (user:password@ before the host), and this URL is shown in the plan and the pull request; keep credentials in Pulumi secret config ("pulumi config set --secret"), not in the URL, and rotate it if it was real' }]);
    assert.deepStrictEqual(r.secrets, [`svc:${pw}`, pw]);
    assert.deepStrictEqual(scan("forwardTo:\n  - url: https://api.example.com/v1\n"), { diagnostics: [], secrets: [] });
    const note = scan(`forwardTo:\n  - note: https://svc:${pw}@api.example.com/v1\n`);
    assert.deepStrictEqual(note.diagnostics.map((d) => [d.line, d.column, d.message.split(";")[0]]), [[2, 23, `forwardTo[0].note: contains what looks like ${KIND.urlPassword}`]]);
    const other = scan(`other:\n  - url: https://svc:${pw}@api.example.com/v1\n`);
    assert.deepStrictEqual(other.diagnostics.map((d) => [d.line, d.column, d.message.split(";")[0]]), [[2, 22, `other[0].url: contains what looks like ${KIND.urlPassword}`]]);
  });

  it("reports a scaffold placeholder, and isPlaceholder reads a value or a list", () => {
    assert.deepStrictEqual(scan("owner: TODO\nnote: TODOS\n"), {
      diagnostics: [{ file: "f.yaml", line: 1, column: 8, severity: "error", rule: "placeholder", message: "owner: still holds the placeholder TODO; replace it with the real value" }],
      secrets: [],
    });
    assert.equal(isPlaceholder("a TODO here"), true);
    assert.equal(isPlaceholder("TODOS"), false);
    assert.equal(isPlaceholder(["x", "TODO"]), true);
    assert.equal(isPlaceholder(["x", "y"]), false);
    assert.equal(isPlaceholder(7), false);
    assert.equal(isPlaceholder({ toString: () => "TODO" }), false);
  });
});

describe("redactDiagnostics, pinned for mutation testing", () => {
  const d = (file: string, message: string): Diagnostic => ({ file, line: 3, column: 4, severity: "error", rule: "unresolved-reference", message });
  it("redacts known secrets and secret shapes in messages and file names; returns an unchanged diagnostic itself", () => {
    const known = "n0t-a-real-secret-value";
    const key = j("sk", "_live_") + alnum(24);
    const same = d("a.yaml", "there is no team web");
    const out = redactDiagnostics([same, d("a.yaml", `there is no team ${known}`), d(`${known}.yaml`, "bad"), d("b.yaml", `id ${key}`)], [known]);
    assert.strictEqual(out[0], same);
    assert.deepStrictEqual(out, [same, d("a.yaml", `there is no team ${REDACTED}`), d(`${REDACTED}.yaml`, "bad"), d("b.yaml", `id ${REDACTED}`)]);
  });
});
