// The containment ladder: feature flag off, deploy rollback, migration rollback, data
// correction — tried in order. A lever may be tried once every lever above it has a record
// (tried, skipped with a reason, worked or failed); a lever that worked contains the incident.

import { LEVERS, type LeverName, type LeverOutcome, type LeverRecord } from './case-files.js';

/** Y of a notice while a lever is being pulled: "We are doing Y". */
export const LEVER_DOING: Record<LeverName, string> = {
  'feature-flag': 'a switch-off of the feature behind the problem',
  'deploy-rollback': 'a rollback of the latest deployment',
  'migration-rollback': 'a rollback of the latest database change',
  'data-correction': 'a correction of the affected data',
};

export type LeverCheck = { ok: true } | { ok: false; problem: string };

export function checkLeverRecord(
  levers: readonly LeverRecord[],
  lever: LeverName,
  outcome: LeverOutcome,
  note: string | undefined,
): LeverCheck {
  if (outcome === 'skipped' && (note === undefined || note.trim() === '')) {
    return { ok: false, problem: `skipping "${lever}" needs a reason (note)` };
  }
  const index = LEVERS.indexOf(lever);
  const unrecorded = LEVERS.slice(0, index).filter((l) => !levers.some((r) => r.lever === l));
  if (unrecorded.length > 0 && outcome !== 'skipped') {
    return {
      ok: false,
      problem: `the ladder goes in order: record ${unrecorded.map((l) => `"${l}"`).join(', ')} first (tried, or skipped with a reason)`,
    };
  }
  return { ok: true };
}

/** The lever in play: the latest one tried or that worked. */
export function activeLever(levers: readonly LeverRecord[]): LeverRecord | undefined {
  for (let i = levers.length - 1; i >= 0; i--) {
    const r = levers[i];
    if (r !== undefined && (r.outcome === 'tried' || r.outcome === 'worked')) return r;
  }
  return undefined;
}

/** Where each lever stands: its latest record, or none. */
export function ladderState(
  levers: readonly LeverRecord[],
): Array<{ lever: LeverName; latest: LeverRecord | undefined }> {
  return LEVERS.map((lever) => ({
    lever,
    latest: [...levers].reverse().find((r) => r.lever === lever),
  }));
}
