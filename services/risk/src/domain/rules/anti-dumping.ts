import {
  checkAntiDumping,
  D,
  formatDecimal,
  formatMoney,
  isProcurementMethod,
  netOfVat,
  roundMoney,
  vatRateOn,
} from '@zakupai/domain';
import { isZakError } from '@zakupai/errors';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/**
 * The awarded price below the legal dumping threshold for its method and subject (the shared rule module of
 * `@zakupai/domain`, the one calc uses). Allocated amounts exclude VAT, so a price that includes VAT is netted
 * at the rate in force on the award date before the comparison. A dumping price the Rules allow against an
 * anti-dumping sum is flagged at `allowedSeverity`; one they forbid, at full severity.
 */
export function antiDumping(lot: Lot, _ctx: LotContext, cfg: RuleConfigOf<'anti_dumping'>): RuleFinding {
  if (!lot.award) return { status: 'not_applicable', reason: 'the lot has no awarded price' };
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  if (!isProcurementMethod(lot.method)) {
    return { status: 'not_applicable', reason: `no dumping rule for method ${lot.method}` };
  }
  if (lot.method === 'eshop' && (lot.offers === null || lot.offers.length === 0)) {
    return {
      status: 'not_applicable',
      reason: 'an e-shop check needs the offers, whose mean is its reference',
    };
  }
  const { award } = lot;
  let netPrice = award.price;
  let vatRatePct: string | null = null;
  if (award.priceIncludesVat) {
    let rate;
    try {
      rate = vatRateOn(award.date, award.vatCategory ?? 'general');
    } catch (e) {
      if (!isZakError(e)) throw e;
      return { status: 'not_applicable', reason: `no VAT rate to net the price out: ${e.message}` };
    }
    vatRatePct = formatDecimal(rate.rate);
    netPrice = roundMoney(netOfVat(award.price, rate.rate));
  }
  const check = checkAntiDumping({
    method: lot.method,
    subject: lot.subject,
    referencePrice: lot.allocatedAmount,
    bidPrice: netPrice,
    ...(lot.offers ? { offers: lot.offers } : {}),
  });
  if (check.thresholdPct === null || check.minPrice === null) {
    return { status: 'not_applicable', reason: check.basis };
  }
  const evidence = {
    allocatedAmount: formatMoney(lot.allocatedAmount),
    reference: check.reference === null ? null : formatMoney(check.reference),
    price: formatMoney(award.price),
    priceIncludesVat: award.priceIncludesVat,
    vatRatePct,
    netPrice: formatMoney(netPrice),
    antiDumpingSum: formatMoney(check.antiDumpingSum),
  };
  const threshold = {
    thresholdPct: formatDecimal(check.thresholdPct),
    minPrice: formatMoney(check.minPrice),
    dumpingAllowedWithSum: check.allowed,
    rule: check.basis,
  };
  if (!check.isDumping) {
    return { status: 'clear', evidence, threshold, reason: 'price at or above the dumping threshold' };
  }
  return {
    status: 'flagged',
    severity: check.allowed ? cfg.allowedSeverity : D(1),
    evidence,
    threshold,
    reason: check.allowed
      ? `net price ${formatMoney(netPrice)} is below the minimum ${formatMoney(check.minPrice)}; allowed only with an anti-dumping sum of ${formatMoney(check.antiDumpingSum)}`
      : `net price ${formatMoney(netPrice)} is below the minimum ${formatMoney(check.minPrice)}, and dumping is not allowed here`,
  };
}
