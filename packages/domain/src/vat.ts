import { validationError } from '@zakupai/errors';
import { parseIsoDate } from './calendar.ts';
import { D, HUNDRED, type Decimal } from './decimal.ts';
import { roundMoney } from './money.ts';
import { parseOneOf } from './procurement.ts';
import { VAT_CATEGORIES, VAT_RATE_TABLE, type VatCategory } from './vat-rates.ts';

export interface VatRate {
  /** Percent, e.g. 16. */
  rate: Decimal;
  basis: string;
}

/**
 * The VAT rate in force on `date` (YYYY-MM-DD) for `category` (default `general`).
 * Throws a validation ZakError on `date` when the date is malformed or impossible, and on `category` when the
 * category is unknown or has no rate on that date (the reduced rates start on 2026-01-01; before that, pass an
 * explicit rate).
 */
export function vatRateOn(date: string, category: VatCategory = 'general'): VatRate {
  parseIsoDate(date, 'date');
  parseOneOf(category, VAT_CATEGORIES, 'category');
  const row = VAT_RATE_TABLE.find(
    (r) => r.category === category && (r.from === null || r.from <= date) && (r.to === null || date <= r.to),
  );
  if (!row) {
    throw validationError(
      'category',
      `no VAT rate for category ${category} on ${date}; pass vat_rate explicitly`,
    );
  }
  return { rate: D(row.ratePct), basis: row.basis };
}

/** `gross` without VAT at `ratePct` percent: gross / (1 + rate/100), unrounded. */
export function netOfVat(gross: Decimal, ratePct: Decimal): Decimal {
  return D(gross).times(HUNDRED).dividedBy(HUNDRED.plus(ratePct));
}

/** The VAT contained in `gross`: gross · rate / (100 + rate), unrounded. */
export function vatInGross(gross: Decimal, ratePct: Decimal): Decimal {
  return D(gross).times(ratePct).dividedBy(HUNDRED.plus(ratePct));
}

/** `net` with VAT added: net · (1 + rate/100), unrounded. */
export function grossOfVat(net: Decimal, ratePct: Decimal): Decimal {
  return D(net).times(HUNDRED.plus(ratePct)).dividedBy(HUNDRED);
}

export interface VatSplit {
  base: Decimal;
  vat: Decimal;
  total: Decimal;
}

/**
 * Splits an amount into base, VAT and total, each rounded to 0.01 so that `base + vat == total` exactly.
 * - `includeVat` (the amount is the gross price): total = amount; vat = round(amount · r/(100+r)); base = total − vat.
 * - otherwise (the amount is the net price): base = amount; vat = round(base · r/100); total = base + vat.
 * The VAT is the rounded figure in both directions, as on an invoice; the other part is derived from it.
 */
export function splitVat(amount: Decimal, ratePct: Decimal, includeVat: boolean): VatSplit {
  if (includeVat) {
    const total = roundMoney(amount);
    const vat = roundMoney(vatInGross(amount, ratePct));
    return { base: total.minus(vat), vat, total };
  }
  const base = roundMoney(amount);
  const vat = roundMoney(base.times(ratePct).dividedBy(HUNDRED));
  return { base, vat, total: base.plus(vat) };
}

/**
 * Every rate `category` has on `date` or any later date, in table order, without repeats: what VAT can be on a
 * turnover known only to be no earlier than `date` (a contract signed on `date` whose delivery date is unknown).
 * Empty when the category has no rate from that date on.
 */
export function vatRatesOnOrAfter(date: string, category: VatCategory = 'general'): VatRate[] {
  parseIsoDate(date, 'date');
  parseOneOf(category, VAT_CATEGORIES, 'category');
  const out: VatRate[] = [];
  for (const r of VAT_RATE_TABLE) {
    if (r.category !== category || (r.to !== null && r.to < date)) continue;
    if (out.some((o) => o.rate.equals(r.ratePct))) continue;
    out.push({ rate: D(r.ratePct), basis: r.basis });
  }
  return out;
}
