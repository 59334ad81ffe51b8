/**
 * Lower stage entry point: the validated inventory -> every resource the program creates,
 * in creation order (a resource comes after everything it references), integrations by
 * revenue exposure.
 */
import type { Inventory } from "../model";
import { catalogSpecs } from "./catalog";
import { dashboardSpecs } from "./dashboard";
import { forwarderInvokes, forwarderSpecs } from "./forwarder";
import { monitorSpecs } from "./monitors";
import { datadogPagerdutySpecs, onCallInvokes, onCallRotationSpecs, pagingSpecs } from "./onCall";
import type { LowerSettings } from "./settings";
import { maintenanceSpecs } from "./maintenance";
import { sloSpecs } from "./slos";
import type { DesiredState } from "./spec";

export function lowerInventory(inventory: Inventory, settings: LowerSettings): DesiredState {
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
