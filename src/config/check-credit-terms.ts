// Checks an SLA's contract against the credit arithmetic: the terms as the domain validates them
// (validateCreditTerms), reported at the contract field they come from, and a requests basis
// that none of the SLA's objectives can be measured on.

import { creditTermsFrom, validateCreditTerms } from '../domain/credits/credit-terms.js';
import type { CreditTermsProblem } from '../domain/credits/credit-terms.js';
import type { ConfigError } from './config-error.js';
import { previewValue } from './config-error.js';
import type { Located, ObjectiveInput, SlaInput } from './config-input.js';
import { errorAt } from './source-document.js';

export function checkCreditTerms(sla: Located<SlaInput>): ConfigError[] {
  const errors = validateCreditTerms(creditTermsFrom(sla.value.contract)).map((problem) =>
    problemAt(sla, problem),
  );
  const basisError = checkRequestsBasis(sla);
  return basisError === undefined ? errors : [...errors, basisError];
}

/** The domain's field names → the contract's YAML fields. */
const CONTRACT_FIELDS: Record<string, string> = {
  minimumDowntimeMs: 'credits.minimumDowntime',
  intervalMs: 'credits.interval',
  badMinuteErrorRatio: 'credits.badMinuteErrorRate',
  'monthlyFee.amount': 'monthlyFee.amount',
  'monthlyFee.currency': 'monthlyFee.currency',
  activeFromMs: 'startsAt',
  activeUntilMs: 'endsAt',
};
const TIER_FIELDS: Record<string, string> = { belowPercent: 'below', creditPercent: 'credit' };

function contractFieldOf(field: string): string | undefined {
  const direct = CONTRACT_FIELDS[field];
  if (direct !== undefined) return direct;
  const tier = /^tiers\[(\d+)\]\.(\w+)$/.exec(field);
  if (tier?.[1] !== undefined && tier[2] !== undefined) {
    const name = TIER_FIELDS[tier[2]];
    return name === undefined ? undefined : `creditTiers.${tier[1]}.${name}`;
  }
  const exclusion = /^exclusions\[(\d+)\]$/.exec(field);
  return exclusion?.[1] === undefined ? undefined : `exclusions.${exclusion[1]}`;
}

function problemAt(sla: Located<SlaInput>, problem: CreditTermsProblem): ConfigError {
  const field = contractFieldOf(problem.field);
  const expected = `${problem.expected} (the credit terms read ${problem.field} as ${previewValue(problem.value)})`;
  if (field === undefined) return errorAt(sla.at('contract'), expected, { value: problem.value });
  return errorAt(sla.at(`contract.${field}`), expected);
}

/** Threshold and time-slice objectives judge time; they have no request count to take a rate of. */
const countsRequests = (o: ObjectiveInput): boolean =>
  o.kind === 'budget' && o.timeSlice === undefined;

function checkRequestsBasis(sla: Located<SlaInput>): ConfigError | undefined {
  const objectives = sla.value.objectives.map((o) => o.value);
  if (sla.value.contract.credits.basis !== 'requests' || objectives.length === 0) return undefined;
  if (objectives.some(countsRequests)) return undefined;
  return errorAt(
    sla.at('contract.credits.basis'),
    '"time", since no objective of this SLA counts requests (each is a threshold or time-slice objective)',
  );
}
