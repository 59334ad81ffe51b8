/** Every maintenance window of every system, with where it is and its resolved time zone: what the maintenance rules walk. */
import type { Path } from "../path";
import { isTimeZoneName } from "../time/zonedTime";
import { windowTimeZone } from "../maintenance/window";
import type { Located, RuleContext } from "./ruleContext";
import type { MaintenanceWindowDoc, SystemDoc } from "./schema";

export interface LocatedWindow {
  readonly system: Located<SystemDoc>;
  readonly window: MaintenanceWindowDoc;
  /** Path of the window's node in its file. */
  readonly path: Path;
  /** Its time zone, own or the system's; undefined when neither is set. */
  readonly zone?: string;
  /** `system salesforce: maintenance window weekly`: how messages start. */
  readonly label: string;
}

export function maintenanceWindows(ctx: Pick<RuleContext, "systems">): LocatedWindow[] {
  return ctx.systems.flatMap((system) =>
    (system.value.maintenance ?? []).map((window, i): LocatedWindow => {
      const zone = windowTimeZone(system.value, window);
      return { system, window, path: [...system.path, "maintenance", i], ...(zone !== undefined ? { zone } : {}), label: `system ${system.value.id}: maintenance window ${window.id}` };
    }),
  );
}

/** The windows whose time zone is a real one, so their calendar can be computed (a bad zone is invalid-time-zone's). */
export function zonedWindows(ctx: Pick<RuleContext, "systems">): (LocatedWindow & { readonly zone: string })[] {
  return maintenanceWindows(ctx).filter((w): w is LocatedWindow & { zone: string } => w.zone !== undefined && isTimeZoneName(w.zone));
}
