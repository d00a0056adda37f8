import { formatDecimal, formatMoney, type ProcurementSubject, type VatCategory } from '@zakupai/domain';
import type { LotMethod } from '../domain/lot.ts';
import type { LotInput } from '../domain/parse-lot.ts';

/**
 * A lot as stored and returned: the accepted payload, normalised (money as 2-decimal strings). Unknown is not
 * absent, here too: a fact the lot leaves unknown is omitted, and an explicit "none" is null.
 */
export interface LotPayload {
  id: string;
  customerBin: string;
  /** Null when unknown (a stored lot whose trade method is not in the reference list). */
  method: LotMethod | null;
  /** Omitted unless the subject is known. */
  subject?: ProcurementSubject;
  repeat?: boolean;
  finYear: number;
  bidWindow?: { start: string; end: string } | null;
  item?: { code: string; unit: string; quantity: string; unitPrice: string } | null;
  allocatedAmount: string;
  participants: number | null;
  offers?: string[] | null;
  award?: {
    supplierBin: string;
    date: string;
    price: string;
    priceIncludesVat: boolean;
    vatCategory?: VatCategory | null;
    turnoverDate?: string;
  } | null;
  planPointId?: string | null;
  /** Omitted when none was given (the stored sample was used); [] for an explicit empty sample. */
  marketUnitPrices?: string[];
}

/** Sets `key` only when `value` is known (not undefined). */
function known<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

export function payloadOf({ lot, marketUnitPrices }: LotInput): LotPayload {
  const award = lot.award && {
    supplierBin: lot.award.supplierBin,
    date: lot.award.date,
    price: formatMoney(lot.award.price),
    priceIncludesVat: lot.award.priceIncludesVat,
    ...known('vatCategory', lot.award.vatCategory),
    ...known('turnoverDate', lot.award.turnoverDate),
  };
  return {
    id: lot.id,
    customerBin: lot.customerBin,
    method: lot.method,
    ...known('subject', lot.subjects.length === 1 ? lot.subjects[0] : undefined),
    ...known('repeat', lot.repeat ?? undefined),
    finYear: lot.finYear,
    ...known('bidWindow', lot.bidWindow),
    ...known(
      'item',
      lot.item && {
        code: lot.item.code,
        unit: lot.item.unit,
        quantity: formatDecimal(lot.item.quantity),
        unitPrice: formatMoney(lot.item.unitPrice),
      },
    ),
    allocatedAmount: formatMoney(lot.allocatedAmount),
    participants: lot.participants,
    ...known('offers', lot.offers && lot.offers.map(formatMoney)),
    ...known('award', award),
    ...known('planPointId', lot.planPointId),
    ...known('marketUnitPrices', marketUnitPrices?.map(formatMoney)),
  };
}
