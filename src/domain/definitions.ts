// The validated shape of everything a team declares: clients, services, SLIs and SLAs, and who
// is told what through which endpoints. src/config turns YAML / OpenSLO into these values.

import type { EndpointDef, Role } from './notification.js';
import type { ProbeDef, PrometheusSourceDef, RemoteWriteRule } from './sources.js';

export type Comparator = '<=' | '<' | '>=' | '>';

/** Statistics a threshold objective can be measured by. `good-ratio` needs a ratio SLI. */
export type Statistic = 'good-ratio' | 'mean' | 'max' | 'p50' | 'p90' | 'p95' | 'p99' | 'p999';

export interface ClientDef {
  id: string;
  name: string;
  /** IANA time zone; calendar-month windows start at midnight here. */
  timeZone: string;
  /** The client's people who receive notices. */
  contacts: ContactDef[];
}

/** One way to reach someone: a configured endpoint, plus an address where the endpoint needs one. */
export interface ContactPoint {
  endpointId: string;
  /** E-mail address for email endpoints; absent for URL-addressed endpoints. */
  address?: string;
}

export interface ContactDef {
  name: string;
  contactPoints: ContactPoint[];
}

export interface PersonDef {
  id: string;
  name: string;
  contactPoints: ContactPoint[];
}

/** Weekly on-call rotation: members take turns, handing over at a weekday and local time. */
export interface RotationDef {
  id: string;
  memberIds: string[];
  /** 0 = Sunday … 6 = Saturday, in timeZone. */
  handoffWeekday: number;
  handoffMinuteOfDay: number;
  timeZone: string;
  /** An instant in the first member's first week: anchors whose turn it is. */
  startsAtMs: number;
  overrides: Array<{ personId: string; fromMs: number; toMs: number }>;
}

/** Who holds each role for a service: a person, or (on-call) a rotation. */
export type RoleHolder = { personId: string } | { rotationId: string };

export interface EscalationPolicy {
  /** If no one acknowledges a breach page within this time, the next in the chain is paged. */
  ackWithinMs: number;
  /** Roles paged in turn after the first page goes unacknowledged. */
  chain: Role[];
}

/** A containment lever bound to an action: a signed webhook to a flag service or CD pipeline. */
export interface LeverActionDef {
  /** A webhook endpoint (Standard Webhooks signing). */
  endpointId: string;
}

export interface ServiceDef {
  id: string;
  name: string;
  description?: string;
  roles: Partial<Record<Role, RoleHolder>>;
  escalation?: EscalationPolicy;
  /** Keys are lever names: feature-flag, deploy-rollback, migration-rollback, data-correction. */
  leverActions?: Partial<Record<string, LeverActionDef>>;
}

/** ratio: pushed as good/total counts. distribution: pushed as values (e.g. latency in ms). */
export type SliKind = 'ratio' | 'distribution';

export interface SliDef {
  id: string;
  serviceId: string;
  name: string;
  kind: SliKind;
  /** Unit of distribution values, e.g. "ms". */
  unit?: string;
  description?: string;
}

export type WindowDef = { kind: 'rolling'; durationMs: number } | { kind: 'calendar-month' };

/** One row of a multi-window burn-rate table (SRE Workbook ch. 5 "multiwindow, multi-burn-rate"). */
export interface BurnRateRule {
  /** page: urgent; ticket: slow burn. */
  severity: 'page' | 'ticket';
  longWindowMs: number;
  shortWindowMs: number;
  burnRate: number;
}

export interface FractionOfThresholdPolicy {
  /** Enter early warning when the observed value reaches this share of the threshold, e.g. 0.8. */
  enterRatio: number;
  /** Leave only once the value is below (enterRatio - hysteresisRatio) of the threshold. */
  hysteresisRatio: number;
}

export interface TrendProjectionPolicy {
  /** Warn when the threshold is projected to be crossed within this horizon. */
  horizonMs: number;
  /** How much recent history the slope is fitted over. */
  lookbackMs: number;
}

export interface EarlyWarningPolicy {
  fractionOfThreshold?: FractionOfThresholdPolicy;
  trendProjection?: TrendProjectionPolicy;
  /** Budget objectives only. Already scaled to the objective's period. */
  burnRates?: BurnRateRule[];
}

/** Per-event classification turning a distribution SLI into good/total events. */
export interface GoodWhen {
  comparator: Comparator;
  threshold: number;
}

/** A time slice is good when its statistic meets the comparator and threshold. */
export interface TimeSliceDef {
  sliceMs: number;
  statistic: Statistic;
  comparator: Comparator;
  threshold: number;
}

interface ObjectiveBase {
  /** Globally unique key: `${slaId}/${localId}`. */
  key: string;
  slaId: string;
  localId: string;
  name: string;
  sliId: string;
  earlyWarning: EarlyWarningPolicy;
  /** How long the SLI must stay within its threshold before breach → recovered → ok. */
  recoveryPeriodMs: number;
  /** How long a warning condition must be absent before the warning clears. */
  clearAfterMs: number;
}

/** Attainment over a period must stay at or above the objective ("budget exhausted" when not). */
export interface BudgetObjectiveDef extends ObjectiveBase {
  kind: 'budget';
  objectiveRatio: number;
  period: WindowDef;
  /** Distribution SLIs: how each value is classified good or bad. */
  goodWhen?: GoodWhen;
  /** When set, attainment is the share of good time slices instead of good events. */
  timeSlice?: TimeSliceDef;
}

/** A statistic over a short measurement window must stay within a threshold. */
export interface ThresholdObjectiveDef extends ObjectiveBase {
  kind: 'threshold';
  statistic: Statistic;
  comparator: Comparator;
  threshold: number;
  measurementWindowMs: number;
}

export type ObjectiveDef = BudgetObjectiveDef | ThresholdObjectiveDef;

export interface CreditTier {
  /** Credit applies when attainment is below this percentage, e.g. 99.9. */
  belowPercent: number;
  creditPercent: number;
}

export interface Exclusion {
  name: string;
  /** ISO-8601 instants. */
  startsAt: string;
  endsAt: string;
}

export interface ContractTerms {
  /** How soon the client must hear from us after detection. */
  noticeMs: number;
  /** The promised cadence of updates during a breach. */
  updateCadenceMs: number;
  creditTiers: CreditTier[];
  exclusions: Exclusion[];
  monthlyFee?: { amount: number; currency: string };
  /** Send the first client notice automatically at detection (default true): the client hears first. */
  autoNotice: boolean;
  /**
   * Without autoNotice, what happens when the notice time runs out with no notice sent:
   * `auto-send` sends the drafted notice, `remind-only` escalates to the team (default auto-send).
   */
  noticeFallback: 'auto-send' | 'remind-only';
  /** The postmortem is due this long after resolution (default 5 days: within the week). */
  postmortemDueMs: number;
  /** How attainment is measured for service credits. */
  credits: CreditMeasurement;
  /** Contract start and end (ISO instants), for partial months; absent: the whole month counts. */
  startsAt?: string;
  endsAt?: string;
}

/** How a contract measures attainment for credits (GCP/AWS/Azure style). */
export interface CreditMeasurement {
  /** time: share of good minutes; requests: 1 − the mean error rate per interval. */
  basis: 'time' | 'requests';
  /** Time basis: bad minutes count only in runs at least this long. */
  minimumDowntimeMs: number;
  /** Time basis: a minute is down when its error share exceeds this (default: the error budget). */
  badMinuteErrorRatio?: number;
  /** Requests basis: the interval error rates are taken over. */
  intervalMs: number;
}

export interface SlaDef {
  id: string;
  clientId: string;
  serviceId: string;
  name: string;
  contract: ContractTerms;
  objectives: ObjectiveDef[];
}

export interface Definitions {
  clients: ClientDef[];
  services: ServiceDef[];
  slis: SliDef[];
  slas: SlaDef[];
  people: PersonDef[];
  rotations: RotationDef[];
  endpoints: EndpointDef[];
  /** Checks Forewarn runs itself (src/sources/probes). Absent: none. */
  probes?: ProbeDef[];
  /** Prometheus-compatible APIs pulled on a schedule (src/sources/prometheus). Absent: none. */
  prometheusSources?: PrometheusSourceDef[];
  /** Remote-written series mapped to SLIs (src/sources/remote-write). Absent: none. */
  remoteWrite?: RemoteWriteRule[];
}
