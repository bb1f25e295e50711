// Wall-clock time in an IANA time zone, from Intl alone: the local date and minute of an instant,
// and the instant of a local date and minute, across DST changes.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallTime {
  /** Days since 1970-01-01 of the local calendar date. */
  epochDay: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  minuteOfDay: number;
}

/** The instant's local wall time read as if it were UTC, in ms. */
function wallAsUtcMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const offsetMs = (ms: number, timeZone: string): number =>
  wallAsUtcMs(Math.floor(ms / 1000) * 1000, timeZone) - Math.floor(ms / 1000) * 1000;

export function wallTimeAt(ms: number, timeZone: string): WallTime {
  const wall = wallAsUtcMs(ms, timeZone);
  const epochDay = Math.floor(wall / DAY_MS);
  return {
    epochDay,
    // 1970-01-01 was a Thursday.
    weekday: (((epochDay + 4) % 7) + 7) % 7,
    minuteOfDay: Math.floor((wall - epochDay * DAY_MS) / 60_000),
  };
}

/**
 * The instant a local date and minute occur. When the clock goes back and the minute occurs
 * twice, the first; when it goes forward over it, the instant just after the gap (local time
 * shifted by the gap, as Temporal's "compatible" disambiguation does).
 */
export function instantOf(epochDay: number, minuteOfDay: number, timeZone: string): number {
  const wall = epochDay * DAY_MS + minuteOfDay * 60_000;
  // Offsets 12 h either side cover any single transition near this wall time.
  const before = wall - offsetMs(wall - DAY_MS / 2, timeZone);
  const after = wall - offsetMs(wall + DAY_MS / 2, timeZone);
  const valid = [before, after].filter((ms) => wallAsUtcMs(ms, timeZone) === wall);
  return valid.length > 0 ? Math.min(...valid) : before;
}
