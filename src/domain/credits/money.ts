// Money in integer minor units. Every currency is assumed to have 2 decimals (cents): ISO 4217
// exponents (JPY 0, BHD 3) are not modelled. Amounts are computed as exact fractions and rounded
// once, half up, to a whole minor unit.

export const MINOR_UNITS_PER_MAJOR = 100;

/** A decimal number exactly as written (shortest round-trip form): 19.995 → 19995 / 1000. */
export function exactDecimal(x: number): { numerator: bigint; denominator: bigint } {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const text = String(Math.abs(x)).toLowerCase();
  const [mantissa = '0', exponentText = '0'] = text.split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const exponent = Number(exponentText) - fraction.length;
  const digits = BigInt(whole + fraction) * (x < 0 ? -1n : 1n);
  return exponent >= 0
    ? { numerator: digits * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-exponent) };
}

/** numerator / denominator rounded half up; both ≥ 0, denominator > 0. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** A contract's major-unit amount in minor units, half up: 19.995 → 2000. */
export function toMinorUnits(amount: number): number {
  const { numerator, denominator } = exactDecimal(amount);
  return Number(roundHalfUp(numerator * BigInt(MINOR_UNITS_PER_MAJOR), denominator));
}

/** feeMinor × percent / 100 × shareNumerator / shareDenominator, rounded half up. */
export function shareOfFee(
  feeMinor: number,
  percent: number,
  shareNumerator: number,
  shareDenominator: number,
): number {
  const p = exactDecimal(percent);
  return Number(
    roundHalfUp(
      BigInt(feeMinor) * p.numerator * BigInt(shareNumerator),
      100n * p.denominator * BigInt(shareDenominator),
    ),
  );
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "EUR 2,000.00" */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / MINOR_UNITS_PER_MAJOR);
  const cents = String(abs % MINOR_UNITS_PER_MAJOR).padStart(2, '0');
  return `${currency} ${sign}${groupThousands(String(major))}.${cents}`;
}

/** "43,080" */
export const formatCount = (n: number): string => groupThousands(String(n));
