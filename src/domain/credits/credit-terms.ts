// What a contract promises as service credits, in the shape the credit arithmetic reads: how
// attainment is measured (time or requests basis), the tiers, agreed maintenance windows, the fee
// and the contract's active span. Cloud SLAs (GCP, AWS, Azure) differ in exactly these knobs.

import type { ContractTerms, CreditTier } from '../definitions.js';
import { MINUTE_MS } from '../windows/minute-data.js';

/**
 * time: share of good minutes (GCP-style "Downtime Periods").
 * requests: 100 % minus the mean per-interval error rate (AWS/Azure style).
 */
export type CreditBasis = 'time' | 'requests';

/** [fromMs, toMs) */
export interface TimeSpan {
  fromMs: number;
  toMs: number;
}

/** An agreed maintenance window, excluded from the measurement. */
export interface ExclusionSpan extends TimeSpan {
  name: string;
}

export interface MonthlyFee {
  /** In major units as the contract writes it, e.g. 2000 for EUR 2,000.00. */
  amount: number;
  currency: string;
}

export interface CreditTerms {
  basis: CreditBasis;
  /** Time basis: bad minutes count only in runs of consecutive bad minutes at least this long. */
  minimumDowntimeMs: number;
  /**
   * Time basis, ratio and goodWhen objectives: a minute is down when its error share exceeds
   * this. Absent: the objective's own error budget, 1 − objectiveRatio.
   */
  badMinuteErrorRatio?: number;
  /** Requests basis: the error rate is taken per interval of this length, from the period start. */
  intervalMs: number;
  /** Mildest first, as in the contract. */
  tiers: CreditTier[];
  exclusions: ExclusionSpan[];
  monthlyFee?: MonthlyFee;
  /** Contract start, for a first partial month. */
  activeFromMs?: number;
  /** Contract end (exclusive), for a last partial month. */
  activeUntilMs?: number;
}

/** GCP's older SLAs (App Engine): a Downtime Period is at least five consecutive minutes. */
export const DEFAULT_MINIMUM_DOWNTIME_MS = 5 * MINUTE_MS;
/** AWS S3's SLA takes the error rate per five-minute interval. */
export const DEFAULT_INTERVAL_MS = 5 * MINUTE_MS;

/** How a contract measures attainment for credits (ContractTerms.credits). */
export interface CreditMeasurement {
  basis: CreditBasis;
  minimumDowntimeMs: number;
  badMinuteErrorRatio?: number;
  intervalMs: number;
}

/** The parts of a validated contract (ContractTerms) that credits read. */
export interface ContractCreditInput extends Pick<
  ContractTerms,
  'creditTiers' | 'exclusions' | 'monthlyFee'
> {
  credits: CreditMeasurement;
  /** ISO-8601 instants: contract start and end, for partial months. */
  startsAt?: string;
  endsAt?: string;
}

/** The credit terms of a validated contract; ISO instants become ms. */
export function creditTermsFrom(contract: ContractCreditInput): CreditTerms {
  const { basis, minimumDowntimeMs, badMinuteErrorRatio, intervalMs } = contract.credits;
  return {
    basis,
    minimumDowntimeMs,
    ...(badMinuteErrorRatio === undefined ? {} : { badMinuteErrorRatio }),
    intervalMs,
    tiers: contract.creditTiers.map((t) => ({ ...t })),
    exclusions: contract.exclusions.map((e) => ({
      name: e.name,
      fromMs: Date.parse(e.startsAt),
      toMs: Date.parse(e.endsAt),
    })),
    ...(contract.monthlyFee === undefined ? {} : { monthlyFee: { ...contract.monthlyFee } }),
    ...(contract.startsAt === undefined ? {} : { activeFromMs: Date.parse(contract.startsAt) }),
    ...(contract.endsAt === undefined ? {} : { activeUntilMs: Date.parse(contract.endsAt) }),
  };
}

export interface CreditTermsProblem {
  /** Dotted path of the field, e.g. "tiers[1].belowPercent". */
  field: string;
  value: unknown;
  expected: string;
}

const isWholeMinutes = (ms: number) => Number.isSafeInteger(ms) && ms % MINUTE_MS === 0;

/** Everything wrong with the terms, each naming the field, its value and what was expected. */
export function validateCreditTerms(terms: CreditTerms): CreditTermsProblem[] {
  const problems: CreditTermsProblem[] = [];
  const check = (ok: boolean, field: string, value: unknown, expected: string) => {
    if (!ok) problems.push({ field, value, expected });
  };
  const m = terms.minimumDowntimeMs;
  check(isWholeMinutes(m) && m >= 0, 'minimumDowntimeMs', m, 'whole minutes, 0 or more');
  const i = terms.intervalMs;
  check(isWholeMinutes(i) && i > 0, 'intervalMs', i, 'whole minutes, at least one');
  const r = terms.badMinuteErrorRatio;
  check(r === undefined || (r >= 0 && r < 1), 'badMinuteErrorRatio', r, 'a ratio in [0, 1)');
  terms.tiers.forEach((t, k) => {
    const previous = terms.tiers[k - 1];
    check(
      t.belowPercent > 0 && t.belowPercent <= 100,
      `tiers[${k}].belowPercent`,
      t.belowPercent,
      'a percentage above 0 and at most 100',
    );
    check(
      t.creditPercent >= 0 && t.creditPercent <= 100,
      `tiers[${k}].creditPercent`,
      t.creditPercent,
      'a percentage from 0 to 100',
    );
    if (previous === undefined) return;
    check(
      t.belowPercent < previous.belowPercent,
      `tiers[${k}].belowPercent`,
      t.belowPercent,
      `below the previous tier's ${previous.belowPercent} (mildest first)`,
    );
    check(
      t.creditPercent >= previous.creditPercent,
      `tiers[${k}].creditPercent`,
      t.creditPercent,
      `at least the previous tier's ${previous.creditPercent}`,
    );
  });
  terms.exclusions.forEach((e, k) => {
    const ok = Number.isFinite(e.fromMs) && Number.isFinite(e.toMs) && e.toMs > e.fromMs;
    check(ok, `exclusions[${k}]`, e, 'a valid span whose end is after its start');
  });
  const fee = terms.monthlyFee;
  if (fee !== undefined) {
    check(
      Number.isFinite(fee.amount) && fee.amount >= 0,
      'monthlyFee.amount',
      fee.amount,
      '0 or more',
    );
    check(/^[A-Z]{3}$/.test(fee.currency), 'monthlyFee.currency', fee.currency, 'an ISO 4217 code');
  }
  const { activeFromMs: from, activeUntilMs: until } = terms;
  check(from === undefined || Number.isFinite(from), 'activeFromMs', from, 'an instant');
  check(until === undefined || Number.isFinite(until), 'activeUntilMs', until, 'an instant');
  if (from !== undefined && until !== undefined) {
    check(until > from, 'activeUntilMs', until, `after activeFromMs (${from})`);
  }
  return problems;
}
