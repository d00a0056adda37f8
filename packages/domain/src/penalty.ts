import { validationError } from '@zakupai/errors';
import { D, type Decimal } from './decimal.ts';
import { roundMoney } from './money.ts';
import { percentOf } from './percent.ts';
import { PENALTY_TERMS, type ContractType, type PenaltyParty } from './penalty-caps.ts';

/** Longest delay accepted, in days (100 years): beyond it the input is a mistake, not a contract. */
export const MAX_DAYS_OVERDUE = 36_500;

export interface PenaltyInput {
  contractSum: Decimal;
  /** Whole calendar days of delay, 0 … MAX_DAYS_OVERDUE. */
  daysOverdue: number;
  contractType: ContractType;
  party: PenaltyParty;
  /** Supplier only: the part already performed; the daily rate then applies to the unperformed rest. */
  performedSum?: Decimal;
  /** Customer only: the payment that is late; defaults to the contract sum. */
  overdueAmount?: Decimal;
  /** Percent a day; defaults to the contract terms (0.1). */
  dailyRatePct?: Decimal;
  /** Cap as percent of the contract sum; defaults to the contract terms (see penalty-caps.ts). */
  capPct?: Decimal;
}

export interface PenaltyResult {
  /** min(base · rate · days, cap), rounded once to 0.01. Never negative, never above `cap`. */
  penalty: Decimal;
  /** True when the uncapped penalty exceeds the cap. */
  capped: boolean;
  /** The cap in money: contract sum · capPct, rounded to 0.01. */
  cap: Decimal;
  capPct: Decimal;
  dailyRatePct: Decimal;
  /** The sum the daily rate applies to. */
  base: Decimal;
  basis: string;
}

/**
 * Late-performance penalty (неустойка). The supplier pays the daily rate on the contract sum, or on the
 * unperformed part when `performedSum` is given; the customer pays it on the overdue amount. Both are capped
 * at a percent of the contract sum. Throws validation ZakErrors naming the snake_case field at fault.
 */
export function computePenalty(input: PenaltyInput): PenaltyResult {
  const { contractType, party, daysOverdue } = input;
  const terms = PENALTY_TERMS[party]?.[contractType];
  if (!terms) throw validationError('contract_type', `no penalty terms for ${party} / ${contractType}`);
  if (!Number.isSafeInteger(daysOverdue) || daysOverdue < 0 || daysOverdue > MAX_DAYS_OVERDUE) {
    throw validationError(
      'days_overdue',
      `days_overdue must be a whole number from 0 to ${MAX_DAYS_OVERDUE}`,
    );
  }
  const contractSum = D(input.contractSum);
  const base = penaltyBase(input, contractSum);
  const dailyRatePct = D(input.dailyRatePct ?? terms.dailyRatePct);
  const capPct = D(input.capPct ?? terms.capPct);

  const uncapped = percentOf(base, dailyRatePct).times(daysOverdue);
  const capExact = percentOf(contractSum, capPct);
  const capped = uncapped.greaterThan(capExact);
  const penalty = roundMoney(capped ? capExact : uncapped);

  const what =
    party === 'supplier'
      ? input.performedSum === undefined
        ? 'of the contract sum'
        : 'of the unperformed part'
      : 'of the overdue amount';
  const capSource = input.capPct === undefined ? terms.basis : 'cap set by cap_pct';
  const basis =
    `${party === 'supplier' ? 'Supplier delay' : 'Customer late payment'}: ${dailyRatePct.toString()}% a day ${what}, ` +
    `capped at ${capPct.toString()}% of the contract sum (${capSource})`;
  return { penalty, capped, cap: roundMoney(capExact), capPct, dailyRatePct, base, basis };
}

function penaltyBase(input: PenaltyInput, contractSum: Decimal): Decimal {
  if (input.party === 'supplier') {
    if (input.overdueAmount !== undefined) {
      throw validationError(
        'overdue_amount',
        'overdue_amount applies to party customer; use performed_sum for a supplier',
      );
    }
    if (input.performedSum === undefined) return contractSum;
    const performed = D(input.performedSum);
    if (performed.greaterThan(contractSum)) {
      throw validationError('performed_sum', 'performed_sum must not exceed contract_sum');
    }
    return contractSum.minus(performed);
  }
  if (input.performedSum !== undefined) {
    throw validationError(
      'performed_sum',
      'performed_sum applies to party supplier; use overdue_amount for a customer',
    );
  }
  if (input.overdueAmount === undefined) return contractSum;
  const overdue = D(input.overdueAmount);
  if (overdue.greaterThan(contractSum))
    throw validationError('overdue_amount', 'overdue_amount must not exceed contract_sum');
  return overdue;
}
