// An SLA's service credit for one billing period ("make right" in the breach protocol): each
// objective's attainment and tier, the credit as a share of the (pro-rated) monthly fee, and the
// total capped at that fee. The statement's key lets the ledger write each credit exactly once.

import type { CreditTier, ObjectiveDef, SlaDef } from '../definitions.js';
import type { MinuteData } from '../windows/minute-data.js';
import type { BillingPeriod } from './billing-period.js';
import type { CreditTerms } from './credit-terms.js';
import { shownPercent, tierFor } from './credit-tier.js';
import { measureAttainment, type Attainment } from './measure-attainment.js';
import { shareOfFee, toMinorUnits } from './money.js';
import { prorationOf, type Proration } from './proration.js';

export interface CreditLine {
  objectiveKey: string;
  objectiveName: string;
  /** A budget objective's target as a percentage (99.9); absent for threshold objectives. */
  objectivePercent?: number;
  /** Rounded half up to 3 decimals; the tier is chosen on this figure. */
  attainmentPercent: number;
  attainment: Attainment;
  tier: CreditTier | null;
  creditPercent: number;
  /** Minor units; 0 without a fee. */
  amountMinor: number;
}

export interface FeeFigures {
  currency: string;
  /** The whole month's fee, minor units (2 decimals assumed). */
  monthlyMinor: number;
  /** The fee for the active share of the month: the cap on the total. */
  proratedMinor: number;
}

export interface CreditStatement {
  /** `${slaId}|${period.label}`: the ledger writes each credit once under this key. */
  key: string;
  slaId: string;
  period: BillingPeriod;
  /** The contract's tiers, mildest first. */
  tiers: CreditTier[];
  lines: CreditLine[];
  proration: Proration;
  /** null: the contract has no monthly fee, so credits are percentages only and amounts 0. */
  fee: FeeFigures | null;
  /** Sum of the lines' amounts before the cap. */
  uncappedMinor: number;
  /** Sum of the lines' percentages before the cap. */
  uncappedPercent: number;
  /** Whether the lines added up to more than the (pro-rated) fee, or to more than 100 %. */
  capApplied: boolean;
  totalMinor: number;
  /** The total as a share of the pro-rated fee, at most 100. */
  totalPercent: number;
  currency: string | null;
  /** Plain-language caveats: no fee, time-basis fallbacks. */
  notes: string[];
}

export interface MeasuredObjective {
  objective: ObjectiveDef;
  attainment: Attainment;
}

/** Measures each objective of the SLA over the period, then states the credit. */
export function computeCredit(
  sla: Pick<SlaDef, 'id' | 'objectives'>,
  period: BillingPeriod,
  terms: CreditTerms,
  minutesBySliId: ReadonlyMap<string, readonly MinuteData[]>,
): CreditStatement {
  const measured = sla.objectives.map((objective) => ({
    objective,
    attainment: measureAttainment(
      objective,
      minutesBySliId.get(objective.sliId) ?? [],
      period,
      terms,
    ),
  }));
  return creditStatementOf(sla.id, period, terms, measured);
}

/** The credit for attainments already measured (e.g. kept from an earlier run). */
export function creditStatementOf(
  slaId: string,
  period: BillingPeriod,
  terms: CreditTerms,
  measured: readonly MeasuredObjective[],
): CreditStatement {
  const proration = prorationOf(period, terms);
  const fee = feeFiguresOf(terms, proration);
  const lines = measured.map(({ objective, attainment }) =>
    lineOf(objective, attainment, terms.tiers, fee, proration),
  );
  const uncappedMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const uncappedPercent = lines.reduce((sum, l) => sum + l.creditPercent, 0);
  const capMinor = fee?.proratedMinor ?? 0;
  const capApplied = uncappedPercent > 100 || (fee !== null && uncappedMinor > capMinor);
  return {
    key: `${slaId}|${period.label}`,
    slaId,
    period,
    tiers: terms.tiers.map((t) => ({ ...t })),
    lines,
    proration,
    fee,
    uncappedMinor,
    uncappedPercent,
    capApplied,
    totalMinor: Math.min(uncappedMinor, capMinor),
    totalPercent: Math.min(100, uncappedPercent),
    currency: fee?.currency ?? null,
    notes: notesOf(fee, lines),
  };
}

function feeFiguresOf(terms: CreditTerms, proration: Proration): FeeFigures | null {
  if (terms.monthlyFee === undefined) return null;
  const monthlyMinor = toMinorUnits(terms.monthlyFee.amount);
  return {
    currency: terms.monthlyFee.currency,
    monthlyMinor,
    proratedMinor: shareOfFee(monthlyMinor, 100, proration.activeMs, proration.periodMs),
  };
}

function lineOf(
  objective: ObjectiveDef,
  attainment: Attainment,
  tiers: readonly CreditTier[],
  fee: FeeFigures | null,
  proration: Proration,
): CreditLine {
  const attainmentPercent = shownPercent(attainment.attainmentPercent);
  const tier = tierFor(attainmentPercent, tiers);
  const creditPercent = tier?.creditPercent ?? 0;
  // From the whole fee, so that 100 % on a line equals the pro-rated fee to the cent.
  const amountMinor =
    fee === null
      ? 0
      : shareOfFee(fee.monthlyMinor, creditPercent, proration.activeMs, proration.periodMs);
  return {
    objectiveKey: objective.key,
    objectiveName: objective.name,
    ...(objective.kind === 'budget'
      ? { objectivePercent: shownPercent(objective.objectiveRatio * 100) }
      : {}),
    attainmentPercent,
    attainment,
    tier: tier === null ? null : { ...tier },
    creditPercent,
    amountMinor,
  };
}

const FALLBACK_NOTE = {
  'threshold-objective': 'a threshold objective has no request count',
  'time-slice-objective': 'a time-slice objective judges time, not requests',
} as const;

function notesOf(fee: FeeFigures | null, lines: readonly CreditLine[]): string[] {
  const notes: string[] = [];
  if (fee === null) {
    notes.push('No monthly fee in the contract: credits are percentages of the fee, amounts 0.');
  }
  for (const line of lines) {
    const a = line.attainment;
    if (a.basis === 'time' && a.fallback !== undefined) {
      notes.push(
        `${line.objectiveName} was measured on time basis: ${FALLBACK_NOTE[a.fallback.reason]}.`,
      );
    }
  }
  return notes;
}
