/** Kind `generic`: the HTTP status alone (types.ts statusVerdict). */
import { statusVerdict, type Classifier } from "./types";

export const classifyGeneric: Classifier = (r) => statusVerdict(r.status);
