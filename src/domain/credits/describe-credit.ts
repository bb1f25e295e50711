// A credit statement in plain sentences for people: one or two per objective, then the total.

import { MINUTE_MS } from '../windows/minute-data.js';
import type { CreditLine, CreditStatement, FeeFigures } from './compute-credit.js';
import type { Attainment } from './measure-attainment.js';
import { formatCount, formatMoney } from './money.js';

const percent3 = (p: number) => p.toFixed(3);
const minutesText = (ms: number) => `${ms / MINUTE_MS} min`;

export function describeCredit(statement: CreditStatement): string[] {
  const sentences: string[] = [];
  for (const line of statement.lines) {
    sentences.push(`${line.objectiveName}: ${creditSentence(line, statement)}`);
    sentences.push(calculationSentence(line.attainment));
  }
  sentences.push(totalSentence(statement));
  return sentences;
}

function creditSentence(line: CreditLine, statement: CreditStatement): string {
  const target = line.objectivePercent === undefined ? '' : ` of ${line.objectivePercent} %`;
  const head = `attainment ${percent3(line.attainmentPercent)} %${target}`;
  if (line.tier === null) {
    const mildest = statement.tiers[0];
    return mildest === undefined
      ? `${head}: no credit tiers in the contract.`
      : `${head}: no credit (credits start below ${mildest.belowPercent} %).`;
  }
  const earns = `${head}: below ${line.tier.belowPercent} % earns ${line.creditPercent} %`;
  const fee = statement.fee;
  if (fee === null) return `${earns} of the monthly fee (no fee in the contract, so no amount).`;
  return `${earns} of ${feeText(fee, statement)} = ${formatMoney(line.amountMinor, fee.currency)}.`;
}

function feeText(fee: FeeFigures, statement: CreditStatement): string {
  const prorated = formatMoney(fee.proratedMinor, fee.currency);
  if (statement.proration.ratio === 1) return prorated;
  const share = percent3(statement.proration.ratio * 100);
  return `${prorated} (${formatMoney(fee.monthlyMinor, fee.currency)} for the ${share} % of the month under contract)`;
}

function calculationSentence(a: Attainment): string {
  const excluded = [
    a.excludedMinutes > 0 ? `${formatCount(a.excludedMinutes)} in maintenance windows` : '',
    a.inactiveMinutes > 0 ? `${formatCount(a.inactiveMinutes)} outside the contract` : '',
  ].filter((s) => s !== '');
  const eligible = `${formatCount(a.eligibleMinutes)} eligible minutes${
    excluded.length > 0 ? ` (${excluded.join(', ')} left out)` : ''
  }`;
  if (a.basis === 'requests') {
    return (
      `Requests basis: mean error rate ${percent3(a.meanErrorRate * 100)} % over ` +
      `${formatCount(a.intervalsWithTraffic)} interval${a.intervalsWithTraffic === 1 ? '' : 's'} of ${minutesText(a.intervalMs)} with traffic ` +
      `(pooled ${percent3(a.pooledErrorRate * 100)} % of ${formatCount(a.totalEvents)} events), ${eligible}.`
    );
  }
  const fallback =
    a.fallback === undefined ? '' : ' (the contract asks for requests; this objective cannot)';
  const periods = a.downtimePeriods.length;
  const blips =
    a.shortBadMinutes > 0
      ? `; ${formatCount(a.shortBadMinutes)} bad minutes in shorter runs count as good`
      : '';
  return (
    `Time basis${fallback}: ${formatCount(a.badMinutes)} bad minutes in ${periods} downtime ` +
    `period${periods === 1 ? '' : 's'} of at least ${minutesText(a.minimumDowntimeMs)}, out of ` +
    `${eligible}${blips}.`
  );
}

function totalSentence(s: CreditStatement): string {
  const label = `Total credit for ${s.period.label}`;
  if (s.fee === null) {
    const cap = s.capApplied ? ` (capped; the lines add up to ${s.uncappedPercent} %)` : '';
    return `${label}: ${s.totalPercent} % of the monthly fee${cap}; no fee in the contract, so no amount.`;
  }
  const total = formatMoney(s.totalMinor, s.fee.currency);
  if (!s.capApplied) return `${label}: ${total}.`;
  const uncapped = formatMoney(s.uncappedMinor, s.fee.currency);
  return `${label}: ${total}, capped at the fee (the lines add up to ${uncapped}).`;
}
