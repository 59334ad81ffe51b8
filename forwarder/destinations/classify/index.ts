/** The classifier of each destination kind (one module each, citing its vendor's documentation). */
import type { DestinationKind } from "../kinds";
import { classifyGeneric } from "./generic";
import { classifyGoogleAds } from "./googleAds";
import { classifyHubspotForms } from "./hubspotForms";
import { classifyKlaviyo } from "./klaviyo";
import { classifyMetaCapi } from "./metaCapi";
import { classifySalesforce } from "./salesforce";
import { classifySnowflakeSql } from "./snowflakeSql";
import type { Classifier } from "./types";

export const CLASSIFIERS: Readonly<Record<DestinationKind, Classifier>> = {
  generic: classifyGeneric,
  "meta-capi": classifyMetaCapi,
  "google-ads": classifyGoogleAds,
  salesforce: classifySalesforce,
  klaviyo: classifyKlaviyo,
  "hubspot-forms": classifyHubspotForms,
  "snowflake-sql": classifySnowflakeSql,
};

/** Kinds whose classifier reads the body (the others need only the status, so forward() does not read it). */
export const READS_BODY: ReadonlySet<DestinationKind> = new Set(["meta-capi", "google-ads", "salesforce", "klaviyo", "hubspot-forms"]);

export type { Classifier, ResponseView, Verdict } from "./types";
