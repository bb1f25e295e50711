// Ratios and rates are compared with decimals people wrote (99.9 %, 14.4x, 80 %); binary floating
// point turns 1.44 % errors at 99.9 % into 14.399999999999986x and 0.1 % into 0.9999999999999991x.

/** x rounded to `digits` significant digits (12 keeps every real measurement, drops float noise). */
export function toSignificant(x: number, digits = 12): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}
