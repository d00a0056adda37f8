import { D, roundMoney, type Decimal } from '@zakupai/domain';
import type { IsoDate } from '../domain/dates.ts';
import type { Award, Lot } from '../domain/lot.ts';
import type { LotInput } from '../domain/parse-lot.ts';
import { isRepeatTradeName, methodFromTradeName, subjectFromFlags } from '../domain/trade-method.ts';
import type { StoredLotFacts } from './stored-lot-source.ts';

export type AssembledLot = { ok: true; input: LotInput } | { ok: false; id: string; reason: string };

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The risk `Lot` of a mirrored lot. What the mirror does not say stays unknown (null, or undefined for the plan
 * link), so the rules that need it report "not applicable" instead of guessing: no contract → no award, no bids →
 * participants unknown, a trade method missing from `ref_trade_methods` → method unknown. A lot without a customer
 * BIN or a financial year cannot be placed at all and is refused with the reason. Pure.
 */
export function assembleStoredLot(f: StoredLotFacts): AssembledLot {
  if (!f.customerBin) return { ok: false, id: f.id, reason: 'the lot has no customer BIN' };
  const finYear = f.finYear ?? f.contract?.finYear ?? null;
  if (finYear === null || !Number.isInteger(finYear) || finYear < 2000 || finYear > 2100) {
    return { ok: false, id: f.id, reason: 'the lot has no financial year' };
  }
  if (!DECIMAL.test(f.amount)) return { ok: false, id: f.id, reason: 'the lot amount is not a number' };
  const method = methodFromTradeName(f.methodName);
  const repeat = f.typeTradeName !== null ? isRepeatTradeName(f.typeTradeName) : f.repeatStartDate !== null;
  const lot: Lot = {
    id: f.id,
    customerBin: f.customerBin,
    method,
    subject: subjectFromFlags({ construction: f.construction, psdSign: f.psdSign }),
    repeat,
    finYear,
    bidWindow: bidWindowOf(f, repeat),
    item: itemOf(f),
    allocatedAmount: D(f.amount),
    participants: f.bids.length === 0 ? null : new Set(f.bids.map((b) => b.supplierBin)).size,
    offers: method === 'eshop' && f.bids.length > 0 ? f.bids.map((b) => D(b.price)) : null,
    award: awardOf(f.contract),
    planPointId: planLinkOf(f.pointList, f.plans),
  };
  return { ok: true, input: { lot, marketUnitPrices: null } };
}

function bidWindowOf(f: StoredLotFacts, repeat: boolean): Lot['bidWindow'] {
  const [start, end] =
    repeat && f.repeatStartDate && f.repeatEndDate
      ? [f.repeatStartDate, f.repeatEndDate]
      : [f.startDate ?? f.publishDate, f.endDate];
  return start && end && end >= start ? { start, end } : null;
}

function itemOf(f: StoredLotFacts): Lot['item'] {
  const unit = unitOf(f.plans);
  if (!f.itemCode || !unit || f.count === null || !DECIMAL.test(f.count)) return null;
  const quantity = D(f.count);
  if (!quantity.isPositive() || quantity.isZero()) return null;
  return { code: f.itemCode, unit, quantity, unitPrice: roundMoney(D(f.amount).dividedBy(quantity)) };
}

function awardOf(c: StoredLotFacts['contract']): Award | null {
  if (!c || !c.supplierBin || !c.date) return null;
  const withVat = c.sumWithVat !== null && DECIMAL.test(c.sumWithVat);
  const price = withVat ? c.sumWithVat : c.sumWithoutVat;
  if (price === null || !DECIMAL.test(price)) return null;
  return {
    supplierBin: c.supplierBin,
    date: c.date as IsoDate,
    price: D(price) as Decimal,
    priceIncludesVat: withVat,
    vatCategory: null,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const idText = (v: unknown): string | null =>
  (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.trim() !== '')
    ? String(v).trim()
    : null;

/** The plan point ids of `point_list` (a list, or a comma-separated string) or of `plans[].id`. */
function planLinkOf(pointList: unknown, plans: unknown): string | null | undefined {
  if (pointList === undefined && plans === undefined) return undefined;
  const fromList = Array.isArray(pointList)
    ? pointList
    : typeof pointList === 'string'
      ? pointList.split(',')
      : [];
  const fromPlans = Array.isArray(plans) ? plans.filter(isObject).map((p) => p.id) : [];
  const ids = [...fromList, ...fromPlans].map(idText).filter((s): s is string => s !== null);
  return ids.length > 0 ? [...new Set(ids)].join(',') : null;
}

/** The unit (OKEI code) of the lot's plan point: `plans[].ref_units_code`, the first one given. */
function unitOf(plans: unknown): string | null {
  if (!Array.isArray(plans)) return null;
  for (const p of plans) {
    if (!isObject(p)) continue;
    const unit = idText(p.ref_units_code);
    if (unit) return unit;
  }
  return null;
}
