/**
 * Kind `snowflake-sql`: the Snowflake SQL API (`POST /api/v2/statements`), one INSERT or MERGE per
 * delivery with the event bound as a parameter.
 *
 * Documented answers (docs.snowflake.com/en/developer-guide/sql-api/reference, "POST
 * /api/v2/statements" response codes): 200 with a ResultSet (`"code": "090001"`, "Statement executed
 * successfully."); 202 with a QueryStatus (`"code": "333334"`): still running after 45 s, so accepted,
 * and it commits or fails on its own; 408: the statement exceeded its timeout and was cancelled
 * (retryable); 422: an error executing the statement (`{"code": "002003", "sqlState": "02000",
 * "message": "SQL compilation error: ..."}`), which the same statement repeats: permanent; 401/403
 * authentication; 429 too many requests.
 */
import { statusVerdict, type Classifier } from "./types";

export const classifySnowflakeSql: Classifier = ({ status }) => statusVerdict(status);
