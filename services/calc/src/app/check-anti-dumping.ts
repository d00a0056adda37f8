import { validationError } from '@zakupai/errors';
import {
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  ZERO,
  checkAntiDumping,
  contractSumOf,
  formatDecimal,
  formatMoney,
  parseMoney,
  parseOneOf,
  performanceSecurity,
} from '@zakupai/domain';
import type { CalcContext } from './calc-context.ts';
import { antiDumpingOutcome, type AntiDumpingOutcome } from './anti-dumping-outcome.ts';
import { optionalMoney } from './optional.ts';
import { resolveVatRate } from './resolve-vat-rate.ts';

/** Most offers accepted for an e-shop mean: a bound on work per request. */
export const MAX_OFFERS = 1000;

export interface AntiDumpingRequest {
  method: unknown;
  subject: unknown;
  reference_price?: unknown;
  bid_price: unknown;
  offers?: unknown;
  /** The turnover date that selects the VAT rate of the contract sum; default today in Asia/Almaty. */
  date?: unknown;
  /** The VAT category of the contract; default general. */
  category?: unknown;
  /** Whether the supplier pays VAT, so the contract sum includes it; default true, as /margin assumes. */
  vatPayer?: unknown;
}

export type AntiDumpingResponse = {
  threshold_pct: string | null;
  min_price: string | null;
  is_dumping: boolean;
  allowed: boolean;
  anti_dumping_sum: string;
  performance_security: string;
  performance_security_pct: string;
  /** The base of the performance security: the bid as the contract sum, with VAT for a VAT payer. */
  contractSum: string;
  /** The VAT rate in the contract sum; null for a supplier who does not pay VAT. */
  vatRate: string | null;
  reference_price: string | null;
  basis: string;
};

export interface AntiDumpingDeps {
  /** Called once per completed check, after it is stored. */
  onChecked: (outcome: AntiDumpingOutcome) => void;
}

/**
 * POST /anti-dumping: Rules 687 Chapter 5 against one bid (prices without VAT, as the allocated amount is); records
 * it. The performance security (Rules 687 p.542) is a share of the contract sum the bid becomes if it wins, and
 * the contract sum includes VAT for a VAT payer (App. 38/39/42 cl. 2.1): the bid plus VAT at the rate of `date`
 * (default today) and `category`, or the bid itself when `vatPayer` is false. /margin gives the same security for
 * the same bid.
 */
export async function checkBidForDumping(
  req: AntiDumpingRequest,
  ctx: CalcContext,
  deps: AntiDumpingDeps,
): Promise<AntiDumpingResponse> {
  const method = parseOneOf(req.method, PROCUREMENT_METHODS, 'method');
  const subject = parseOneOf(req.subject, PROCUREMENT_SUBJECTS, 'subject');
  const bidPrice = parseMoney(req.bid_price, 'bid_price');
  const referencePrice = optionalMoney(req.reference_price, 'reference_price');
  if (referencePrice === undefined && method !== 'eshop' && method !== 'auction') {
    throw validationError('reference_price', `reference_price is required for method ${method}`);
  }
  const offers = parseOffers(req.offers);
  if (method === 'eshop' && offers === undefined) {
    throw validationError(
      'offers',
      'offers is required for method eshop: the reference is the mean of all offers',
    );
  }
  const r = checkAntiDumping({
    method,
    subject,
    referencePrice: referencePrice ?? ZERO,
    bidPrice,
    ...(offers ? { offers } : {}),
  });
  if (req.vatPayer !== undefined && typeof req.vatPayer !== 'boolean') {
    throw validationError('vatPayer', 'vatPayer must be true or false');
  }
  const vatPayer = req.vatPayer ?? true;
  const rate = resolveVatRate({ date: req.date, category: req.category }, ctx.now);
  const contractSum = contractSumOf(bidPrice, vatPayer ? rate.rate : null);
  const security = performanceSecurity(method, contractSum);
  const out: AntiDumpingResponse = {
    threshold_pct: r.thresholdPct === null ? null : formatDecimal(r.thresholdPct),
    min_price: r.minPrice === null ? null : formatMoney(r.minPrice),
    is_dumping: r.isDumping,
    allowed: r.allowed,
    anti_dumping_sum: formatMoney(r.antiDumpingSum),
    performance_security: formatMoney(security.amount),
    performance_security_pct: formatDecimal(security.pct),
    contractSum: formatMoney(contractSum),
    vatRate: vatPayer ? formatDecimal(rate.rate) : null,
    reference_price: r.reference === null ? null : formatMoney(r.reference),
    basis: r.basis,
  };
  const inputs = {
    method,
    subject,
    reference_price: referencePrice ? formatMoney(referencePrice) : null,
    bid_price: formatMoney(bidPrice),
    offers: offers ? offers.map(formatMoney) : null,
    date: rate.date,
    category: rate.category,
    vatPayer,
  };
  await ctx.repo.save({
    kind: 'anti_dumping',
    inputs,
    outputs: out,
    requestId: ctx.requestId,
    createdAt: ctx.now(),
  });
  deps.onChecked(antiDumpingOutcome(r));
  return out;
}

function parseOffers(value: unknown) {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError('offers', 'offers must be an array of prices');
  if (value.length === 0) throw validationError('offers', 'offers must not be empty');
  if (value.length > MAX_OFFERS)
    throw validationError('offers', `offers must have at most ${MAX_OFFERS} prices`);
  return value.map((v, i) => parseMoney(v, `offers.${i}`));
}
