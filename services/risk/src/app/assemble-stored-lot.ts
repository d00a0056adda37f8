import { D, roundMoney, type Decimal } from '@zakupai/domain';
import type { IsoDate } from '../domain/dates.ts';
import type { Award, Lot } from '../domain/lot.ts';
import type { LotInput } from '../domain/parse-lot.ts';
import {
  isRepeatTradeName,
  methodFromTradeName,
  subjectsFromPortal,
  vatCategoryFromEnstru,
} from '../domain/trade-method.ts';
import type { StoredLotFacts } from './stored-lot-source.ts';

export type AssembledLot = { ok: true; input: LotInput } | { ok: false; id: string; reason: string };

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The risk `Lot` of a mirrored lot. What the mirror does not say stays unknown (undefined, or null for a count, a
 * flag or the method), so the rules that need it report "not applicable" instead of guessing: no contract → award
 * unknown, no bids → participants unknown, a trade method missing from `ref_trade_methods` → method unknown, no
 * plan data → plan link unknown (an empty plan list is a missing link), no repeat dates and no `ref_type_trade`
 * name → repeat unknown. The subject comes from the construction and ТЭО/ПСД flags, the portal's subject type and
 * the ENSTRU code (`subjectsFromPortal`), the VAT of the contract sum from its turnover date. A lot without a
 * customer BIN or a financial year cannot be placed at all and is refused with the reason. Pure.
 */
export function assembleStoredLot(f: StoredLotFacts): AssembledLot {
  if (!f.customerBin) return { ok: false, id: f.id, reason: 'the lot has no customer BIN' };
  const finYear = f.finYear ?? f.contract?.finYear ?? null;
  if (finYear === null || !Number.isInteger(finYear) || finYear < 2000 || finYear > 2100) {
    return { ok: false, id: f.id, reason: 'the lot has no financial year' };
  }
  if (!DECIMAL.test(f.amount)) return { ok: false, id: f.id, reason: 'the lot amount is not a number' };
  const method = methodFromTradeName(f.methodName);
  const repeat =
    f.typeTradeName !== null ? isRepeatTradeName(f.typeTradeName) : f.repeatStartDate !== null ? true : null;
  const lot: Lot = {
    id: f.id,
    customerBin: f.customerBin,
    method,
    subjects: subjectsFromPortal({
      construction: f.construction,
      psdSign: f.psdSign,
      subjectTypeName: f.subjectTypeName ?? null,
      itemCode: f.itemCode,
    }),
    repeat,
    finYear,
    bidWindow: bidWindowOf(f, repeat === true),
    item: itemOf(f),
    allocatedAmount: D(f.amount),
    participants: f.bids.length === 0 ? null : new Set(f.bids.map((b) => b.supplierBin)).size,
    offers: method === 'eshop' && f.bids.length > 0 ? f.bids.map((b) => D(b.price)) : undefined,
    award: awardOf(f.contract, f.itemCode),
    planPointId: planLinkOf(f.pointList, f.plans),
  };
  return { ok: true, input: { lot, marketUnitPrices: null } };
}

function bidWindowOf(f: StoredLotFacts, repeat: boolean): Lot['bidWindow'] {
  const [start, end] =
    repeat && f.repeatStartDate && f.repeatEndDate
      ? [f.repeatStartDate, f.repeatEndDate]
      : [f.startDate ?? f.publishDate, f.endDate];
  return start && end && end >= start ? { start, end } : undefined;
}

function itemOf(f: StoredLotFacts): Lot['item'] {
  const unit = unitOf(f.plans);
  if (!f.itemCode || !unit || f.count === null || !DECIMAL.test(f.count)) return undefined;
  const quantity = D(f.count);
  if (!quantity.isPositive() || quantity.isZero()) return undefined;
  return { code: f.itemCode, unit, quantity, unitPrice: roundMoney(D(f.amount).dividedBy(quantity)) };
}

/**
 * The award of the latest contract: `contract_sum_wnds` (with VAT) netted at the rate of its turnover date, or
 * `contract_sum` when only that is given. Equal sums mean no VAT in the price (an exempt turnover, or a supplier
 * who does not pay VAT), so the price is not netted. The VAT category is general unless the ENSTRU code may carry
 * a reduced rate.
 */
function awardOf(c: StoredLotFacts['contract'], itemCode: string | null): Award | undefined {
  if (!c || !c.supplierBin || !c.date) return undefined;
  const withVat = c.sumWithVat !== null && DECIMAL.test(c.sumWithVat) ? c.sumWithVat : null;
  const withoutVat = c.sumWithoutVat !== null && DECIMAL.test(c.sumWithoutVat) ? c.sumWithoutVat : null;
  const price = withVat ?? withoutVat;
  if (price === null) return undefined;
  const includesVat = withVat !== null && !(withoutVat !== null && D(withVat).equals(D(withoutVat)));
  const turnover = c.turnoverDate && c.turnoverDate >= c.date ? c.turnoverDate : undefined;
  return {
    supplierBin: c.supplierBin,
    date: c.date as IsoDate,
    price: D(price) as Decimal,
    priceIncludesVat: includesVat,
    vatCategory: vatCategoryFromEnstru(itemCode),
    turnoverDate: turnover,
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
