import type { Decimal } from '@zakupai/domain';
import type { AwardRecord, LotContext, PurchaseRecord, RnuRecord } from '../domain/context.ts';
import type { HolidayCalendar } from '../domain/holiday-calendar.ts';
import type { LotInput } from '../domain/parse-lot.ts';
import type { PricePoint } from './risk-repository.ts';

export interface History {
  rnu: RnuRecord[];
  awards: AwardRecord[];
  purchases: PurchaseRecord[];
  prices: PricePoint[];
}

/**
 * The context of each lot of a batch: stored history plus the batch itself (each lot sees its peers, so the
 * result does not depend on the order of the lots). Records are grouped by customer, supplier and item so each
 * lot gets only what its rules can use. Pure.
 */
export function buildContexts(
  inputs: readonly LotInput[],
  history: History,
  asOf: string,
  calendar: HolidayCalendar,
): LotContext[] {
  const awards: AwardRecord[] = [];
  const purchases: PurchaseRecord[] = [];
  const prices: PricePoint[] = [];
  for (const { lot } of inputs) {
    if (lot.award) {
      awards.push({
        lotId: lot.id,
        customerBin: lot.customerBin,
        supplierBin: lot.award.supplierBin,
        date: lot.award.date,
      });
    }
    // Every purchase counts toward its code's annual volume, whatever its method (Law 106-VIII Art. 10 pp.4-5).
    if (lot.item) {
      purchases.push({
        lotId: lot.id,
        customerBin: lot.customerBin,
        code: lot.item.code,
        finYear: lot.finYear,
        method: lot.method,
        amount: lot.allocatedAmount,
      });
    }
    if (lot.item) {
      prices.push({ lotId: lot.id, code: lot.item.code, unit: lot.item.unit, unitPrice: lot.item.unitPrice });
    }
  }
  // The batch comes first: rules keep the first record of a lot id, so a lot re-scored now replaces its stored self.
  awards.push(...history.awards);
  purchases.push(...history.purchases);
  prices.push(...history.prices);
  const awardsBy = groupBy(awards, (a) => a.customerBin);
  const purchasesBy = groupBy(purchases, (p) => p.customerBin);
  const rnuBy = groupBy(history.rnu, (r) => r.supplierBin);
  const pricesBy = groupBy(prices, (p) => `${p.code}\u0000${p.unit}`);

  return inputs.map(({ lot, marketUnitPrices }) => ({
    asOf,
    calendar,
    marketUnitPrices:
      marketUnitPrices ??
      (lot.item ? sampleFor(pricesBy.get(`${lot.item.code}\u0000${lot.item.unit}`), lot.id) : null),
    rnu: lot.award ? (rnuBy.get(lot.award.supplierBin) ?? []) : [],
    awards: awardsBy.get(lot.customerBin) ?? [],
    purchases: purchasesBy.get(lot.customerBin) ?? [],
  }));
}

/** Other lots' unit prices (one per lot); the lot's own price never enters its own market. */
function sampleFor(points: PricePoint[] | undefined, lotId: string): Decimal[] {
  const seen = new Set<string>([lotId]);
  const out: Decimal[] = [];
  for (const p of points ?? []) {
    if (seen.has(p.lotId)) continue;
    seen.add(p.lotId);
    out.push(p.unitPrice);
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
