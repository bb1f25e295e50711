// Small builders for test data: each takes overrides, each test makes what it needs.

import type {
  BudgetObjectiveDef,
  ClientDef,
  ContractTerms,
  Definitions,
  ObjectiveDef,
  SlaDef,
  SliDef,
  ThresholdObjectiveDef,
} from '../../src/domain/definitions.js';
import { defaultBurnRates } from '../../src/domain/evaluation/burn-rate-table.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const aClient = (o: Partial<ClientDef> = {}): ClientDef => ({
  id: 'acme',
  name: 'Acme Corp',
  timeZone: 'UTC',
  contacts: [],
  ...o,
});

export const aRatioSli = (o: Partial<SliDef> = {}): SliDef => ({
  id: 'requests',
  serviceId: 'submissions',
  name: 'Successful submissions',
  kind: 'ratio',
  ...o,
});

export const aLatencySli = (o: Partial<SliDef> = {}): SliDef => ({
  id: 'latency',
  serviceId: 'submissions',
  name: 'Submission latency',
  kind: 'distribution',
  unit: 'ms',
  ...o,
});

export const aContract = (o: Partial<ContractTerms> = {}): ContractTerms => ({
  noticeMs: 15 * MINUTE_MS,
  updateCadenceMs: 30 * MINUTE_MS,
  creditTiers: [
    { belowPercent: 99.9, creditPercent: 10 },
    { belowPercent: 99, creditPercent: 25 },
  ],
  exclusions: [],
  autoNotice: true,
  noticeFallback: 'auto-send',
  postmortemDueMs: 5 * DAY_MS,
  credits: { basis: 'time', minimumDowntimeMs: 5 * MINUTE_MS, intervalMs: 5 * MINUTE_MS },
  ...o,
});

export function aBudgetObjective(o: Partial<BudgetObjectiveDef> = {}): BudgetObjectiveDef {
  const slaId = o.slaId ?? 'acme-submissions';
  const localId = o.localId ?? 'availability';
  const periodMs = 30 * DAY_MS;
  return {
    kind: 'budget',
    key: `${slaId}/${localId}`,
    slaId,
    localId,
    name: 'Availability 99.9 %',
    sliId: 'requests',
    objectiveRatio: 0.999,
    period: { kind: 'rolling', durationMs: periodMs },
    earlyWarning: { burnRates: defaultBurnRates(periodMs) },
    recoveryPeriodMs: 10 * MINUTE_MS,
    clearAfterMs: 5 * MINUTE_MS,
    ...o,
  };
}

export function aThresholdObjective(o: Partial<ThresholdObjectiveDef> = {}): ThresholdObjectiveDef {
  const slaId = o.slaId ?? 'acme-submissions';
  const localId = o.localId ?? 'latency';
  return {
    kind: 'threshold',
    key: `${slaId}/${localId}`,
    slaId,
    localId,
    name: 'p95 latency within 800 ms',
    sliId: 'latency',
    statistic: 'p95',
    comparator: '<=',
    threshold: 800,
    measurementWindowMs: 5 * MINUTE_MS,
    earlyWarning: {
      fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 },
      trendProjection: { horizonMs: 15 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS },
    },
    recoveryPeriodMs: 10 * MINUTE_MS,
    clearAfterMs: 5 * MINUTE_MS,
    ...o,
  };
}

export function anSla(objectives: ObjectiveDef[], o: Partial<SlaDef> = {}): SlaDef {
  return {
    id: 'acme-submissions',
    clientId: 'acme',
    serviceId: 'submissions',
    name: 'Acme submissions',
    contract: aContract(),
    objectives,
    ...o,
  };
}

export function someDefinitions(o: Partial<Definitions> = {}): Definitions {
  return {
    clients: [aClient()],
    services: [{ id: 'submissions', name: 'Submissions API', roles: {} }],
    slis: [aRatioSli(), aLatencySli()],
    slas: [anSla([aThresholdObjective(), aBudgetObjective()])],
    people: [],
    rotations: [],
    endpoints: [],
    ...o,
  };
}
