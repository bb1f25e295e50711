// Resolution is gated on recovery: every objective that breached must have stayed within its
// threshold for its recovery period (the evaluator moves it back to ok exactly then).

import { formatDuration } from '../describe-reason.js';
import type { Incident } from './case-files.js';

export interface RecoveryGate {
  open: boolean;
  /** One sentence per objective still holding the gate shut: what is missing. */
  missing: string[];
}

export function recoveryGate(incident: Incident, nowMs: number): RecoveryGate {
  const missing: string[] = [];
  for (const o of incident.objectives) {
    if (o.status === 'ok') continue;
    if (o.status === 'recovered' && o.withinSinceMs !== undefined) {
      const within = nowMs - o.withinSinceMs;
      if (within >= o.recoveryPeriodMs) continue;
      missing.push(
        `${o.objectiveKey} has been within its threshold for ${formatDuration(within)} of the ${formatDuration(o.recoveryPeriodMs)} recovery period (${formatDuration(o.recoveryPeriodMs - within)} to go)`,
      );
      continue;
    }
    missing.push(
      `${o.objectiveKey} is still in breach; it must stay within its threshold for ${formatDuration(o.recoveryPeriodMs)} first`,
    );
  }
  return { open: missing.length === 0, missing };
}
