import { formatDecimal, formatMoney, type ProcurementSubject, type VatCategory } from '@zakupai/domain';
import type { LotMethod } from '../domain/lot.ts';
import type { LotInput } from '../domain/parse-lot.ts';

/** A lot as stored and returned: the accepted payload, normalised (money as 2-decimal strings, nulls explicit). */
export interface LotPayload {
  id: string;
  customerBin: string;
  /** Null when unknown (a stored lot whose trade method is not in the reference list). */
  method: LotMethod | null;
  subject: ProcurementSubject;
  repeat: boolean;
  finYear: number;
  bidWindow: { start: string; end: string } | null;
  item: { code: string; unit: string; quantity: string; unitPrice: string } | null;
  allocatedAmount: string;
  participants: number | null;
  offers: string[] | null;
  award: {
    supplierBin: string;
    date: string;
    price: string;
    priceIncludesVat: boolean;
    vatCategory: VatCategory | null;
  } | null;
  planPointId: string | null;
  marketUnitPrices: string[] | null;
}

export function payloadOf({ lot, marketUnitPrices }: LotInput): LotPayload {
  return {
    id: lot.id,
    customerBin: lot.customerBin,
    method: lot.method,
    subject: lot.subject,
    repeat: lot.repeat,
    finYear: lot.finYear,
    bidWindow: lot.bidWindow,
    item: lot.item && {
      code: lot.item.code,
      unit: lot.item.unit,
      quantity: formatDecimal(lot.item.quantity),
      unitPrice: formatMoney(lot.item.unitPrice),
    },
    allocatedAmount: formatMoney(lot.allocatedAmount),
    participants: lot.participants,
    offers: lot.offers && lot.offers.map(formatMoney),
    award: lot.award && { ...lot.award, price: formatMoney(lot.award.price) },
    planPointId: lot.planPointId ?? null,
    marketUnitPrices: marketUnitPrices && marketUnitPrices.map(formatMoney),
  };
}
