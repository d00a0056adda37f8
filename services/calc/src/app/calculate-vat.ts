import { formatDecimal, formatMoney, parseMoney, splitVat, type VatCategory } from '@zakupai/domain';
import type { CalcContext } from './calc-context.ts';
import { resolveVatRate } from './resolve-vat-rate.ts';

export interface VatRequest {
  amount: unknown;
  include_vat?: boolean;
  date?: unknown;
  category?: unknown;
  vat_rate?: unknown;
}

export type VatResponse = {
  base: string;
  vat: string;
  total: string;
  vat_rate: string;
  rate_basis: string;
  date: string;
  category: VatCategory;
  include_vat: boolean;
};

/** POST /vat: splits an amount into base, VAT and total at the rate in force on the turnover date; records it. */
export async function calculateVat(req: VatRequest, ctx: CalcContext): Promise<VatResponse> {
  const amount = parseMoney(req.amount, 'amount');
  const includeVat = req.include_vat ?? true;
  const rate = resolveVatRate(req, ctx.now);
  const s = splitVat(amount, rate.rate, includeVat);
  const out: VatResponse = {
    base: formatMoney(s.base),
    vat: formatMoney(s.vat),
    total: formatMoney(s.total),
    vat_rate: formatDecimal(rate.rate),
    rate_basis: rate.basis,
    date: rate.date,
    category: rate.category,
    include_vat: includeVat,
  };
  const inputs = {
    amount: formatMoney(amount),
    include_vat: includeVat,
    date: rate.date,
    category: rate.category,
    vat_rate: req.vat_rate === undefined ? null : formatDecimal(rate.rate),
  };
  await ctx.repo.save({ kind: 'vat', inputs, outputs: out, requestId: ctx.requestId, createdAt: ctx.now() });
  return out;
}
