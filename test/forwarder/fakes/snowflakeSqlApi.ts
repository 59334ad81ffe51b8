/**
 * Snowflake SQL API, `POST /api/v2/statements` (docs.snowflake.com/en/developer-guide/sql-api/reference):
 * `Authorization: Bearer <token>` with `X-Snowflake-Authorization-Token-Type` naming its kind (here a
 * programmatic access token), `Content-Type` and `Accept: application/json`, a body with `statement`
 * and optional typed `bindings` ({"1": {"type": "TEXT", "value": "..."}}, values as strings). Answers
 * 200 with a ResultSet (`"code": "090001"`), 422 for a statement that fails (`"code": "002003"`,
 * "SQL compilation error"), 401 for a bad token (`"code": "390303"`).
 */
import { randomUUID } from "node:crypto";
import { bearerOf } from "./oauth2Server";
import { isObject, mediaType, startFake, type FakeApi } from "./fakeServer";

export interface SnowflakeFake extends FakeApi {
  readonly statements: { statement: string; bindings: unknown }[];
  /** Tables that exist: a statement naming another fails with 422. */
  readonly tables: Set<string>;
}

export async function startSnowflakeSqlApi(options: { token: string }): Promise<SnowflakeFake> {
  const statements: { statement: string; bindings: unknown }[] = [];
  const tables = new Set<string>();
  const fake = await startFake((req) => {
    if (req.method !== "POST" || req.path !== "/api/v2/statements") return { status: 404, body: { code: "390404", message: "Not found." } };
    if (bearerOf(req.headers.authorization) !== options.token || !["PROGRAMMATIC_ACCESS_TOKEN", undefined].includes(req.headers["x-snowflake-authorization-token-type"] as string | undefined)) {
      return { status: 401, body: { code: "390303", message: "Invalid OAuth access token." } };
    }
    if (mediaType(req) !== "application/json" || !String(req.headers.accept ?? "").includes("application/json")) return { status: 415, body: { code: "391903", message: "Unsupported media type; send and accept application/json." } };
    const b = isObject(req.json) ? req.json : {};
    if (typeof b.statement !== "string" || b.statement.trim() === "") return { status: 400, body: { code: "391904", message: "statement is required." } };
    if (b.bindings !== undefined && (!isObject(b.bindings) || Object.values(b.bindings).some((v) => !isObject(v) || typeof v.type !== "string" || typeof v.value !== "string"))) {
      return { status: 400, body: { code: "391905", message: "Each binding needs a type and a string value." } };
    }
    const named = /\b(?:INTO|FROM)\s+([A-Z0-9_.]+)/i.exec(b.statement)?.[1]?.toUpperCase();
    if (named === undefined || !tables.has(named)) {
      return { status: 422, body: { code: "002003", sqlState: "02000", message: `SQL compilation error:\nObject '${named ?? "?"}' does not exist or not authorized.`, statementHandle: randomUUID() } };
    }
    statements.push({ statement: b.statement, bindings: b.bindings });
    return { status: 200, body: { code: "090001", sqlState: "00000", message: "Statement executed successfully.", statementHandle: randomUUID(), resultSetMetaData: { numRows: 1, rowType: [{ name: "number of rows inserted", type: "fixed" }] }, data: [["1"]] } };
  });
  return { ...fake, statements, tables };
}
