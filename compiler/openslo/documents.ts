/**
 * The OpenSLO v1 objects the export writes: the subset of the spec (github.com/OpenSLO/OpenSLO,
 * README "Object Types") this repository uses, with keys in the spec's order so the YAML reads
 * like its examples.
 */

export const API_VERSION = "openslo/v1";

/** Every kind of OpenSLO v1 (spec, "General Schema"). */
export const KINDS = ["DataSource", "SLO", "SLI", "AlertPolicy", "AlertCondition", "AlertNotificationTarget", "Service"] as const;
export type Kind = (typeof KINDS)[number];

export interface Metadata {
  readonly name: string;
  readonly displayName?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface OpenSloObject<K extends Kind, S> {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: K;
  readonly metadata: Metadata;
  readonly spec: S;
}

export type ServiceDoc = OpenSloObject<"Service", { readonly description?: string }>;

/** A metric source given inline: `type` names the source, `spec` is whatever that source reads. */
export interface MetricSource {
  readonly type: "Datadog";
  readonly spec: { readonly query: string };
}

export interface RatioMetric {
  readonly counter: boolean;
  readonly good: { readonly metricSource: MetricSource };
  readonly total: { readonly metricSource: MetricSource };
}

export type SloDoc = OpenSloObject<
  "SLO",
  {
    readonly description: string;
    readonly service: string;
    readonly indicator: { readonly metadata: Metadata; readonly spec: { readonly ratioMetric: RatioMetric } };
    readonly timeWindow: readonly [{ readonly duration: string; readonly isRolling: true }];
    readonly budgetingMethod: "Occurrences";
    readonly objectives: readonly [{ readonly target: number }];
    readonly alertPolicies?: readonly { readonly alertPolicyRef: string }[];
  }
>;

export interface BurnRateCondition {
  readonly kind: "burnrate";
  readonly op: "gt";
  readonly threshold: number;
  readonly lookbackWindow: string;
  readonly alertAfter: string;
}

export interface InlineAlertCondition {
  readonly kind: "AlertCondition";
  readonly metadata: Metadata;
  readonly spec: { readonly description: string; readonly severity: string; readonly condition: BurnRateCondition };
}

export type AlertPolicyDoc = OpenSloObject<
  "AlertPolicy",
  {
    readonly description: string;
    readonly alertWhenNoData: boolean;
    readonly alertWhenResolved: boolean;
    readonly alertWhenBreaching: boolean;
    readonly conditions: readonly [InlineAlertCondition];
    readonly notificationTargets: readonly { readonly targetRef: string }[];
  }
>;

export type AlertNotificationTargetDoc = OpenSloObject<"AlertNotificationTarget", { readonly target: string; readonly description: string }>;

export type OpenSloDoc = ServiceDoc | SloDoc | AlertPolicyDoc | AlertNotificationTargetDoc;
