/**
 * Default penalty (неустойка) terms by party and contract type, as data. Percent values are exact decimal strings.
 *
 * Verified: the standard services contract, Rules 687 App. 42 (same in App. 43, social order):
 *  - cl. 7.3 supplier delay: 0.1% a day of the contract sum, or of the unperformed part, capped at 15% of the sum;
 *  - cl. 7.2 customer late payment: 0.1% a day of the overdue amount, capped at 10% of the contract sum.
 * Not verified: the goods (App. 38) and works (App. 39–41) standard contracts, whose penalty clauses could not be
 * read (shared/research/domain.md §4). Their defaults repeat App. 42 — for the supplier that is the larger of the
 * two caps seen in practice (10% and 15%), so a bidder's exposure is not understated. `cap_pct` overrides the cap
 * when the signed contract says otherwise.
 */
export const CONTRACT_TYPES = ['goods', 'works', 'services'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const PENALTY_PARTIES = ['supplier', 'customer'] as const;
export type PenaltyParty = (typeof PENALTY_PARTIES)[number];

export interface PenaltyTerms {
  dailyRatePct: string;
  capPct: string;
  basis: string;
  /** True when the figures come from a verified legal text, false for a documented default. */
  verified: boolean;
}

const UNVERIFIED = (app: string) =>
  `default: the ${app} penalty clause was not verified, Rules 687 App. 42 terms applied; override with cap_pct`;

export const PENALTY_TERMS: Readonly<Record<PenaltyParty, Readonly<Record<ContractType, PenaltyTerms>>>> = {
  supplier: {
    services: { dailyRatePct: '0.1', capPct: '15', verified: true, basis: 'Rules 687 App. 42 cl. 7.3' },
    goods: { dailyRatePct: '0.1', capPct: '15', verified: false, basis: UNVERIFIED('App. 38 (goods)') },
    works: { dailyRatePct: '0.1', capPct: '15', verified: false, basis: UNVERIFIED('App. 39 (works)') },
  },
  customer: {
    services: { dailyRatePct: '0.1', capPct: '10', verified: true, basis: 'Rules 687 App. 42 cl. 7.2' },
    goods: { dailyRatePct: '0.1', capPct: '10', verified: false, basis: UNVERIFIED('App. 38 (goods)') },
    works: { dailyRatePct: '0.1', capPct: '10', verified: false, basis: UNVERIFIED('App. 39 (works)') },
  },
};
