export interface Settings {
  /** Samples older than this are refused: windows keep minute detail for this long. */
  maxSampleAgeMs: number;
  /** Tolerated clock skew into the future. */
  maxFutureMs: number;
  /** Largest batch accepted, in items. */
  maxBatchItems: number;
  evaluationIntervalMs: number;
  /** Decide affected objectives right after a commit instead of at the next tick (TARGETS P1). */
  evaluateOnIngest: boolean;
  snapshotIntervalMs: number;
  /** Per-minute rollups older than this are deleted. */
  rollupRetentionMs: number;
  /** Idempotency keys are remembered this long. */
  idempotencyRetentionMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_SETTINGS: Settings = {
  maxSampleAgeMs: 60 * 60_000,
  maxFutureMs: 60_000,
  maxBatchItems: 100_000,
  evaluationIntervalMs: 1000,
  evaluateOnIngest: true,
  snapshotIntervalMs: 5 * 60_000,
  rollupRetentionMs: 400 * DAY_MS,
  idempotencyRetentionMs: 2 * DAY_MS,
};
