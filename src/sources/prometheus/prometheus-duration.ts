// Prometheus durations for range selectors and rule names. Days are the largest unit so windows
// read as Sloth writes them ("30d", not "4w2d"), and "1h30m" needs Prometheus 2.26 or later.

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 24 * 60 * 60 * 1000],
  ['h', 60 * 60 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

/** Exact text of a positive whole number of milliseconds, e.g. 300_000 → "5m", 5_400_000 → "1h30m". */
export function formatPrometheusDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new RangeError(`a Prometheus duration needs a positive whole number of ms, got ${ms}`);
  }
  let rest = ms;
  let text = '';
  for (const [unit, unitMs] of UNITS) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * unitMs;
  }
  return text;
}
