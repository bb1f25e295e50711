// Human durations in config files ("30s", "5m", "1h30m", "30d") to and from milliseconds.

const UNIT_MS = {
  w: 7 * 24 * 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  h: 60 * 60 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
} as const;

type Unit = keyof typeof UNIT_MS;

/** Largest unit first; "1h30m" and "90m" both format as "1h30m". */
const UNITS_DESCENDING: Unit[] = ['w', 'd', 'h', 'm', 's', 'ms'];

const WHOLE = /^(?:\d+(?:w|d|h|m|s|ms))+$/;
const PART = /(\d+)(ms|w|d|h|m|s)/g;

export const DURATION_EXPECTED = 'a duration such as "30s", "5m", "1h30m" or "30d"';

/** Milliseconds, or undefined when the text is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let totalMs = 0;
  let previousRank = -1;
  for (const match of trimmed.matchAll(PART)) {
    const unit = match[2] as Unit;
    const rank = UNITS_DESCENDING.indexOf(unit);
    // "5m1h" or "1h1h" is almost certainly a typo, not a sum the author meant.
    if (rank <= previousRank) return undefined;
    previousRank = rank;
    totalMs += Number(match[1]) * UNIT_MS[unit];
  }
  return totalMs > 0 && Number.isSafeInteger(totalMs) ? totalMs : undefined;
}

/** Shortest exact text for a positive whole number of milliseconds, e.g. 5_400_000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new RangeError(`formatDuration needs a positive whole number of ms, got ${ms}`);
  }
  let rest = ms;
  let text = '';
  // Never weeks: "28d" and "30d" are how SLO periods are usually written.
  for (const unit of UNITS_DESCENDING) {
    if (unit === 'w') continue;
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * UNIT_MS[unit];
    }
  }
  return text;
}
