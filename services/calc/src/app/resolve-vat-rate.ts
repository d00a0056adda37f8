import {
  VAT_CATEGORIES,
  almatyDate,
  parseIsoDate,
  parseOneOf,
  parsePercent,
  vatRateOn,
  type Decimal,
  type VatCategory,
} from '@zakupai/domain';

export interface VatRateQuery {
  date?: unknown;
  category?: unknown;
  vat_rate?: unknown;
}

export interface ResolvedVatRate {
  rate: Decimal;
  basis: string;
  /** The turnover date used: the given one, or today in Asia/Almaty. */
  date: string;
  category: VatCategory;
}

/**
 * The rate for a calculation: `vat_rate` when the caller gives one (0–100%), otherwise the dated table for
 * `category` (default general) on `date` (default today in Asia/Almaty).
 */
export function resolveVatRate(q: VatRateQuery, now: () => Date): ResolvedVatRate {
  const date = q.date === undefined ? almatyDate(now()) : parseIsoDate(q.date, 'date');
  const category = q.category === undefined ? 'general' : parseOneOf(q.category, VAT_CATEGORIES, 'category');
  if (q.vat_rate !== undefined) {
    return {
      rate: parsePercent(q.vat_rate, 'vat_rate'),
      basis: 'vat_rate given by the caller',
      date,
      category,
    };
  }
  const { rate, basis } = vatRateOn(date, category);
  return { rate, basis, date, category };
}
