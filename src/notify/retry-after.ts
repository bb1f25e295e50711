// Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).

const DELAY_SECONDS = /^\s*(\d{1,10})\s*$/;
// All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) begin with a day name.
const HTTP_DATE = /^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds?.[1] !== undefined) return Number(seconds[1]) * 1000;
  const dateMs = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
