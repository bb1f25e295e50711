// Small builders for window tests; each takes overrides.

import type {
  BudgetObjectiveDef,
  ClientDef,
  SliDef,
  ThresholdObjectiveDef,
} from '../../definitions.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../minute-data.js';

export const aClient = (o: Partial<ClientDef> = {}): ClientDef => ({
  id: 'acme',
  name: 'Acme',
  timeZone: 'UTC',
  contacts: [],
  ...o,
});

export const aRatioSli = (o: Partial<SliDef> = {}): SliDef => ({
  id: 'requests',
  serviceId: 'api',
  name: 'Requests',
  kind: 'ratio',
  ...o,
});

export const aLatencySli = (o: Partial<SliDef> = {}): SliDef => ({
  id: 'latency',
  serviceId: 'api',
  name: 'Latency',
  kind: 'distribution',
  unit: 'ms',
  ...o,
});

/** SRE Workbook ch. 5 burn-rate windows for a 30-day period. */
export const WORKBOOK_BURN_RATES = [
  { severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, burnRate: 14.4 },
  { severity: 'page', longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, burnRate: 6 },
  { severity: 'ticket', longWindowMs: 3 * DAY_MS, shortWindowMs: 6 * HOUR_MS, burnRate: 1 },
] as const;

export const aBudgetObjective = (o: Partial<BudgetObjectiveDef> = {}): BudgetObjectiveDef => ({
  kind: 'budget',
  key: 'acme-api/availability',
  slaId: 'acme-api',
  localId: 'availability',
  name: 'Availability',
  sliId: 'requests',
  objectiveRatio: 0.999,
  period: { kind: 'rolling', durationMs: 30 * DAY_MS },
  earlyWarning: { burnRates: WORKBOOK_BURN_RATES.map((r) => ({ ...r })) },
  recoveryPeriodMs: 10 * MINUTE_MS,
  clearAfterMs: 5 * MINUTE_MS,
  ...o,
});

export const aThresholdObjective = (
  o: Partial<ThresholdObjectiveDef> = {},
): ThresholdObjectiveDef => ({
  kind: 'threshold',
  key: 'acme-api/latency',
  slaId: 'acme-api',
  localId: 'latency',
  name: 'p95 latency',
  sliId: 'latency',
  statistic: 'p95',
  comparator: '<=',
  threshold: 800,
  measurementWindowMs: 5 * MINUTE_MS,
  earlyWarning: { trendProjection: { horizonMs: 15 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS } },
  recoveryPeriodMs: 10 * MINUTE_MS,
  clearAfterMs: 5 * MINUTE_MS,
  ...o,
});
