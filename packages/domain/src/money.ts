import { validationError } from '@zakupai/errors';
import { D, Decimal, ZERO } from './decimal.ts';

/** The largest money amount accepted anywhere: 10^15 KZT. */
export const MONEY_MAX = D('1e15');
/** Money has at most 2 decimal places (tiyn). */
export const MONEY_DECIMALS = 2;

const DECIMAL_STRING = /^[+-]?\d{1,40}(\.\d{1,40})?$/;

/**
 * Reads a number or a plain decimal string (`"1234.50"`, no exponent, no separators) into a Decimal.
 * Numbers go through their shortest round-trip text (0.1 → "0.1"), so a JSON number is taken as written.
 * Throws a validation ZakError naming `field`.
 */
export function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw validationError(field, `${field} must be a finite number`);
    return normalizeZero(D(value));
  }
  if (typeof value === 'string') {
    if (!DECIMAL_STRING.test(value))
      throw validationError(field, `${field} must be a decimal number such as "1234.50"`);
    return normalizeZero(D(value));
  }
  throw validationError(field, `${field} must be a number or a decimal string`);
}

/** A money input: finite, not negative, at most 10^15, at most 2 decimal places ("1.50" and "1.500" are both 1.5). */
export function parseMoney(value: unknown, field: string): Decimal {
  const d = parseDecimal(value, field);
  if (d.isNegative()) throw validationError(field, `${field} must not be negative`);
  if (d.greaterThan(MONEY_MAX)) throw validationError(field, `${field} must not exceed 10^15`);
  if (d.decimalPlaces() > MONEY_DECIMALS) {
    throw validationError(field, `${field} must have at most ${MONEY_DECIMALS} decimal places`);
  }
  return d;
}

/** Rounds to 0.01 half up (half away from zero). Apply once, to a final result. */
export function roundMoney(d: Decimal): Decimal {
  return normalizeZero(D(d).toDecimalPlaces(MONEY_DECIMALS, Decimal.ROUND_HALF_UP));
}

/** Rounds up to the next 0.01: for "the lowest price that still satisfies a bound". */
export function ceilMoney(d: Decimal): Decimal {
  return normalizeZero(D(d).toDecimalPlaces(MONEY_DECIMALS, Decimal.ROUND_CEIL));
}

/** Rounds (once, half up) and prints exactly two decimals: `1234.5` → `"1234.50"`. */
export function formatMoney(d: Decimal): string {
  return padDecimals(roundMoney(d).toString(), MONEY_DECIMALS);
}

/** Prints a rate or other exact decimal as it is, without trailing zeros: `16` → `"16"`, `0.10` → `"0.1"`. */
export function formatDecimal(d: Decimal): string {
  return normalizeZero(D(d)).toString();
}

function padDecimals(text: string, places: number): string {
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(places, '0')}`;
}

function normalizeZero(d: Decimal): Decimal {
  return d.isZero() ? ZERO : d;
}
