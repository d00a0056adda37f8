import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one Decimal configuration for all money code. Use it (`new Decimal(x)` or `D(x)`) instead of the
 * bare `decimal.js` export, whose default precision is 20 digits.
 * - precision 50 significant digits: a 10^15 amount with 2 decimals needs 17, divisions by (1 + rate) need more;
 * - ROUND_HALF_UP (half away from zero), used only by the final rounding (`roundMoney`);
 * - no exponent notation in `toString()`, so formatting never prints `1e+21`.
 */
export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Decimal = DecimalJs;

/** Shorthand: `D('1234.50')`. Also re-homes a Decimal made by another configuration into this one. */
export function D(value: DecimalJs.Value): Decimal {
  return new Decimal(value);
}

export const ZERO = D(0);
export const HUNDRED = D(100);
