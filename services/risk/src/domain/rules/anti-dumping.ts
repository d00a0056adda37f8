import {
  checkAntiDumping,
  D,
  dumpingRuleFor,
  formatDecimal,
  formatMoney,
  isProcurementMethod,
  netOfVat,
  roundMoney,
  VAT_CATEGORIES,
  VAT_RATE_TABLE,
  vatRateOn,
  vatRatesOnOrAfter,
  type Decimal,
  type DumpingRule,
  type ProcurementMethod,
  type ProcurementSubject,
  type VatCategory,
} from '@zakupai/domain';
import { isZakError } from '@zakupai/errors';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { Award, Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { underEvery, type Case } from '../under-every.ts';

type Cfg = RuleConfigOf<'anti_dumping'>;

/**
 * The awarded price below the legal dumping threshold for its method and subject (the shared rule module of
 * `@zakupai/domain`, the one calc uses). Allocated amounts exclude VAT, so a price that includes VAT is netted
 * at the rate in force on the turnover date (the delivery date) before the comparison. A dumping price the Rules
 * allow against an anti-dumping sum is flagged at `allowedSeverity`; one they forbid, at full severity.
 *
 * Unknown is not absent: the subject, the VAT category and the turnover date may be unknown. The check then runs
 * under every subject the lot may be and every VAT rate the price may carry (a turnover date unknown is no earlier
 * than the signing date), and flags only what holds under all of them, at the least severity. Prices fixed
 * before Rules 687 took effect are not judged: the dumping rules of Rules 648 are not modelled.
 */
export function antiDumping(lot: Lot, _ctx: LotContext, cfg: Cfg): RuleFinding {
  if (lot.award === undefined) return { status: 'not_applicable', reason: 'the award is unknown' };
  if (lot.award === null) return { status: 'not_applicable', reason: 'the lot has no awarded price' };
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const method = lot.method;
  if (!isProcurementMethod(method)) {
    return { status: 'not_applicable', reason: `no dumping rule for method ${method}` };
  }
  const award = lot.award;
  if (award.date < cfg.lawInForceFrom) {
    return {
      status: 'not_applicable',
      reason: `the price was fixed on ${award.date}, before Rules 687 Chapter 5 took effect on ${cfg.lawInForceFrom}; the dumping rules of Rules 648 are not modelled`,
    };
  }
  if (method === 'eshop' && lot.offers === undefined) {
    return {
      status: 'not_applicable',
      reason: 'the e-shop offers, whose mean is its reference, are unknown',
    };
  }
  if (method === 'eshop' && (lot.offers === null || lot.offers?.length === 0)) {
    return {
      status: 'not_applicable',
      reason: 'an e-shop check needs the offers, whose mean is its reference',
    };
  }
  const rates = award.priceIncludesVat ? ratesOf(award) : [{ label: 'no VAT in the price', pct: null }];
  if (typeof rates === 'string') return { status: 'not_applicable', reason: rates };

  // Subjects that share a dumping row share the outcome: judge each row once.
  const rows = new Map<DumpingRule, ProcurementSubject[]>();
  for (const s of lot.subjects) {
    const row = dumpingRuleFor(method, s);
    if (!row) return { status: 'not_applicable', reason: `no dumping rule for ${method}, ${s}` };
    rows.set(row, [...(rows.get(row) ?? []), s]);
  }
  const cases: Case[] = [];
  for (const [, subjects] of rows) {
    for (const rate of rates) {
      const finding = judge(lot, award, method, subjects, rate.pct, cfg);
      const who = rows.size > 1 || lot.subjects.length > 1 ? `subject ${subjects.join('/')}` : '';
      cases.push({ assumed: [who, rates.length > 1 ? rate.label : ''].filter(Boolean).join(', '), finding });
    }
  }
  const unknown = [
    lot.subjects.length > 1 ? 'subject' : '',
    rates.length > 1 ? 'VAT rate on the turnover date' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return underEvery(cases, unknown);
}

/**
 * The VAT rates the price may carry, or why none can be told. A reduced category has no rate before its reduced
 * rate exists (medical and periodicals from 2026): a price with VAT in it then carries the general rate, since an
 * exempt turnover carries no VAT.
 */
function ratesOf(award: Award): Array<{ label: string; pct: Decimal }> | string {
  // A price that includes VAT is not VAT-exempt, so an unknown category is one of those with a rate.
  const categories: readonly VatCategory[] =
    award.vatCategory === undefined
      ? VAT_CATEGORIES.filter((c) => c !== 'exempt')
      : [award.vatCategory ?? 'general'];
  const out: Array<{ label: string; pct: Decimal }> = [];
  const add = (pct: Decimal) => {
    if (!out.some((o) => o.pct.equals(pct))) out.push({ label: `VAT ${formatDecimal(pct)}%`, pct });
  };
  for (const category of categories) {
    try {
      if (award.turnoverDate !== undefined) add(rateOn(award.turnoverDate, category));
      else for (const pct of ratesOnOrAfter(award.date, category)) add(pct);
    } catch (e) {
      if (!isZakError(e)) throw e;
      return `no VAT rate to net the price out: ${e.message}`;
    }
  }
  if (out.length === 0) return `no VAT rate to net the price out on ${award.turnoverDate ?? award.date}`;
  return out;
}

/** The rate of a category on a date; the general rate while the category has no reduced rate of its own yet. */
function rateOn(date: string, category: VatCategory): Decimal {
  const own = VAT_RATE_TABLE.find(
    (r) => r.category === category && (r.from === null || r.from <= date) && (r.to === null || date <= r.to),
  );
  return own ? D(own.ratePct) : vatRateOn(date, 'general').rate;
}

/** Every rate of a category on `date` or later, the general ones included for the time before its own start. */
function ratesOnOrAfter(date: string, category: VatCategory): Decimal[] {
  const own = vatRatesOnOrAfter(date, category).map((r) => r.rate);
  const starts = VAT_RATE_TABLE.filter((r) => r.category === category).map((r) => r.from);
  const first = starts.includes(null) ? null : starts.filter((f): f is string => f !== null).sort()[0];
  if (first === null || first === undefined || first <= date) return own;
  const before = VAT_RATE_TABLE.filter(
    (r) => r.category === 'general' && (r.to === null || r.to >= date) && (r.from === null || r.from < first),
  ).map((r) => D(r.ratePct));
  return [...before, ...own];
}

function judge(
  lot: Lot,
  award: Award,
  method: ProcurementMethod,
  subjects: readonly ProcurementSubject[],
  vatRatePct: Decimal | null,
  cfg: Cfg,
): RuleFinding {
  const netPrice = vatRatePct === null ? award.price : roundMoney(netOfVat(award.price, vatRatePct));
  const check = checkAntiDumping({
    method,
    subject: subjects[0]!,
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
    vatRatePct: vatRatePct === null ? null : formatDecimal(vatRatePct),
    turnoverDate: award.turnoverDate ?? null,
    netPrice: formatMoney(netPrice),
    antiDumpingSum: formatMoney(check.antiDumpingSum),
    subjects: [...subjects],
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
  const params = {
    netPrice: formatMoney(netPrice),
    minPrice: formatMoney(check.minPrice),
    thresholdPct: formatDecimal(check.thresholdPct),
  };
  return {
    status: 'flagged',
    severity: check.allowed ? cfg.allowedSeverity : D(1),
    evidence,
    threshold,
    reason: check.allowed
      ? `net price ${params.netPrice} is below the minimum ${params.minPrice}; allowed only with an anti-dumping sum of ${formatMoney(check.antiDumpingSum)}`
      : `net price ${params.netPrice} is below the minimum ${params.minPrice}, and dumping is not allowed here`,
    explain: check.allowed
      ? explain('anti_dumping', 'dumping_allowed', {
          ...params,
          antiDumpingSum: formatMoney(check.antiDumpingSum),
        })
      : explain('anti_dumping', 'dumping_forbidden', params),
  };
}
