import { TABLE_COLUMNS, type ColumnSpec, type TableName } from './columns.ts';

/** One row ready for the batched upsert: the columns come from `raw` overlaid with `fix` (derived or coerced values). */
export interface PreparedRow {
  id: string;
  raw: Record<string, unknown>;
  fix: Record<string, unknown>;
}

export type PrepareResult =
  { ok: true; rows: PreparedRow[] } | { ok: false; itemId: string | null; reason: string };

const INT_RE = /^-?\d{1,18}$/;
const NUMERIC_RE = /^-?\d+(\.\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const LIMITS = { smallint: 32_767, int: 2_147_483_647, bigint: Number.MAX_SAFE_INTEGER } as const;

type Check = { ok: true; fix?: unknown } | { ok: false; reason: string };

/** Whether a JSON value fits a column, so that the database never rejects a batch for one item's sake. */
function check(col: ColumnSpec, v: unknown): Check {
  const bad = (what: string): Check => ({ ok: false, reason: `field ${col.name}: ${what}` });
  switch (col.type) {
    case 'bigint':
    case 'int':
    case 'smallint': {
      if (typeof v === 'boolean' && col.type === 'smallint') return { ok: true, fix: v ? 1 : 0 };
      if (typeof v === 'number')
        return Number.isInteger(v) && Math.abs(v) <= LIMITS[col.type]
          ? { ok: true }
          : bad('not an integer in range');
      if (typeof v === 'string' && INT_RE.test(v.trim())) {
        const big = BigInt(v.trim());
        return big <= BigInt(LIMITS[col.type === 'bigint' ? 'bigint' : col.type]) &&
          -big <= BigInt(LIMITS[col.type])
          ? { ok: true, fix: v.trim() }
          : bad('integer out of range');
      }
      return bad('not an integer');
    }
    case 'numeric':
      // JSON numbers arrive as binary doubles; String() restores the literal for up to 15 significant digits.
      if (typeof v === 'number') return Number.isFinite(v) ? { ok: true } : bad('not a finite number');
      if (typeof v === 'string' && NUMERIC_RE.test(v.trim())) return { ok: true, fix: v.trim() };
      return bad('not a decimal number');
    case 'text':
      if (typeof v === 'string') return v.includes('\u0000') ? bad('contains NUL') : { ok: true };
      if (typeof v === 'number') return { ok: true, fix: String(v) };
      return bad('not a string');
    case 'timestamp':
      if (
        typeof v === 'string' &&
        DATE_RE.test(v.trim()) &&
        !Number.isNaN(Date.parse(v.trim().replace(' ', 'T').slice(0, 19)))
      )
        return { ok: true };
      return bad('not a date');
    case 'text[]':
      if (typeof v === 'string')
        return {
          ok: true,
          fix: v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        };
      if (typeof v === 'number') return { ok: true, fix: [String(v)] };
      if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
        return { ok: true, fix: v.map(String) };
      return bad('not a list');
  }
}

const idOf = (item: Record<string, unknown>): string | null =>
  typeof item.id === 'number' || typeof item.id === 'string' ? String(item.id) : null;

/** Validates one flat row against its table; `fix` collects coerced values. */
export function prepareRow(
  table: TableName,
  raw: Record<string, unknown>,
  derived: Record<string, unknown> = {},
): PrepareResult {
  const fix: Record<string, unknown> = { ...derived };
  for (const col of TABLE_COLUMNS[table]) {
    const v = col.name in derived ? derived[col.name] : raw[col.name];
    if (v === undefined || v === null || v === '') {
      if (col.required) return { ok: false, itemId: idOf(raw), reason: `missing required field ${col.name}` };
      if (v === '') fix[col.name] = null;
      continue;
    }
    const r = check(col, v);
    if (!r.ok) return { ok: false, itemId: idOf(raw), reason: r.reason };
    if (r.fix !== undefined) fix[col.name] = r.fix;
  }
  return { ok: true, rows: [{ id: String(fix.id ?? raw.id), raw, fix }] };
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
    return prepareRow(table, item, unit && unit.lot_id !== undefined ? { lot_id: unit.lot_id } : {});
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
