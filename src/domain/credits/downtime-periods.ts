// Time basis: runs of consecutive bad eligible minutes. Only runs at least the minimum downtime
// long count (GCP's "Downtime Period"); shorter blips count as good. A minute that is not
// eligible (maintenance, outside the contract) ends a run.

import { MINUTE_MS } from '../windows/minute-data.js';
import type { TimeSpan } from './credit-terms.js';

export interface Downtime {
  /** [from, to) of each counted run. */
  periods: TimeSpan[];
  /** Bad minutes inside counted runs. */
  badMinutes: number;
  /** Bad minutes in runs shorter than the minimum, counted as good. */
  shortBadMinutes: number;
}

export function downtimeOf(
  bad: Uint8Array,
  firstMinuteMs: number,
  minimumDowntimeMs: number,
): Downtime {
  const result: Downtime = { periods: [], badMinutes: 0, shortBadMinutes: 0 };
  let runStart = -1;
  const close = (end: number) => {
    const length = end - runStart;
    if (length * MINUTE_MS >= minimumDowntimeMs) {
      result.badMinutes += length;
      result.periods.push({
        fromMs: firstMinuteMs + runStart * MINUTE_MS,
        toMs: firstMinuteMs + end * MINUTE_MS,
      });
    } else {
      result.shortBadMinutes += length;
    }
    runStart = -1;
  };
  for (let i = 0; i < bad.length; i++) {
    if (bad[i] === 1) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      close(i);
    }
  }
  if (runStart >= 0) close(bad.length);
  return result;
}
