import { validationError } from '@zakupai/errors';
import {
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  ZERO,
  checkAntiDumping,
  formatDecimal,
  formatMoney,
  parseMoney,
  parseOneOf,
  performanceSecurity,
} from '@zakupai/domain';
import type { CalcContext } from './calc-context.ts';
import { antiDumpingOutcome, type AntiDumpingOutcome } from './anti-dumping-outcome.ts';
import { optionalMoney } from './optional.ts';

/** Most offers accepted for an e-shop mean: a bound on work per request. */
export const MAX_OFFERS = 1000;

export interface AntiDumpingRequest {
  method: unknown;
  subject: unknown;
  reference_price?: unknown;
  bid_price: unknown;
  offers?: unknown;
}

export type AntiDumpingResponse = {
  threshold_pct: string | null;
  min_price: string | null;
  is_dumping: boolean;
  allowed: boolean;
  anti_dumping_sum: string;
  performance_security: string;
  performance_security_pct: string;
  reference_price: string | null;
  basis: string;
};

export interface AntiDumpingDeps {
  /** Called once per completed check, after it is stored. */
  onChecked: (outcome: AntiDumpingOutcome) => void;
}

/**
 * POST /anti-dumping: Rules 687 Chapter 5 against one bid (prices without VAT); records it.
 * The performance security is on the bid price, as the contract sum if the bid wins.
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
  const security = performanceSecurity(method, bidPrice);
  const out: AntiDumpingResponse = {
    threshold_pct: r.thresholdPct === null ? null : formatDecimal(r.thresholdPct),
    min_price: r.minPrice === null ? null : formatMoney(r.minPrice),
    is_dumping: r.isDumping,
    allowed: r.allowed,
    anti_dumping_sum: formatMoney(r.antiDumpingSum),
    performance_security: formatMoney(security.amount),
    performance_security_pct: formatDecimal(security.pct),
    reference_price: r.reference === null ? null : formatMoney(r.reference),
    basis: r.basis,
  };
  const inputs = {
    method,
    subject,
    reference_price: referencePrice ? formatMoney(referencePrice) : null,
    bid_price: formatMoney(bidPrice),
    offers: offers ? offers.map(formatMoney) : null,
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
