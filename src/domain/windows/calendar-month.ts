// The calendar month holding an instant, in a client's IANA time zone, as UTC instants.

export interface MonthSpan {
  /** Local midnight of the 1st. */
  startMs: number;
  /** Local midnight of the 1st of the next month. */
  endMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at `ms`, read as if it were UTC. */
function wallClockAsUtc(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const at = (k: string) => p[k] ?? 0;
  return Date.UTC(at('year'), at('month') - 1, at('day'), at('hour'), at('minute'), at('second'));
}

/** The instant the zone's wall clock shows local midnight of year-month-01. */
function localMidnightOfFirst(year: number, monthIndex: number, timeZone: string): number {
  const wall = Date.UTC(year, monthIndex, 1);
  // Two rounds settle the offset unless a DST change falls within hours of midnight; a zone
  // without that midnight (clocks jump over it) starts at the first instant after the jump.
  let guess = wall - (wallClockAsUtc(wall, timeZone) - wall);
  guess = wall - (wallClockAsUtc(guess, timeZone) - guess);
  return guess;
}

export function calendarMonthOf(ms: number, timeZone: string): MonthSpan {
  const wall = new Date(wallClockAsUtc(ms, timeZone));
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth();
  return {
    startMs: localMidnightOfFirst(year, month, timeZone),
    endMs: localMidnightOfFirst(year, month + 1, timeZone),
  };
}
