/**
 * Kazakhstan VAT rates by turnover date, as data. The rate is the one in force on the turnover date, even for a
 * contract signed earlier (State Revenue Committee answer, see shared/research/domain.md §3).
 * `from` and `to` are inclusive ISO dates; null means open-ended. Rows of one category never overlap.
 */
export const VAT_CATEGORIES = ['general', 'medical', 'periodicals', 'exempt'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

export interface VatRatePeriod {
  category: VatCategory;
  from: string | null;
  to: string | null;
  /** Percent, as an exact decimal string. */
  ratePct: string;
  basis: string;
}

const OLD_CODE = 'Tax Code of RK No. 120-VI of 25.12.2017';
const NEW_CODE = 'Tax Code of RK No. 214-VIII of 18.07.2025';

export const VAT_RATE_TABLE: readonly VatRatePeriod[] = [
  {
    category: 'general',
    from: null,
    to: '2025-12-31',
    ratePct: '12',
    basis: `${OLD_CODE}: 12% until 31.12.2025`,
  },
  {
    category: 'general',
    from: '2026-01-01',
    to: null,
    ratePct: '16',
    basis: `${NEW_CODE}: 16% from 01.01.2026`,
  },
  {
    category: 'medical',
    from: '2026-01-01',
    to: '2026-12-31',
    ratePct: '5',
    basis: `${NEW_CODE}: reduced 5% for medicines, medical devices and medical services in 2026`,
  },
  {
    category: 'medical',
    from: '2027-01-01',
    to: null,
    ratePct: '10',
    basis: `${NEW_CODE}: reduced 10% for medicines, medical devices and medical services from 01.01.2027`,
  },
  {
    category: 'periodicals',
    from: '2026-01-01',
    to: null,
    ratePct: '10',
    basis: `${NEW_CODE}: reduced 10% for periodicals`,
  },
  {
    category: 'exempt',
    from: null,
    to: null,
    ratePct: '0',
    basis: 'VAT-exempt turnover under the Tax Code in force',
  },
];
