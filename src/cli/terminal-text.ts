// Small pieces of terminal output: instants (UTC, like the notices), times relative to now,
// and aligned tables.

import { formatDuration } from '../domain/describe-reason.js';

/** "2026-11-02 09:03:20Z": UTC, as the notices write their times. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** "in 12m", "3m ago" or "now". */
export function relativeTo(ms: number, nowMs: number): string {
  const diff = ms - nowMs;
  if (Math.abs(diff) < 1000) return 'now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

/** "2026-11-02 09:03:20Z (3m ago)". */
export const instantAndRelative = (ms: number, nowMs: number): string =>
  `${formatInstant(ms)} (${relativeTo(ms, nowMs)})`;

/** Columns padded to their widest cell; the last column is not padded. */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
