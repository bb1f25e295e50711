// The life of one objective: ok → early-warning → breach → recovered → ok.

export type ObjectiveStatus = 'ok' | 'early-warning' | 'breach' | 'recovered';

/** Why an objective is where it is. The same value feeds logs, the timeline, the UI and tests. */
export type Reason =
  | { kind: 'within-objective' }
  | { kind: 'no-data' }
  | {
      kind: 'burn-rate';
      severity: 'page' | 'ticket';
      longWindowMs: number;
      shortWindowMs: number;
      longBurnRate: number;
      shortBurnRate: number;
      thresholdBurnRate: number;
      budgetRemainingRatio: number;
    }
  | {
      kind: 'fraction-of-threshold';
      observed: number;
      threshold: number;
      enterAt: number;
      fractionOfThreshold: number;
    }
  | {
      kind: 'trend-projection';
      observed: number;
      threshold: number;
      slopePerMinute: number;
      projectedCrossingInMs: number;
      horizonMs: number;
    }
  | {
      kind: 'threshold-crossed';
      observed: number;
      threshold: number;
      comparator: string;
      measurementWindowMs: number;
    }
  | {
      kind: 'budget-exhausted';
      attainmentRatio: number;
      objectiveRatio: number;
      budgetRemainingRatio: number;
    }
  | { kind: 'recovering'; withinSinceMs: number; recoveryPeriodMs: number }
  | { kind: 'recovery-complete'; withinSinceMs: number; recoveryPeriodMs: number }
  | { kind: 'warning-cleared'; clearSinceMs: number; clearAfterMs: number }
  | {
      /** An alert from an existing alerting setup fired for this objective. */
      kind: 'external-alert';
      source: 'alertmanager';
      alertname: string;
      fingerprint: string;
      startsAtMs: number;
    };

/** Durable per-objective memory the evaluator needs between ticks (restored on restart). */
export interface ObjectiveState {
  status: ObjectiveStatus;
  sinceMs: number;
  reason: Reason;
  /** Since when the breach condition has been absent (breach/recovered) — drives recovery. */
  withinSinceMs?: number;
  /** Since when every warning condition has been absent — drives warning clearing. */
  clearSinceMs?: number;
  /** When the current episode began (the objective left ok); set by the caller, absent in ok. */
  episodeStartMs?: number;
}

export interface Transition {
  objectiveKey: string;
  atMs: number;
  from: ObjectiveStatus;
  to: ObjectiveStatus;
  reason: Reason;
}
