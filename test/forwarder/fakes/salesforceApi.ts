/**
 * Salesforce REST API, as documented (developer.salesforce.com/docs/atlas.en-us.api_rest.meta):
 * - `Authorization: Bearer <access token>` from the org's OAuth endpoint, else 401
 *   `[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]`;
 * - `PATCH /services/data/v<NN>.0/composite/sobjects/<SObject>/<ExternalIdField>`: upsert of up to 200
 *   records (resources_composite_sobjects_collections_upsert); each record has `attributes.type` equal
 *   to the sObject and the external id; versions 21.0 to 30.0 were retired in 2025; a field the object
 *   does not have fails the request (INVALID_FIELD); a record missing a required field fails alone
 *   inside the 200 (`success: false`, REQUIRED_FIELD_MISSING), the rest are saved (allOrNone false);
 * - `POST /services/apexrest/billing-events/v1`: the org's own Apex class, modelled as the sample's
 *   runbook describes it (a known Stripe customer, else 400 NO_MATCHING_ACCOUNT).
 */
import { bearerOf } from "./oauth2Server";
import { isObject, mediaType, startFake, type FakeApi } from "./fakeServer";

/** Fields of the sObjects the sample writes, and which a new record must have. */
const SOBJECTS: Record<string, { fields: Set<string>; required: string[] }> = {
  Lead: { fields: new Set(["Email", "FirstName", "LastName", "Company", "HubSpot_Contact_Id__c", "HubSpot_Lifecycle_Stage__c"]), required: ["LastName", "Company"] },
};

export interface SalesforceFake extends FakeApi {
  /** Records by `<SObject>/<external id>`. */
  readonly records: Map<string, Record<string, unknown>>;
  /** Stripe customer ids with an account. */
  readonly stripeCustomers: Set<string>;
  readonly billingEvents: unknown[];
}

export async function startSalesforceApi(options: { acceptsToken: (token: string | undefined) => boolean }): Promise<SalesforceFake> {
  const records = new Map<string, Record<string, unknown>>();
  const stripeCustomers = new Set<string>();
  const billingEvents: unknown[] = [];
  const errors = (status: number, errorCode: string, message: string) => ({ status, body: [{ message, errorCode }] });
  let ids = 0;
  const fake = await startFake((req) => {
    if (!options.acceptsToken(bearerOf(req.headers.authorization))) return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
    if (req.path === "/services/apexrest/billing-events/v1" && req.method === "POST") {
      const b = isObject(req.json) ? req.json : {};
      if (typeof b.eventId !== "string" || typeof b.type !== "string") return errors(400, "JSON_PARSER_ERROR", "eventId and type are required");
      if (typeof b.customerId !== "string" || !stripeCustomers.has(b.customerId)) return errors(400, "NO_MATCHING_ACCOUNT", "No account has this Stripe_Customer_Id__c");
      billingEvents.push(b);
      return { status: 200, body: { booked: true } };
    }
    const m = /^\/services\/data\/v(\d+)\.0\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(req.path);
    if (!m || req.method !== "PATCH") return errors(404, "NOT_FOUND", "The requested resource does not exist");
    if (Number(m[1]) < 31) return errors(410, "API_DISABLED_FOR_ORG", `API version ${m[1]}.0 has been retired`);
    const [, , sobject, externalId] = m as unknown as [string, string, string, string];
    const schema = SOBJECTS[sobject];
    if (!schema) return errors(404, "NOT_FOUND", `The requested resource does not exist: ${sobject}`);
    if (mediaType(req) !== "application/json" || !isObject(req.json) || !Array.isArray(req.json.records)) return errors(400, "JSON_PARSER_ERROR", "records is required");
    const list = req.json.records;
    if (list.length === 0 || list.length > 200) return errors(400, "INVALID_BATCH_SIZE", "A collection holds 1 to 200 records");
    for (const r of list) {
      if (!isObject(r) || !isObject(r.attributes) || r.attributes.type !== sobject) return errors(400, "INVALID_TYPE", `Each record must have attributes.type ${sobject}`);
      for (const field of Object.keys(r)) if (field !== "attributes" && !schema.fields.has(field)) return errors(400, "INVALID_FIELD", `No such column '${field}' on sobject of type ${sobject}`);
      if (typeof r[externalId] !== "string" || r[externalId] === "") return errors(400, "MISSING_ARGUMENT", `${externalId} not specified`);
    }
    const results = list.map((r) => {
      const rec = r as Record<string, unknown>;
      const key = `${sobject}/${String(rec[externalId])}`;
      const existing = records.get(key);
      const merged = { ...existing, ...rec };
      const missing = existing ? [] : schema.required.filter((f) => merged[f] === undefined);
      if (missing.length > 0) return { success: false, errors: [{ statusCode: "REQUIRED_FIELD_MISSING", message: `Required fields are missing: [${missing.join(", ")}]`, fields: missing }] };
      const id = existing?.Id ?? `00Q${String(++ids).padStart(15, "0")}`;
      records.set(key, { ...merged, Id: id });
      return { id, success: true, errors: [], created: !existing };
    });
    return { status: 200, body: results };
  });
  return { ...fake, records, stripeCustomers, billingEvents };
}
