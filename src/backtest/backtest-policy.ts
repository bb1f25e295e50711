// Named early-warning policies to compare on a recording, each replacing the objective's own
// earlyWarning: "own", "fraction:0.8", "trend:15m", "burn:workbook", and "+"-joined combinations.

import {
  DEFAULT_FRACTION_OF_THRESHOLD,
  DEFAULT_TREND_LOOKBACK_MS,
} from '../config/early-warning-schema.js';
import { parseDuration } from '../config/duration.js';
import type { EarlyWarningPolicy, ObjectiveDef } from '../domain/definitions.js';
import { defaultBurnRates, periodMsOf } from '../domain/evaluation/burn-rate-table.js';

export const OWN_POLICY = 'own';

export type PolicyPart =
  | { kind: 'fraction'; enterRatio: number; hysteresisRatio: number }
  | { kind: 'trend'; horizonMs: number; lookbackMs: number }
  | { kind: 'burn-workbook' };

export interface BacktestPolicy {
  name: string;
  /** Empty for the objective's own policy. */
  parts: PolicyPart[];
}

export type ParsedPolicy = { ok: true; policy: BacktestPolicy } | { ok: false; message: string };

export const POLICY_EXPECTED =
  '"own", "fraction:R" (0 < R < 1), "trend:DURATION" (e.g. trend:15m), "burn:workbook", or several joined by "+"';

export function parsePolicy(text: string): ParsedPolicy {
  const name = text.trim();
  if (name === OWN_POLICY) return { ok: true, policy: { name, parts: [] } };
  const parts: PolicyPart[] = [];
  for (const piece of name.split('+')) {
    const part = parsePart(piece.trim());
    if (part === undefined) {
      return {
        ok: false,
        message: `policy "${name}": got "${piece}", expected ${POLICY_EXPECTED}`,
      };
    }
    if (parts.some((p) => p.kind === part.kind)) {
      return { ok: false, message: `policy "${name}": "${piece}" repeats a ${part.kind} part` };
    }
    parts.push(part);
  }
  return { ok: true, policy: { name, parts } };
}

function parsePart(piece: string): PolicyPart | undefined {
  const [kind, arg, extra] = piece.split(':');
  if (extra !== undefined || arg === undefined) return undefined;
  if (kind === 'fraction') {
    const enterRatio = Number(arg);
    if (!/^0?\.\d+$/.test(arg) || !(enterRatio > 0 && enterRatio < 1)) return undefined;
    // The configuration's default hysteresis, kept below the entry share.
    const hysteresisRatio = Math.min(DEFAULT_FRACTION_OF_THRESHOLD.hysteresisRatio, enterRatio / 2);
    return { kind: 'fraction', enterRatio, hysteresisRatio };
  }
  if (kind === 'trend') {
    const horizonMs = parseDuration(arg);
    if (horizonMs === undefined) return undefined;
    return { kind: 'trend', horizonMs, lookbackMs: DEFAULT_TREND_LOOKBACK_MS };
  }
  if (kind === 'burn' && arg === 'workbook') return { kind: 'burn-workbook' };
  return undefined;
}

/**
 * The objective as the policy would have it, or undefined when no part of the policy applies to
 * its kind (fraction and trend need a threshold objective, burn rates a budget objective).
 */
export function withPolicy(def: ObjectiveDef, policy: BacktestPolicy): ObjectiveDef | undefined {
  if (policy.parts.length === 0) return def;
  const earlyWarning: EarlyWarningPolicy = {};
  for (const part of policy.parts) {
    if (part.kind === 'burn-workbook' && def.kind === 'budget') {
      earlyWarning.burnRates = defaultBurnRates(periodMsOf(def.period));
    } else if (part.kind === 'fraction' && def.kind === 'threshold') {
      earlyWarning.fractionOfThreshold = {
        enterRatio: part.enterRatio,
        hysteresisRatio: part.hysteresisRatio,
      };
    } else if (part.kind === 'trend' && def.kind === 'threshold') {
      earlyWarning.trendProjection = { horizonMs: part.horizonMs, lookbackMs: part.lookbackMs };
    }
  }
  if (Object.keys(earlyWarning).length === 0) return undefined;
  return { ...def, earlyWarning };
}
