/**
 * How zod's issues become diagnostics (schemaIssues.ts, schemaShape.ts, didYouMean.ts) and what a
 * webhook's `forwardTo` target refuses (forwardTargetSchema.ts), word for word and at the node
 * each is about (README "Mutation testing"). Small schemas and YAML texts are made inside each
 * `it`, never at load time (support/memo.ts says why).
 */
import { strict as assert } from "node:assert";
import { z } from "zod";
import { formatDiagnostic } from "../compiler/diagnostics";
import { readYamlFile } from "../compiler/load/twoTierYaml";
import { closestMatch, suggestion } from "../compiler/validate/didYouMean";
import { webhook } from "../compiler/validate/schema";
import { friendlyErrors, schemaDiagnostics } from "../compiler/validate/schemaIssues";
import { allowedKeys, literalValues, schemaAt } from "../compiler/validate/schemaShape";

/** The formatted diagnostics of `text` (read as x.yaml) against `schema`, with the friendly error map. */
function check(schema: z.ZodType, text: string): string[] {
  const yaml = readYamlFile("x.yaml", text);
  const result = schema.safeParse(yaml.data, { error: friendlyErrors });
  return result.success ? [] : schemaDiagnostics(yaml, schema, result.error.issues).map(formatDiagnostic);
}

/** One webhook whose single forward target is `system: s`, `url: https://x.example/` and then `extra` (8 spaces deep, from line 8). */
function target(extra: string): string[] {
  const text = "webhooks:\n  - id: w\n    vendor: stripe\n    secretConfigKey: k\n    forwardTo:\n      - system: s\n        url: https://x.example/\n" + extra;
  return check(z.strictObject({ webhooks: z.array(webhook) }), text);
}

const T = "x.yaml:8"; // the target's first extra line
const AT = "error: webhook w: forwardTo[0]";

describe("forwardTargetSchema: a webhook's forward target", () => {
  it("words each malformed field its own way", () => {
    const rows: [string, string[]][] = [
      ["idempotencyHeader: 'a b'", [`${T}:28: ${AT}.idempotencyHeader: must be an HTTP header name: letters, digits and - _ . ! # $ % & ' * + ^ \` | ~ [schema]`]],
      ['contentType: "a\\nb"', [`${T}:22: ${AT}.contentType: must be one line [schema]`]],
      ['contentType: "a\\rb"', [`${T}:22: ${AT}.contentType: must be one line [schema]`]],
      ['contentType: "a\\0b"', [`${T}:22: ${AT}.contentType: must be one line [schema]`]],
      ["auth: { type: api-key, secretConfigKey: k, queryParam: 'a b' }", [`${T}:64: ${AT}.auth.queryParam: must be a query parameter name such as access_token [schema]`]],
      ["auth: { type: oauth2-client-credentials, secretConfigKey: k, tokenUrl: 'http://x.example/t' }", [`${T}:80: ${AT}.auth.tokenUrl: must be an https:// URL [schema]`]],
      ["headers: { X-A: 5, X-B: { secretConfigKey: k }, X-C: plain }", [`${T}:25: ${AT}.headers.X-A: must be the header's value, or { secretConfigKey: <Pulumi config key> } for a value kept secret [schema]`]],
      ["headers: { X-A: \"a\\nb\" }", [`${T}:25: ${AT}.headers.X-A: must be one line [schema]`]],
    ];
    for (const [extra, expected] of rows) assert.deepStrictEqual(target(`        ${extra}\n`), expected, extra);
    for (const url of ["http://x.example/", "xhttps://x.example/", "httpsx://x.example/"]) {
      const text = `webhooks:\n  - id: w\n    vendor: stripe\n    secretConfigKey: k\n    forwardTo:\n      - system: s\n        url: ${url}\n`;
      assert.deepStrictEqual(check(z.strictObject({ webhooks: z.array(webhook) }), text), [`x.yaml:7:14: ${AT}.url: must be an https:// URL [schema]`], url);
      assert.deepStrictEqual(target(`        auth: { type: oauth2-refresh-token, secretConfigKey: k, tokenUrl: '${url}' }\n`), [`${T}:75: ${AT}.auth.tokenUrl: must be an https:// URL [schema]`], url);
    }
  });

  it("accepts a target with each optional field well formed", () => {
    const ok = [
      "auth: { type: bearer, secretConfigKey: k }",
      "auth: { type: basic, secretConfigKey: k }",
      "auth: { type: api-key, secretConfigKey: k, header: X-Key, prefix: 'Key ' }",
      "auth: { type: api-key, secretConfigKey: k, queryParam: access_token }",
      "auth: { type: oauth2-client-credentials, secretConfigKey: k, tokenUrl: 'https://x.example/t', scope: s }",
      "auth: { type: oauth2-refresh-token, secretConfigKey: k, tokenUrl: 'https://x.example/t' }",
      "headers: { X-A: plain, X-B: { secretConfigKey: k }, Authorization: c }",
      "idempotencyHeader: X-Id\n        contentType: text/plain\n        method: PUT\n        kind: klaviyo",
      "transform: body\n        transformTests:\n          - { input: null, output: 0 }\n          - { description: d, input: { a: 1 }, output: [] }",
    ];
    for (const extra of ok) assert.deepStrictEqual(target(`        ${extra}\n`), [], extra);
  });

  it("gives header, prefix and queryParam to api-key alone, tokenUrl and scope to the OAuth 2 types alone", () => {
    assert.deepStrictEqual(target("        auth: { type: bearer, secretConfigKey: k, header: X-K, prefix: 'p ', queryParam: q }\n"), [
      `${T}:59: ${AT}.auth.header: only api-key takes header; bearer does not use it [schema]`,
      `${T}:72: ${AT}.auth.prefix: only api-key takes prefix; bearer does not use it [schema]`,
      `${T}:90: ${AT}.auth.queryParam: only api-key takes queryParam; bearer does not use it [schema]`,
    ]);
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k, tokenUrl: 'https://x.example/t', scope: s }\n"), [
      `${T}:62: ${AT}.auth.tokenUrl: only oauth2-client-credentials and oauth2-refresh-token takes tokenUrl; api-key does not use it [schema]`,
      `${T}:92: ${AT}.auth.scope: only oauth2-client-credentials and oauth2-refresh-token takes scope; api-key does not use it [schema]`,
    ]);
    assert.deepStrictEqual(target("        auth: { type: basic, secretConfigKey: k, scope: s }\n"), [
      `${T}:57: ${AT}.auth.scope: only oauth2-client-credentials and oauth2-refresh-token takes scope; basic does not use it [schema]`,
    ]);
  });

  it("asks an OAuth 2 type for its token endpoint, at its type", () => {
    for (const type of ["oauth2-refresh-token", "oauth2-client-credentials"]) {
      assert.deepStrictEqual(target(`        auth: { type: ${type}, secretConfigKey: k }\n`), [
        `${T}:23: ${AT}.auth.type: ${type} needs tokenUrl, the token endpoint (for example https://oauth2.googleapis.com/token) [schema]`,
      ]);
    }
  });

  it("refuses an api-key in both a header and a query parameter, whichever header field says so", () => {
    const both = `${T}:64: ${AT}.auth.queryParam: the key goes in a header (header, prefix) or in a query parameter (queryParam), not both [schema]`;
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k, queryParam: q, header: X-K }\n"), [both]);
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k, queryParam: q, prefix: 'p ' }\n"), [both]);
  });

  it("asks each transform test for its input and its output, and transform tests for a transform", () => {
    assert.deepStrictEqual(target("        transform: body\n        transformTests:\n          - input: 1\n          - output: 2\n          - {}\n"), [
      `x.yaml:10:13: ${AT}.transformTests[0]: missing required field "output" [schema]`,
      `x.yaml:11:13: ${AT}.transformTests[1]: missing required field "input" [schema]`,
      `x.yaml:12:13: ${AT}.transformTests[2]: missing required field "input" [schema]`,
      `x.yaml:12:13: ${AT}.transformTests[2]: missing required field "output" [schema]`,
    ]);
    assert.deepStrictEqual(target("        transformTests: [{ input: 1, output: 2 }]\n"), [`${T}:25: ${AT}.transformTests: transformTests test a transform, and this target has none [schema]`]);
  });

  it("refuses each header the forwarder sets itself, whatever its case, and says who sets it", () => {
    const reserved = ["Content-Length", "HOST", "transfer-encoding", "Connection", "Expect", "Keep-Alive", "TE", "Trailer", "Upgrade"];
    const lines = ["content-TYPE", ...reserved, "Authorization", "X-Ok", "Idempotency-Key"].map((h) => `          ${h}: v\n`).join("");
    const at = (h: string, line: number) => `x.yaml:${line}:${13 + h.length}: ${AT}.headers.${h}: the forwarder sets ${h} itself`;
    assert.deepStrictEqual(target(`        headers:\n${lines}`), [
      `${at("content-TYPE", 9)}: set it with contentType [schema]`,
      ...reserved.map((h, i) => `${at(h, 10 + i)}: the HTTP client sets it [schema]`),
      `${at("Idempotency-Key", 21)}: it carries the delivery id (idempotencyHeader) [schema]`,
    ]);
  });

  it("refuses the header auth sets: Authorization, or an api-key's own header, unless the key goes in the query", () => {
    const auth = (h: string, line: number, col: number) => `x.yaml:${line}:${col}: ${AT}.headers.${h}: the forwarder sets ${h} itself: auth sets it from the secret config key [schema]`;
    for (const type of ["bearer", "basic"]) {
      assert.deepStrictEqual(target(`        auth: { type: ${type}, secretConfigKey: k }\n        headers: { authorization: c, X-Ok: e }\n`), [auth("authorization", 9, 35)], type);
    }
    // A bearer token always goes in Authorization, even while a stray header field is refused.
    assert.deepStrictEqual(target("        auth: { type: bearer, secretConfigKey: k, header: X-K }\n        headers: { X-K: v, Authorization: w }\n"), [
      `${T}:59: ${AT}.auth.header: only api-key takes header; bearer does not use it [schema]`,
      auth("Authorization", 9, 43),
    ]);
    assert.deepStrictEqual(target("        auth: { type: oauth2-client-credentials, secretConfigKey: k, tokenUrl: 'https://x.example/t' }\n        headers: { AUTHORIZATION: c }\n"), [auth("AUTHORIZATION", 9, 35)]);
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k }\n        headers: { Authorization: c, X-Key: d }\n"), [auth("Authorization", 9, 35)]);
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k, header: X-Key }\n        headers: { x-key: c, Authorization: e }\n"), [auth("x-key", 9, 27)]);
    assert.deepStrictEqual(target("        auth: { type: api-key, secretConfigKey: k, queryParam: q }\n        headers: { Authorization: e, X-Key: f }\n"), []);
  });

  it("refuses the idempotency header where it is set, and frees the default name then", () => {
    assert.deepStrictEqual(target("        idempotencyHeader: X-Delivery\n        headers: { x-DELIVERY: c, Idempotency-Key: d }\n"), [
      `x.yaml:9:32: ${AT}.headers.x-DELIVERY: the forwarder sets x-DELIVERY itself: it carries the delivery id (idempotencyHeader) [schema]`,
    ]);
  });
});

/** Items told apart by `kind`: a (literal) or b, c (enum). */
function item() {
  return z.discriminatedUnion("kind", [
    z.strictObject({ id: z.string(), kind: z.literal("a"), alpha: z.number().optional(), nested: z.strictObject({ deep: z.number() }).optional() }),
    z.strictObject({ id: z.string(), kind: z.enum(["b", "c"]), beta: z.number().optional() }),
  ]);
}

describe("schemaDiagnostics: unknown keys and the keys allowed there", () => {
  it("names each unknown key at the key, in its context, with the closest allowed key of its own union branch", () => {
    const schema = z.strictObject({ slos: z.array(item()), settings: z.strictObject({ mode: z.string(), limit: z.number() }).optional() });
    const text = "slos:\n  - id: x\n    kind: a\n    alpah: 1\n    nested: { deep: 1, deap: 2 }\n  - id: y\n    kind: c\n    betta: 2\nsettings: { mode: m, limt: 3 }\nextra: 1\n";
    assert.deepStrictEqual(check(schema, text), [
      'x.yaml:5:24: error: slo x: nested: unknown field "deap"; did you mean "deep"? [unknown-key]',
      'x.yaml:4:5: error: slo x: unknown field "alpah"; did you mean "alpha"? [unknown-key]',
      'x.yaml:8:5: error: slo y: unknown field "betta"; did you mean "beta"? [unknown-key]',
      'x.yaml:9:11: error: settings: missing required field "limit" [schema]',
      'x.yaml:9:22: error: settings: unknown field "limt"; did you mean "limit"? [unknown-key]',
      'x.yaml:10:1: error: unknown field "extra"; expected one of: slos, settings [unknown-key]',
    ]);
  });

  it("reads a top-level union's branch from the document's own tag", () => {
    assert.deepStrictEqual(check(item(), "id: x\nkind: b\nbta: 1\nother: 2\n"), ['x.yaml:3:1: error: unknown field "bta"; did you mean "beta"? [unknown-key]', 'x.yaml:4:1: error: unknown field "other"; expected one of: id, kind, beta [unknown-key]']);
  });

  it("schemaAt walks objects, lists, optional and default wrappers and tagged unions, and stops anywhere else", () => {
    const schema = z.strictObject({ slos: z.array(item()).default([]), map: z.record(z.string(), z.strictObject({ k: z.string() })) });
    const data = { slos: [{ kind: "b" }, { kind: "a", nested: {} }, { kind: "q" }] };
    const keysAt = (path: (string | number)[]) => allowedKeys(schemaAt(schema, data, path));
    assert.deepStrictEqual(keysAt([]), ["slos", "map"]);
    assert.deepStrictEqual(keysAt(["slos", 0]), ["id", "kind", "beta"]);
    assert.deepStrictEqual(keysAt(["slos", 1]), ["id", "kind", "alpha", "nested"]);
    assert.deepStrictEqual(keysAt(["slos", 1, "nested"]), ["deep"]);
    assert.equal(schemaAt(schema, data, ["slos", 2]), undefined, "no branch has kind q");
    assert.equal(schemaAt(schema, data, ["slos", 3]), undefined, "no item there, so no tag");
    assert.equal(schemaAt(schema, data, ["map", "x"]), undefined, "a record's values are not walked");
    assert.equal(schemaAt(schema, data, ["nope", "deeper"]), undefined);
    assert.equal(schemaAt(schema, data, ["slos", 1, "nested", "deep", "x"]), undefined, "a number has no fields");
    // A piped branch has no shape to read its tag from: no branch, rather than a crash.
    const piped = z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("a") }).transform((x) => x), z.strictObject({ kind: z.literal("b") })]);
    assert.equal(schemaAt(piped, { kind: "a" }, []), undefined);
    assert.deepStrictEqual(allowedKeys(schemaAt(piped, { kind: "b" }, [])), ["kind"]);
  });

  it("allowedKeys lists an object's keys and nothing else's; literalValues an enum's or literal's values, through wrappers", () => {
    assert.deepStrictEqual(allowedKeys(undefined), []);
    assert.deepStrictEqual(allowedKeys(z.string()), []);
    assert.deepStrictEqual(allowedKeys(z.strictObject({ a: z.string(), b: z.number() })), ["a", "b"]);
    assert.deepStrictEqual(literalValues(undefined), []);
    assert.deepStrictEqual(literalValues(z.string()), []);
    assert.deepStrictEqual(literalValues(z.strictObject({ a: z.string() })), []);
    assert.deepStrictEqual(literalValues(z.enum(["a", "b"])), ["a", "b"]);
    assert.deepStrictEqual(literalValues(z.literal(["x", 2])), ["x", 2]);
    assert.deepStrictEqual(literalValues(z.literal("x").default("x").optional()), ["x"]);
  });
});

describe("schemaDiagnostics: tags, missing fields, values and zod's own words", () => {
  it("asks for a missing tag with the tags allowed, and suggests one for an unknown tag", () => {
    const text = "slos:\n  - id: x\n  - id: y\n    kind: bb\n  - id: z\n    kind: zzz\n  - id: v\n    kind: 700\n";
    assert.deepStrictEqual(check(z.strictObject({ slos: z.array(item()) }), text), [
      'x.yaml:2:5: error: slo x: missing required field "kind" (one of: a, b, c) [schema]',
      'x.yaml:4:11: error: slo y: unknown kind "bb"; did you mean "b"? [schema]',
      'x.yaml:6:11: error: slo z: unknown kind "zzz"; expected one of: a, b, c [schema]',
      "x.yaml:8:11: error: slo v: unknown kind 700; expected one of: a, b, c [schema]",
    ]);
  });

  it("names each missing field in its parent's context, with an enum's values", () => {
    const schema = z.strictObject({ name: z.string(), level: z.enum(["low", "high"]), list: z.array(z.number()), sub: z.strictObject({ inner: z.string(), tier: z.enum(["x", "y"]) }) });
    assert.deepStrictEqual(check(schema, "sub: {}\n"), [
      'x.yaml:1:1: error: missing required field "name" [schema]',
      'x.yaml:1:1: error: missing required field "level" (one of: low, high) [schema]',
      'x.yaml:1:1: error: missing required field "list" [schema]',
      'x.yaml:1:6: error: sub: missing required field "inner" [schema]',
      'x.yaml:1:6: error: sub: missing required field "tier" (one of: x, y) [schema]',
    ]);
  });

  it("words a value of the wrong type, out of range or not allowed, at the value", () => {
    const schema = z.strictObject({
      name: z.string(),
      level: z.enum(["low", "high"]),
      count: z.number().min(2).max(5),
      list: z.array(z.string()).min(1).max(2),
      flag: z.boolean(),
      map: z.strictObject({}),
      arr: z.array(z.number()),
      num: z.number(),
      nul: z.null(),
      sub: z.strictObject({ tier: z.enum(["x", "y"]) }),
    });
    const low = "name: 5\nlevel: hi\ncount: 1\nlist: []\nflag: yes\nmap: [1]\narr: {}\nnum: n\nnul: 3\nsub: { tier: zzzz }\n";
    assert.deepStrictEqual(check(schema, low), [
      "x.yaml:1:7: error: name: expected text, found 5 [schema]",
      'x.yaml:2:8: error: level: "hi" is not allowed; did you mean "high"? [schema]',
      "x.yaml:3:8: error: count: must be at least 2 [schema]",
      "x.yaml:4:7: error: list: needs at least 1 item(s) [schema]",
      'x.yaml:5:7: error: flag: expected true or false, found "yes" [schema]',
      "x.yaml:6:6: error: map: expected a mapping of fields, found a list [schema]",
      "x.yaml:7:6: error: arr: expected a list, found a mapping [schema]",
      'x.yaml:8:6: error: num: expected a number, found "n" [schema]',
      "x.yaml:9:6: error: nul: expected null, found 3 [schema]",
      'x.yaml:10:14: error: sub.tier: "zzzz" is not allowed; expected one of: x, y [schema]',
    ]);
    const high = "name: n\nlevel: low\ncount: 9\nlist: [a, b, c]\nflag: true\nmap: {}\narr: []\nnum: 1\nnul: null\nsub: { tier: x }\n";
    assert.deepStrictEqual(check(schema, high), ["x.yaml:3:8: error: count: must be at most 5 [schema]", "x.yaml:4:7: error: list: allows at most 2 item(s) [schema]"]);
  });

  it("keeps a refinement's own words and rule, even at a field that is absent", () => {
    const schema = z.strictObject({ a: z.string(), b: z.string().optional() }).superRefine((_, ctx) => {
      ctx.addIssue({ code: "custom", path: ["b"], message: "b is needed" });
      ctx.addIssue({ code: "custom", path: ["a"], message: "a is odd", params: { rule: "unknown-kind" } });
      ctx.addIssue({ code: "custom", path: ["a"], message: "a is odd too", params: { other: 1 } });
    });
    assert.deepStrictEqual(check(schema, "a: q\n"), ["x.yaml:1:1: error: b: b is needed [schema]", "x.yaml:1:4: error: a: a is odd [unknown-kind]", "x.yaml:1:4: error: a: a is odd too [schema]"]);
  });

  it("says only 'missing' of an absent list entry or document, which data read from YAML never has", () => {
    const yaml = readYamlFile("x.yaml", "list: [a]\n");
    const schema = z.strictObject({ list: z.array(z.string()) });
    const data = { list: ["a", undefined] };
    const issues = schema.safeParse(data, { error: friendlyErrors }).error!.issues;
    assert.deepStrictEqual(schemaDiagnostics({ ...yaml, data }, schema, issues).map(formatDiagnostic), ["x.yaml:1:7: error: list[1]: missing [schema]"]);
    const none = z.string().safeParse(undefined, { error: friendlyErrors }).error!.issues;
    assert.deepStrictEqual(schemaDiagnostics({ ...yaml, data: undefined }, z.string(), none).map(formatDiagnostic), ["x.yaml:1:1: error: missing [schema]"]);
  });

  it("leaves zod's words for the issues it has none of its own for", () => {
    assert.equal(z.string().regex(/^a$/).safeParse("b", { error: friendlyErrors }).error!.issues[0]!.message, "Invalid string: must match pattern /^a$/");
  });
});

describe("didYouMean: the closest candidate, or the list", () => {
  it("takes the closest candidate within a third of the word (at least 2 edits), ignoring case, the first of equals", () => {
    const rows: [string, string[], string | undefined][] = [
      ["Tems", ["teams"], "teams"],
      ["taems", ["Teams"], "Teams"],
      ["abcz", ["abcx", "abcy"], "abcx"],
      ["abcz", ["zzzz", "abcy", "abcx"], "abcy"],
      ["abcdef", ["abcdxy"], "abcdxy"],
      ["abcdef", ["abcxyz"], undefined],
      ["xyzdefghijkl", ["abcdefghijkl"], "abcdefghijkl"],
      ["vwxyzfghijkl", ["abcdefghijkl"], undefined],
      ["abc", ["xyzw"], undefined],
      ["abc", [], undefined],
    ];
    for (const [word, candidates, expected] of rows) assert.equal(closestMatch(word, candidates), expected, `${word} among ${candidates.join(",")}`);
  });

  it("takes a shortened word whose first 70% (at least 4 letters) begins a candidate", () => {
    const rows: [string, string[], string | undefined][] = [
      ["reconcile", ["Reconciliation"], "Reconciliation"],
      ["reconcile", ["reconXXXXXXXXX"], undefined],
      ["reconcile", ["reconcXXXXXXXX"], undefined],
      ["reconcile", ["reconciXXXXXXX"], "reconciXXXXXXX"],
      ["reconcile", ["reconXXXXXXXXX", "reconcilXXXXXX", "reconciXXXXXXX"], "reconcilXXXXXX"],
      ["abcdef", ["abcdeXXXXXXX"], "abcdeXXXXXXX"],
      ["abcdef", ["abcdXXXXXXXX"], undefined],
      ["abcde", ["abcdXXXXXXXX"], "abcdXXXXXXXX"],
      ["abcde", ["abcXXXXXXXXX"], undefined],
      ["reconcil", ["reconciliation"], "reconciliation"],
    ];
    for (const [word, candidates, expected] of rows) assert.equal(closestMatch(word, candidates), expected, `${word} among ${candidates.join(",")}`);
  });

  it("words the suggestion, or lists the candidates", () => {
    assert.equal(suggestion("tems", ["teams", "rotations"]), '; did you mean "teams"?');
    assert.equal(suggestion("xyz", ["teams", "rotations"]), "; expected one of: teams, rotations");
  });
});
