import { D, HUNDRED, ZERO, Decimal } from './decimal.ts';
import { roundMoney } from './money.ts';
import type { ProcurementMethod } from './procurement.ts';
import { bidSecurity, performanceSecurity, type Security } from './securities.ts';
import { grossOfVat, netOfVat } from './vat.ts';

export interface MarginInput {
  /** The price the supplier would be paid (the contract sum). */
  lotPrice: Decimal;
  /** Costs are taken without VAT: a VAT payer recovers the input VAT. */
  cost: Decimal;
  logistics?: Decimal;
  otherCosts?: Decimal;
  /** Whether `lotPrice` includes VAT. */
  priceIncludesVat: boolean;
  vatRatePct: Decimal;
  /** Drives the securities; default `tender`. */
  method?: ProcurementMethod;
  /** Sum allocated for the lot without VAT, the base of the bid security; defaults to the lot price without VAT. */
  allocatedAmount?: Decimal;
}

export interface MarginResult {
  revenueGross: Decimal;
  revenueNet: Decimal;
  costTotal: Decimal;
  profit: Decimal;
  /** profit / revenueNet · 100; null when revenueNet is 0. */
  marginPct: Decimal | null;
  /** profit / costTotal · 100; null when costTotal is 0. */
  roiPct: Decimal | null;
  /** The lowest lot price (in the same VAT terms as `lotPrice`) that does not lose money, rounded up to 0.01. */
  breakEvenPrice: Decimal;
  bidSecurity: Security | null;
  performanceSecurity: Security;
}

/**
 * What a bid earns and what it ties up. Every figure is computed from unrounded values and rounded once.
 * The contract sum, the base of the performance security, is the price with VAT as written in the contract (in
 * tiyn), the same figure `contractSumOf` gives for the price without VAT, so /margin and /anti-dumping agree.
 */
export function computeMargin(input: MarginInput): MarginResult {
  const rate = D(input.vatRatePct);
  const price = D(input.lotPrice);
  const gross = input.priceIncludesVat ? price : grossOfVat(price, rate);
  const net = input.priceIncludesVat ? netOfVat(price, rate) : price;
  const costTotal = D(input.cost)
    .plus(input.logistics ?? ZERO)
    .plus(input.otherCosts ?? ZERO);
  const profit = net.minus(costTotal);
  const method = input.method ?? 'tender';
  const breakEven = input.priceIncludesVat ? grossOfVat(costTotal, rate) : costTotal;
  return {
    revenueGross: roundMoney(gross),
    revenueNet: roundMoney(net),
    costTotal: roundMoney(costTotal),
    profit: roundMoney(profit),
    marginPct: net.isZero() ? null : roundMoney(profit.dividedBy(net).times(HUNDRED)),
    roiPct: costTotal.isZero() ? null : roundMoney(profit.dividedBy(costTotal).times(HUNDRED)),
    breakEvenPrice: breakEven.toDecimalPlaces(2, Decimal.ROUND_CEIL),
    bidSecurity: bidSecurity(method, input.allocatedAmount ?? net),
    performanceSecurity: performanceSecurity(method, roundMoney(gross)),
  };
}
