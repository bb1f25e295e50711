// Ratios and rates are compared with decimals people wrote (99.9 %, 14.4x, 80 %); binary floating
// point turns 1.44 % errors at 99.9 % into 14.399999999999986x and 0.1 % into 0.9999999999999991x.

/** Exact powers of ten: every 10^k up to 10^22 is a double, so scaling by them adds no error. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Beyond 14 digits the scaled value's own rounding error nears a whole unit. */
const MAX_ARITHMETIC_DIGITS = 14;

/**
 * x rounded to `digits` significant digits (12 keeps every real measurement, drops float noise).
 * Equals `Number(x.toPrecision(digits))`, without its string round trip (17 % of a P3 tick).
 */
export function toSignificant(x: number, digits = 12): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  const limit = POW10[digits];
  if (limit === undefined || digits > MAX_ARITHMETIC_DIGITS) return viaString(x, digits);
  if (magnitude < limit && Number.isInteger(x)) return x;
  // Scaling errs by a few ulps of the scaled value; this margin is far wider than that.
  const margin = limit * 1e-15;
  // Math.log10 can land one off next to a power of ten: the mantissa check corrects it.
  let shift = digits - 1 - Math.floor(Math.log10(magnitude));
  for (let attempt = 0; attempt < 2; attempt++) {
    const scale = POW10[shift >= 0 ? shift : -shift];
    if (scale === undefined) break;
    const scaled = shift >= 0 ? magnitude * scale : magnitude / scale;
    if (scaled < limit / 10) {
      shift++;
      continue;
    }
    const mantissa = Math.round(scaled);
    // Near a midpoint, only the exact binary value decides the direction: ask the string.
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < margin) break;
    // One correctly rounded operation on exact operands: the double nearest the decimal, as
    // parsing the decimal would give.
    const rounded = shift >= 0 ? mantissa / scale : mantissa * scale;
    return x < 0 ? -rounded : rounded;
  }
  return viaString(x, digits);
}

function viaString(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
