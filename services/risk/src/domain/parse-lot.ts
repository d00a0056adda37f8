import {
  parseDecimal,
  parseIsoDate,
  parseMoney,
  parseOneOf,
  PROCUREMENT_SUBJECTS,
  VAT_CATEGORIES,
  type Decimal,
} from '@zakupai/domain';
import { validationError } from '@zakupai/errors';
import { binProblem } from './bin.ts';
import { LOT_METHODS, type Award, type BidWindow, type Lot, type LotItem } from './lot.ts';

/** A lot payload with the market sample that may come with it. */
export interface LotInput {
  lot: Lot;
  /** The market sample given with the lot; null when none is given, so the stored one is used. */
  marketUnitPrices: Decimal[] | null;
}

/** A lot id: the Goszakup id, or any 1–64 letters, digits, `.`, `_`, `:`, `-`. */
export const LOT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_LIST = 10_000;
const MAX_TEXT = 200;

type Json = Record<string, unknown>;

/**
 * Reads one lot payload (camelCase JSON, money as decimal strings or numbers) into a `Lot`. Every fault is a
 * validation ZakError naming the field under `at` (for example `body.lots.3.award.supplierBin`).
 *
 * Unknown is not absent: an omitted optional field is unknown (`undefined` in the `Lot`, every subject for
 * `subject`, null for `repeat` and `participants`), and the rules that need it are not evaluable; an explicit
 * `null`, an empty list or a blank text says there is none. `marketUnitPrices: null` is an empty sample (no market
 * data), while an omitted one lets the stored history supply it.
 */
export function parseLotInput(raw: unknown, at = 'body'): LotInput {
  const o = object(raw, at);
  const f = (name: string) => `${at}.${name}`;
  const known = [
    'id',
    'customerBin',
    'method',
    'subject',
    'repeat',
    'finYear',
    'bidWindow',
    'item',
    'allocatedAmount',
    'participants',
    'offers',
    'award',
    'planPointId',
    'marketUnitPrices',
  ];
  const given = (name: string) => o[name] !== undefined;
  onlyKnown(o, known, at);
  const lot: Lot = {
    id: lotId(o.id, f('id')),
    customerBin: bin(o.customerBin, f('customerBin')),
    method: parseOneOf(o.method, LOT_METHODS, f('method')),
    subjects: given('subject')
      ? [parseOneOf(o.subject, PROCUREMENT_SUBJECTS, f('subject'))]
      : PROCUREMENT_SUBJECTS,
    repeat: given('repeat') ? boolean(o.repeat, f('repeat')) : null,
    finYear: integer(o.finYear, f('finYear'), 2000, 2100),
    bidWindow: fact(o.bidWindow, (v) => bidWindow(v, f('bidWindow'))),
    item: fact(o.item, (v) => item(v, f('item'))),
    allocatedAmount: parseMoney(o.allocatedAmount, f('allocatedAmount')),
    participants: fact(o.participants, (v) => integer(v, f('participants'), 0, 100_000)) ?? null,
    offers: fact(o.offers, (v) => moneyList(v, f('offers'))),
    award: fact(o.award, (v) => award(v, f('award'))),
    planPointId: fact(o.planPointId, (v) => text(v, f('planPointId'), true)),
  };
  const sample = fact(o.marketUnitPrices, (v) => moneyList(v, f('marketUnitPrices')));
  return { lot, marketUnitPrices: sample === undefined ? null : (sample ?? []) };
}

/** Validates a BIN/IIN, naming the field and whether the format or the check digit is wrong. */
export function bin(value: unknown, field: string): string {
  if (typeof value !== 'string') throw validationError(field, `${field} must be a 12-digit BIN/IIN string`);
  const problem = binProblem(value);
  if (problem === 'format') throw validationError(field, `${field} must be exactly 12 digits`);
  if (problem === 'checksum') throw validationError(field, `${field} fails the BIN/IIN check digit`);
  return value;
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(field, `${field} must be an object`);
  }
  return value as Json;
}

function onlyKnown(o: Json, known: readonly string[], at: string): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key))
      throw validationError(`${at}.${key}`, `${at}.${key} is not an allowed property`);
  }
}

/** undefined stays unknown, null stays "none", anything else is read. */
function fact<T>(value: unknown, read: (v: unknown) => T): T | null | undefined {
  if (value === undefined) return undefined;
  return value === null ? null : read(value);
}

function lotId(value: unknown, field: string): string {
  const s = typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
  if (typeof s !== 'string' || !LOT_ID.test(s)) {
    throw validationError(
      field,
      `${field} must be a positive integer or an id of 1-64 letters, digits, . _ : -`,
    );
  }
  return s;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw validationError(field, `${field} must be true or false`);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationError(field, `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function text(value: unknown, field: string, allowEmpty = false): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT || (!allowEmpty && value.trim() === '')) {
    throw validationError(
      field,
      `${field} must be a ${allowEmpty ? '' : 'non-empty '}string of at most ${MAX_TEXT} characters`,
    );
  }
  return value;
}

function moneyList(value: unknown, field: string): Decimal[] {
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    throw validationError(field, `${field} must be a list of at most ${MAX_LIST} amounts`);
  }
  return value.map((v, i) => parseMoney(v, `${field}.${i}`));
}

function bidWindow(value: unknown, at: string): BidWindow {
  const o = object(value, at);
  onlyKnown(o, ['start', 'end'], at);
  const start = parseIsoDate(o.start, `${at}.start`);
  const end = parseIsoDate(o.end, `${at}.end`);
  if (end < start) throw validationError(`${at}.end`, `${at}.end must not be before ${at}.start`);
  return { start, end };
}

/**
 * A quantity is above 0, at most 10^15 and has at most 6 decimal places. Unbounded, a JSON number such as
 * 2.2e-311 was accepted and stored, and came back as "2.225073858507e-311": exponent notation, which no reader of
 * a decimal string expects (found by the fuzz run).
 */
export const QUANTITY_MAX_DECIMALS = 6;
const QUANTITY_MAX = '1e15';

function item(value: unknown, at: string): LotItem {
  const o = object(value, at);
  onlyKnown(o, ['code', 'unit', 'quantity', 'unitPrice'], at);
  const quantity = parseDecimal(o.quantity, `${at}.quantity`);
  if (!quantity.isPositive() || quantity.isZero())
    throw validationError(`${at}.quantity`, `${at}.quantity must be above 0`);
  if (quantity.greaterThan(QUANTITY_MAX))
    throw validationError(`${at}.quantity`, `${at}.quantity must not exceed 10^15`);
  if (quantity.decimalPlaces() > QUANTITY_MAX_DECIMALS)
    throw validationError(
      `${at}.quantity`,
      `${at}.quantity must have at most ${QUANTITY_MAX_DECIMALS} decimal places`,
    );
  return {
    code: text(o.code, `${at}.code`),
    unit: text(o.unit, `${at}.unit`),
    quantity,
    unitPrice: parseMoney(o.unitPrice, `${at}.unitPrice`),
  };
}

function award(value: unknown, at: string): Award {
  const o = object(value, at);
  onlyKnown(o, ['supplierBin', 'date', 'price', 'priceIncludesVat', 'vatCategory', 'turnoverDate'], at);
  const date = parseIsoDate(o.date, `${at}.date`);
  const turnoverDate =
    o.turnoverDate === undefined || o.turnoverDate === null
      ? undefined
      : parseIsoDate(o.turnoverDate, `${at}.turnoverDate`);
  if (turnoverDate !== undefined && turnoverDate < date) {
    throw validationError(`${at}.turnoverDate`, `${at}.turnoverDate must not be before ${at}.date`);
  }
  const priceIncludesVat = boolean(o.priceIncludesVat, `${at}.priceIncludesVat`);
  const vatCategory = fact(o.vatCategory, (v) => parseOneOf(v, VAT_CATEGORIES, `${at}.vatCategory`));
  if (priceIncludesVat && vatCategory === 'exempt') {
    throw validationError(
      `${at}.vatCategory`,
      `${at}.vatCategory exempt contradicts ${at}.priceIncludesVat: an exempt turnover carries no VAT`,
    );
  }
  return {
    supplierBin: bin(o.supplierBin, `${at}.supplierBin`),
    date,
    price: parseMoney(o.price, `${at}.price`),
    priceIncludesVat,
    vatCategory,
    turnoverDate,
  };
}
