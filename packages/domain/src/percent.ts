import { validationError } from '@zakupai/errors';
import { HUNDRED, type Decimal } from './decimal.ts';
import { parseDecimal } from './money.ts';

export interface PercentBounds {
  /** Inclusive upper bound, in percent (default 100). */
  max?: number;
  /** Most decimal places accepted (default 4, so 0.0125% is fine). */
  maxDecimals?: number;
}

/** A percentage input such as `"16"` or `0.1` (percent, not a fraction): 0 ≤ p ≤ max. */
export function parsePercent(value: unknown, field: string, bounds: PercentBounds = {}): Decimal {
  const max = bounds.max ?? 100;
  const maxDecimals = bounds.maxDecimals ?? 4;
  const d = parseDecimal(value, field);
  if (d.isNegative()) throw validationError(field, `${field} must not be negative`);
  if (d.greaterThan(max)) throw validationError(field, `${field} must not exceed ${max}`);
  if (d.decimalPlaces() > maxDecimals)
    throw validationError(field, `${field} must have at most ${maxDecimals} decimal places`);
  return d;
}

/** `pct` percent of `amount`, unrounded. */
export function percentOf(amount: Decimal, pct: Decimal): Decimal {
  return amount.times(pct).dividedBy(HUNDRED);
}
