import { validationError } from '@zakupai/errors';
import { dumpingRuleFor, type DumpingRule } from './anti-dumping-rules.ts';
import { D, HUNDRED, ZERO, type Decimal } from './decimal.ts';
import { ceilMoney, roundMoney } from './money.ts';
import {
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  parseOneOf,
  type ProcurementMethod,
  type ProcurementSubject,
} from './procurement.ts';

export interface AntiDumpingInput {
  method: ProcurementMethod;
  subject: ProcurementSubject;
  /** Allocated or estimate price, without VAT. Ignored for `eshop`, whose reference is the mean of `offers`. */
  referencePrice: Decimal;
  /** The bid, without VAT, so that it compares like with like. */
  bidPrice: Decimal;
  /**
   * E-shop only: the offers the mean is taken over (the bid's own included). Per p.99 the caller leaves out offers
   * above the annual-plan price and offers of suppliers barred under Law Art. 7.
   */
  offers?: readonly Decimal[];
}

export interface AntiDumpingResult {
  /** Percent below the reference that makes a bid dumping; null for an auction. */
  thresholdPct: Decimal | null;
  /** The lowest price in tiyn that is not dumping: ceil₀.₀₁(reference · (1 − threshold/100)); null for an auction. */
  minPrice: Decimal | null;
  isDumping: boolean;
  /** False only when the bid is dumping and the Rules forbid a dumping bid for this method and subject. */
  allowed: boolean;
  /**
   * max(0, minPrice − bidPrice), rounded to 0.01: the sum to post on top of the performance security when a dumping
   * bid is allowed (p.95, p.98). When `allowed` is false the bid is rejected and the sum only measures the gap.
   */
  antiDumpingSum: Decimal;
  basis: string;
  /** The reference actually used (the mean of offers for the e-shop), unrounded; null for an auction. */
  reference: Decimal | null;
  rule: DumpingRule;
}

/**
 * Checks a bid against Rules 687 Chapter 5. Throws a validation ZakError on `method` or `subject` when unknown, and
 * on `offers` when an e-shop check has no offers.
 */
export function checkAntiDumping(input: AntiDumpingInput): AntiDumpingResult {
  const method = parseOneOf(input.method, PROCUREMENT_METHODS, 'method');
  const subject = parseOneOf(input.subject, PROCUREMENT_SUBJECTS, 'subject');
  const rule = dumpingRuleFor(method, subject);
  if (!rule) throw validationError('method', `no dumping rule for ${method}`);
  const bid = D(input.bidPrice);

  if (rule.thresholdPct === null) {
    return {
      thresholdPct: null,
      minPrice: null,
      isDumping: false,
      allowed: true,
      antiDumpingSum: ZERO,
      basis: rule.basis,
      reference: null,
      rule,
    };
  }

  const reference = method === 'eshop' ? meanOfOffers(input.offers) : D(input.referencePrice);
  const thresholdPct = D(rule.thresholdPct);
  // Ceiling, not half-up: a bid in tiyn is dumping exactly when it is below this figure.
  const minPrice = ceilMoney(reference.times(HUNDRED.minus(thresholdPct)).dividedBy(HUNDRED));
  const isDumping = bid.lessThan(minPrice);
  const antiDumpingSum = roundMoney(maxOf(ZERO, minPrice.minus(bid)));
  return {
    thresholdPct,
    minPrice,
    isDumping,
    allowed: !isDumping || rule.dumpingAllowed,
    antiDumpingSum,
    basis: rule.basis,
    reference,
    rule,
  };
}

function meanOfOffers(offers: readonly Decimal[] | undefined): Decimal {
  if (!offers || offers.length === 0) {
    throw validationError(
      'offers',
      'offers is required for method eshop: the reference is the mean of all offers',
    );
  }
  return offers.reduce<Decimal>((sum, o) => sum.plus(o), ZERO).dividedBy(offers.length);
}

function maxOf(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}
