// How numbers and times read on the pages. Times are UTC, as in notices ("10:02 UTC").

import { formatDuration } from '../domain/describe-reason.js';

export const isoMinute = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** For `<input type="datetime-local">`, which the form reads back as UTC. */
export const localInputValue = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

export function percent(ratio: number | null | undefined, digits = 4): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Number((ratio * 100).toPrecision(digits))} %`;
}

export function burnRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Number(rate.toPrecision(3))}x`;
}

/** "in 12m", "3m ago"; rounded to whole seconds below a minute. */
export function relative(ms: number, nowMs: number): string {
  const d = ms - nowMs;
  const text = formatDuration(Math.abs(Math.round(d / 1000) * 1000));
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (!Number.isFinite(ms)) return '∞';
  return formatDuration(Math.max(0, ms));
}
