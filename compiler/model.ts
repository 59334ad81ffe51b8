/**
 * The validated model: what the lower stage consumes. Built only from an inventory with no
 * errors, so references resolve and every failure mode has its runbook anchor.
 * Holds no positions, so reordering files or keys yields an identical model.
 */
import type { ForwarderSection } from "./forwarderRunbook";
import type { ChangeFreeze } from "./freeze/changeFreeze";
import type { AlertTest } from "./simulate/alertTest";
import type { FailureModeDoc, IntegrationDoc, RotationDoc, SloDoc, SloWindow, SystemDoc, TeamDoc } from "./validate/schema";

export interface Slo extends Omit<SloDoc, "window" | "previousIds"> {
  readonly window: SloWindow;
  readonly previousIds: readonly string[];
}

export interface FailureMode extends Omit<FailureModeDoc, "previousIds"> {
  /** 1 = most frequent. */
  readonly rank: number;
  /** GitHub heading id of this failure mode's section in the runbook. */
  readonly runbookAnchor: string;
  readonly previousIds: readonly string[];
}

export interface Integration extends Omit<IntegrationDoc, "version" | "kind" | "runbook" | "slos" | "failureModes" | "previousIds" | "alertTests"> {
  /** 1 = highest revenue exposure. */
  readonly rank: number;
  /** Runbook path inside the runbooks folder. */
  readonly runbook: string;
  /** GitHub heading id of the runbook's "Detection and monitors" section, where SLO alerts link. */
  readonly detectionAnchor: string;
  readonly slos: readonly Slo[];
  readonly failureModes: readonly FailureMode[];
  readonly previousIds: readonly string[];
  /** Its `alertTests` and those of `tests/<id>.yaml`; the lower stage ignores them. */
  readonly alertTests: readonly AlertTest[];
}

export type Team = TeamDoc;
export type Rotation = RotationDoc;
export type System = SystemDoc;

/** The webhook forwarder's shared runbook, which its monitors link to. */
export interface ForwarderRunbook {
  /** Path inside the runbooks folder. */
  readonly file: string;
  /** GitHub heading id of each failure-mode section, as rendered in that file. */
  readonly anchors: Readonly<Record<ForwarderSection, string>>;
}

export interface Inventory {
  /** Highest revenue exposure first. */
  readonly integrations: readonly Integration[];
  /** Sorted by id. */
  readonly teams: readonly Team[];
  readonly rotations: readonly Rotation[];
  readonly systems: readonly System[];
  /** Present only when some integration declares `webhooks:`. */
  readonly forwarderRunbook?: ForwarderRunbook;
  /** From the `kind: ChangeFreezes` files, earliest first (README, "Change freezes"); the lower stage ignores them. */
  readonly changeFreezes: readonly ChangeFreeze[];
}
