import Fraction from 'fraction.js';
import { D, Decimal } from '@zakupai/domain';

/**
 * Exact rational arithmetic for the indicators (fraction.js, BigInt-backed). Cardinal computes in binary floats;
 * here ratios, quartiles and fences are exact, so a value exactly at a fence is at the fence, not one ulp away.
 */
export { Fraction };

const ZERO = new Fraction(0);

export function fraction(n: number | bigint, d: number | bigint = 1): Fraction {
  return new Fraction(n, d);
}

/** A JSON number as the exact decimal it was written as (`1160000.57` is 116000057/100, not the nearest double). */
export function fromJsonNumber(value: number): Fraction {
  return new Fraction(D(value).toString());
}

/** A decimal string from settings (`0.05`, `5e-2`), exactly. */
export function fromDecimalText(text: string): Fraction {
  return new Fraction(D(text).toString());
}

export function isPositive(value: Fraction | null | undefined): boolean {
  return value !== null && value !== undefined && value.gt(ZERO);
}

export function toDecimal(value: Fraction): Decimal {
  return D((value.s * value.n).toString()).dividedBy(D(value.d.toString()));
}

/** For reading: the exact decimal when it terminates, otherwise rounded half up to `places`. */
export function decimalText(value: Fraction, places = 6): string {
  let d = value.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  const exact = toDecimal(value);
  return (d === 1n ? exact : exact.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)).toString();
}

/** The nearest double, as Cardinal prints its f64 results. */
export function toJsonNumber(value: Fraction): number {
  return Number(toDecimal(value).toString());
}

/** Cardinal's `Meta` rounding: `(v * 10000).round() / 10000`, half away from zero. */
export function roundMeta(value: Fraction): number {
  return Number(toDecimal(value).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString());
}
