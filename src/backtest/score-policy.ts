// How well a policy's warnings match the labelled degradations: the four measures the SRE Workbook
// ch. 5 ranks alerting by (precision, recall, detection time, reset time), plus the lead time the
// early warning gave before each breach and the false warnings per objective-week.

import type { Transition } from '../domain/objective-state.js';
import type { DegradationLabel } from './degradation-label.js';

const WEEK_MS = 7 * 86_400_000;

/** A warning: from the objective leaving ok (to early-warning, or straight to breach) until back. */
export interface WarningEpisode {
  startMs: number;
  /** Undefined when still open at the end of the recording. */
  endMs: number | undefined;
  startedAs: 'early-warning' | 'breach';
  /** The first breach of the episode, if any. */
  breachAtMs: number | undefined;
}

export interface PolicyScore {
  warnings: number;
  /** Warnings overlapping (or preceding, within matchBeforeMs) a labelled degradation. */
  trueWarnings: number;
  precision: number | undefined;
  degradations: number;
  /** Degradations with a warning started before they ended. */
  detected: number;
  recall: number | undefined;
  /** Median of (first warning start − degradation start); negative means warned ahead. */
  detectionMs: number | undefined;
  /** Median of (warning end − degradation end), over detected degradations whose warnings ended. */
  resetMs: number | undefined;
  breaches: number;
  /** Per breach, how long before it the episode's early warning came (0: none came first). */
  leadTimesMs: number[];
  leadMs: number | undefined;
  falseWarningsPerWeek: number;
}

export interface ScoreOptions {
  fromMs: number;
  toMs: number;
  /** A warning that ended at most this long before a degradation began still counts as true. */
  matchBeforeMs: number;
}

export function warningEpisodes(transitions: readonly Transition[]): WarningEpisode[] {
  const episodes: WarningEpisode[] = [];
  let open: WarningEpisode | undefined;
  for (const t of transitions) {
    if (t.from === 'ok' && (t.to === 'early-warning' || t.to === 'breach')) {
      open = { startMs: t.atMs, endMs: undefined, startedAs: t.to, breachAtMs: undefined };
      episodes.push(open);
    }
    if (open === undefined) continue;
    if (t.to === 'breach' && open.breachAtMs === undefined) open.breachAtMs = t.atMs;
    if (t.to === 'ok') {
      open.endMs = t.atMs;
      open = undefined;
    }
  }
  return episodes;
}

export function scorePolicy(
  transitions: readonly Transition[],
  labels: readonly DegradationLabel[],
  options: ScoreOptions,
): PolicyScore {
  const episodes = warningEpisodes(transitions);
  const matches = (e: WarningEpisode, d: DegradationLabel) =>
    e.startMs <= d.toMs &&
    (e.endMs ?? Number.POSITIVE_INFINITY) >= d.fromMs - options.matchBeforeMs;

  const trueWarnings = episodes.filter((e) => labels.some((d) => matches(e, d))).length;
  const detections: number[] = [];
  const resets: number[] = [];
  let detected = 0;
  for (const d of labels) {
    const matching = episodes.filter((e) => matches(e, d));
    const first = matching[0];
    if (first === undefined) continue;
    detected++;
    detections.push(first.startMs - d.fromMs);
    const ends = matching.map((e) => e.endMs);
    if (ends.every((end) => end !== undefined))
      resets.push(Math.max(...(ends as number[])) - d.toMs);
  }
  const leadTimesMs = episodes
    .filter((e) => e.breachAtMs !== undefined)
    .map((e) => (e.startedAs === 'early-warning' ? (e.breachAtMs as number) - e.startMs : 0));
  const weeks = (options.toMs - options.fromMs) / WEEK_MS;
  return {
    warnings: episodes.length,
    trueWarnings,
    precision: episodes.length === 0 ? undefined : trueWarnings / episodes.length,
    degradations: labels.length,
    detected,
    recall: labels.length === 0 ? undefined : detected / labels.length,
    detectionMs: median(detections),
    resetMs: median(resets),
    breaches: leadTimesMs.length,
    leadTimesMs,
    leadMs: median(leadTimesMs),
    falseWarningsPerWeek: weeks > 0 ? (episodes.length - trueWarnings) / weeks : 0,
  };
}

/** The labels that concern an objective: its own and those without an objective. */
export function labelsFor(
  labels: readonly DegradationLabel[],
  objectiveKey: string,
): DegradationLabel[] {
  return labels.filter((l) => l.objectiveKey === undefined || l.objectiveKey === objectiveKey);
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
