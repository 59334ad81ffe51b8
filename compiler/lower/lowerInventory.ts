/**
 * Lower stage entry point: the validated inventory -> every resource the program creates,
 * in creation order (a resource comes after everything it references), integrations by
 * revenue exposure.
 */
import type { Inventory } from "../model";
import { withInertReferences } from "../referenceSyntax";
import { catalogSpecs } from "./catalog";
import { dashboardSpecs } from "./dashboard";
import { forwarderInvokes, forwarderSpecs } from "./forwarder";
import { monitorSpecs } from "./monitors";
import { datadogPagerdutySpecs, onCallInvokes, onCallRotationSpecs, pagingSpecs } from "./onCall";
import type { LowerSettings } from "./settings";
import { maintenanceSpecs } from "./maintenance";
import { sloSpecs } from "./slos";
import type { DesiredState } from "./spec";

/**
 * Every string the lower modules read, from the inventory (runbook anchors included) or the
 * stack's config, is first made unable to read as a reference (`${` -> `$ {`,
 * referenceSyntax.ts), here, once, rather than at each place a module copies text into a spec:
 * then the emit stage resolves only what `ref()` wrote, whatever field a module adds later.
 * `check` rejects `${` in the inventory (reference-syntax), so a valid model passes unchanged
 * (the same objects). A marker in `ref()`'s output that text cannot hold was the other design;
 * it would still need the same pass to strip the marker from text that skipped `check`, and it
 * would change the `${ref:NAME:ATTR}` form the plan JSON, the policy pack and the mock engine read.
 */
export function lowerInventory(inventory: Inventory, settings: LowerSettings): DesiredState {
  return lowerInert(withInertReferences(inventory), withInertReferences(settings));
}

function lowerInert(inventory: Inventory, settings: LowerSettings): DesiredState {
  return {
    invokes: [...onCallInvokes(inventory, settings), ...forwarderInvokes(inventory)],
    resources: [
      ...datadogPagerdutySpecs(settings),
      ...onCallRotationSpecs(inventory, settings),
      ...inventory.integrations.flatMap((integration) => [
        ...pagingSpecs(inventory, integration, settings),
        ...monitorSpecs(inventory, integration, settings),
        ...sloSpecs(inventory, integration, settings),
        // After the SLOs: each correction references its SLO.
        ...maintenanceSpecs(inventory, integration, settings),
      ]),
      // After the integrations: silence monitors may route to their PagerDuty services.
      ...forwarderSpecs(inventory, settings),
      ...dashboardSpecs(inventory, settings),
      // Last: an integration's entity names its PagerDuty service and links to the dashboard.
      ...catalogSpecs(inventory, settings),
    ],
  };
}
