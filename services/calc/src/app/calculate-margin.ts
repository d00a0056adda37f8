import {
  PROCUREMENT_METHODS,
  computeMargin,
  formatDecimal,
  formatMoney,
  parseMoney,
  parseOneOf,
  type Decimal,
  type ProcurementMethod,
} from '@zakupai/domain';
import type { CalcContext } from './calc-context.ts';
import { optionalMoney } from './optional.ts';
import { presentSecurity, type SecurityDto } from './present-security.ts';
import { resolveVatRate } from './resolve-vat-rate.ts';

export interface MarginRequest {
  lot_price: unknown;
  cost: unknown;
  logistics?: unknown;
  other_costs?: unknown;
  price_includes_vat?: boolean;
  date?: unknown;
  category?: unknown;
  vat_rate?: unknown;
  method?: unknown;
  allocated_amount?: unknown;
}

export type MarginResponse = {
  revenue_gross: string;
  revenue_net: string;
  cost_total: string;
  profit: string;
  margin_pct: string | null;
  roi_pct: string | null;
  break_even_price: string;
  vat_rate: string;
  rate_basis: string;
  date: string;
  method: ProcurementMethod;
  securities: { bid_security: SecurityDto | null; performance_security: SecurityDto };
};

const pct = (d: Decimal | null) => (d === null ? null : formatMoney(d));

/** POST /margin: revenue, profit, margin, ROI, break-even and the securities a bid ties up; records it. */
export async function calculateMargin(req: MarginRequest, ctx: CalcContext): Promise<MarginResponse> {
  const lotPrice = parseMoney(req.lot_price, 'lot_price');
  const cost = parseMoney(req.cost, 'cost');
  const logistics = optionalMoney(req.logistics, 'logistics');
  const otherCosts = optionalMoney(req.other_costs, 'other_costs');
  const allocatedAmount = optionalMoney(req.allocated_amount, 'allocated_amount');
  const method = req.method === undefined ? 'tender' : parseOneOf(req.method, PROCUREMENT_METHODS, 'method');
  const priceIncludesVat = req.price_includes_vat ?? true;
  const rate = resolveVatRate(req, ctx.now);
  const m = computeMargin({
    lotPrice,
    cost,
    priceIncludesVat,
    vatRatePct: rate.rate,
    method,
    ...(logistics ? { logistics } : {}),
    ...(otherCosts ? { otherCosts } : {}),
    ...(allocatedAmount ? { allocatedAmount } : {}),
  });
  const out: MarginResponse = {
    revenue_gross: formatMoney(m.revenueGross),
    revenue_net: formatMoney(m.revenueNet),
    cost_total: formatMoney(m.costTotal),
    profit: formatMoney(m.profit),
    margin_pct: pct(m.marginPct),
    roi_pct: pct(m.roiPct),
    break_even_price: formatMoney(m.breakEvenPrice),
    vat_rate: formatDecimal(rate.rate),
    rate_basis: rate.basis,
    date: rate.date,
    method,
    securities: {
      bid_security: m.bidSecurity ? presentSecurity(m.bidSecurity) : null,
      performance_security: presentSecurity(m.performanceSecurity),
    },
  };
  const inputs = {
    lot_price: formatMoney(lotPrice),
    cost: formatMoney(cost),
    logistics: logistics ? formatMoney(logistics) : null,
    other_costs: otherCosts ? formatMoney(otherCosts) : null,
    allocated_amount: allocatedAmount ? formatMoney(allocatedAmount) : null,
    price_includes_vat: priceIncludesVat,
    date: rate.date,
    category: rate.category,
    vat_rate: req.vat_rate === undefined ? null : formatDecimal(rate.rate),
    method,
  };
  await ctx.repo.save({
    kind: 'margin',
    inputs,
    outputs: out,
    requestId: ctx.requestId,
    createdAt: ctx.now(),
  });
  return out;
}
