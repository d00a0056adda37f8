import { TABLE_COLUMNS, type ColumnSpec, type TableName } from './columns.ts';

/** The value one typed column receives: a JSON number or string as sent (or coerced), a list, or NULL. */
export type CellValue = string | number | string[] | null;

/**
 * One row ready for the batched upsert. `values` holds what each column of `TABLE_COLUMNS[table]` receives, in that
 * order: `raw` overlaid with `fix` (derived or coerced values); `raw` is stored as the audit copy.
 */
export interface PreparedRow {
  id: string;
  raw: Record<string, unknown>;
  fix: Record<string, unknown>;
  values: CellValue[];
}

export type PrepareResult =
  { ok: true; rows: PreparedRow[] } | { ok: false; itemId: string | null; reason: string };

const INT_RE = /^-?\d{1,18}$/;
const NUMERIC_RE = /^-?\d+(\.\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const LIMITS = { smallint: 32_767, int: 2_147_483_647, bigint: Number.MAX_SAFE_INTEGER } as const;

/** `check` found the value unusable for its column. */
class Unfit {
  constructor(readonly reason: string) {}
}

/** `check` accepts the value as sent. */
const KEEP: unique symbol = Symbol('keep');

const unfit = (col: ColumnSpec, what: string) => new Unfit(`field ${col.name}: ${what}`);

/**
 * Whether a JSON value fits a column, so that the database never rejects a batch for one item's sake: `KEEP`, the
 * coerced value, or why not. Runs once per cell of every item, so it allocates only when it coerces or refuses.
 */
function check(col: ColumnSpec, v: unknown): typeof KEEP | CellValue | Unfit {
  switch (col.type) {
    case 'bigint':
    case 'int':
    case 'smallint': {
      if (typeof v === 'boolean' && col.type === 'smallint') return v ? 1 : 0;
      if (typeof v === 'number')
        return Number.isInteger(v) && Math.abs(v) <= LIMITS[col.type]
          ? KEEP
          : unfit(col, 'not an integer in range');
      if (typeof v === 'string') {
        const s = v.trim();
        if (!INT_RE.test(s)) return unfit(col, 'not an integer');
        const big = BigInt(s);
        const limit = BigInt(LIMITS[col.type]);
        return big <= limit && -big <= limit ? s : unfit(col, 'integer out of range');
      }
      return unfit(col, 'not an integer');
    }
    case 'numeric':
      // JSON numbers arrive as binary doubles; String() restores the literal for up to 15 significant digits.
      if (typeof v === 'number') return Number.isFinite(v) ? KEEP : unfit(col, 'not a finite number');
      if (typeof v === 'string') {
        const s = v.trim();
        return NUMERIC_RE.test(s) ? s : unfit(col, 'not a decimal number');
      }
      return unfit(col, 'not a decimal number');
    case 'text':
      if (typeof v === 'string') return v.includes('\u0000') ? unfit(col, 'contains NUL') : KEEP;
      if (typeof v === 'number') return String(v);
      return unfit(col, 'not a string');
    case 'timestamp': {
      if (typeof v !== 'string') return unfit(col, 'not a date');
      const s = v.trim();
      return DATE_RE.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T').slice(0, 19)))
        ? KEEP
        : unfit(col, 'not a date');
    }
    case 'text[]':
      if (typeof v === 'string') return splitList(v);
      if (typeof v === 'number') return [String(v)];
      if (Array.isArray(v) && v.every(isListElement)) return v.map(String);
      return unfit(col, 'not a list');
  }
}

const isListElement = (x: unknown) => typeof x === 'string' || typeof x === 'number';

function splitList(v: string): string[] {
  const out: string[] = [];
  for (const part of v.split(',')) {
    const s = part.trim();
    if (s !== '') out.push(s);
  }
  return out;
}

const idOf = (item: Record<string, unknown>): string | null =>
  typeof item.id === 'number' || typeof item.id === 'string' ? String(item.id) : null;

const NO_DERIVED: Record<string, unknown> = Object.freeze({});

/** Validates one flat row against its table; `fix` collects coerced values, `values` the column values. */
export function prepareRow(
  table: TableName,
  raw: Record<string, unknown>,
  derived: Record<string, unknown> = NO_DERIVED,
): PrepareResult {
  const fix: Record<string, unknown> = derived === NO_DERIVED ? {} : { ...derived };
  const cols = TABLE_COLUMNS[table];
  const values: CellValue[] = new Array<CellValue>(cols.length);
  for (let i = 0; i < cols.length; i += 1) {
    const col = cols[i]!;
    const v = col.name in derived ? derived[col.name] : raw[col.name];
    if (v === undefined || v === null || v === '') {
      if (col.required) return { ok: false, itemId: idOf(raw), reason: `missing required field ${col.name}` };
      if (v === '') fix[col.name] = null;
      values[i] = null;
      continue;
    }
    const r = check(col, v);
    if (r instanceof Unfit) return { ok: false, itemId: idOf(raw), reason: r.reason };
    if (r === KEEP) {
      values[i] = v as CellValue;
    } else {
      fix[col.name] = r;
      values[i] = r;
    }
  }
  return { ok: true, rows: [{ id: String(fix.id ?? raw.id), raw, fix, values }] };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An OWS item (keys already in REST snake_case) as rows of its table, or the reason it cannot be stored.
 * - contracts: `lot_id` comes from the item, or from its first `contract_units[].lot_id` (GraphQL ContractUnits);
 * - bids: one TrdApp becomes one row per `app_lots` entry, keyed by the AppLots id, with the application's fields.
 */
export function prepareItem(table: TableName, item: unknown): PrepareResult {
  if (!isObject(item)) return { ok: false, itemId: null, reason: 'item is not an object' };
  if (table === 'contracts' && item.lot_id === undefined && Array.isArray(item.contract_units)) {
    const unit = item.contract_units.find(isObject);
    return prepareRow(table, item, unit && unit.lot_id !== undefined ? { lot_id: unit.lot_id } : NO_DERIVED);
  }
  if (table === 'bids') return prepareTrdApp(item);
  return prepareRow(table, item);
}

function prepareTrdApp(app: Record<string, unknown>): PrepareResult {
  const appId = idOf(app);
  if (appId === null) return { ok: false, itemId: null, reason: 'missing required field id' };
  if (!Array.isArray(app.app_lots))
    return { ok: false, itemId: appId, reason: 'missing required field app_lots' };
  const { app_lots: lots, ...head } = app;
  const rows: PreparedRow[] = [];
  for (const lot of lots as unknown[]) {
    if (!isObject(lot)) return { ok: false, itemId: appId, reason: 'app_lots entry is not an object' };
    const derived = {
      id: lot.id,
      app_id: app.id,
      trd_buy_id: app.buy_id,
      lot_id: lot.lot_id,
      supplier_id: app.supplier_id,
      supplier_bin_iin: app.supplier_bin_iin,
      status_id: lot.status_id,
      price: lot.price,
      amount: lot.amount,
      discount_value: lot.discount_value,
      discount_price: lot.discount_price,
      date_apply: app.date_apply,
    };
    const r = prepareRow('bids', { app: head, app_lot: lot }, derived);
    if (!r.ok) return { ok: false, itemId: appId, reason: r.reason };
    rows.push(...r.rows);
  }
  return { ok: true, rows };
}
