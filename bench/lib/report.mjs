// Small statistics and the one-JSON-object-per-benchmark output.

import process from 'node:process';

export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value, digits = 3) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Progress for humans goes to stderr; stdout carries only the result. */
export function log(message) {
  process.stderr.write(`[${process.argv[1]?.split('/').pop()}] ${message}\n`);
}

export function emit(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
