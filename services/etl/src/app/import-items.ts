import {
  ENTITY_SOURCES,
  isEntityName,
  prepareItem,
  snakeKeys,
  type EntityName,
  type PreparedRow,
  type RefItem,
} from '@zakupai/goszakup';
import { validationError } from '@zakupai/errors';
import type { EtlMetrics } from './etl-metrics.ts';
import type { QuarantineItem, SyncStore } from './ports.ts';

export interface ImportDeps {
  store: SyncStore;
  metrics: EtlMetrics;
  onEvent?: (e: {
    type: 'page';
    entity: EntityName;
    items: number;
    upserted: number;
    quarantined: number;
  }) => void;
}

export interface ImportResult {
  lines: number;
  byEntity: Partial<Record<EntityName, { items: number; upserted: number; quarantined: number }>>;
  /** Reference list items (`{"entity": "ref_trade_methods", "item": {…}}` lines), by list name. */
  refs: Record<string, { items: number; upserted: number }>;
}

const BATCH = 500;
/** A reference list name, as in `/v3/refs/{name}`. */
const REF_LIST = /^ref_[a-z0-9_]{1,60}$/;
const REF_ID = /^\d{1,18}$/;

/**
 * Loads a JSONL dump of OWS v3 items. A line is `{"entity": "lots", "item": {…}}`, or a bare item when `entity` is
 * given; `{"entity": "ref_trade_methods", "item": {id, code, name_ru, name_kz}}` is an item of that reference list. Keys may be REST snake_case or GraphQL camelCase. Lines stream through in batches of 500 per entity, with
 * the same upserts and quarantine as a sync, and leave the sync checkpoints alone. A line that is not JSON, or names
 * no known entity, is quarantined with its line number.
 */
export async function importItems(
  deps: ImportDeps,
  lines: AsyncIterable<string>,
  opts: { entity?: EntityName; signal?: AbortSignal } = {},
): Promise<ImportResult> {
  const batches = new Map<EntityName, { rows: PreparedRow[]; quarantine: QuarantineItem[]; items: number }>();
  const result: ImportResult = { lines: 0, byEntity: {}, refs: {} };
  const refs = new Map<string, RefItem[]>();
  const flushRefs = async (name: string) => {
    const items = refs.get(name);
    if (!items?.length) return;
    refs.delete(name);
    const upserted = await deps.store.saveRefs(name, items);
    const sum = (result.refs[name] ??= { items: 0, upserted: 0 });
    sum.items += items.length;
    sum.upserted += upserted;
  };
  const flush = async (entity: EntityName) => {
    const b = batches.get(entity);
    if (!b || b.items === 0) return;
    batches.delete(entity);
    const w = await deps.store.writePage(entity, {
      table: ENTITY_SOURCES[entity].table,
      rows: b.rows,
      quarantine: b.quarantine,
    });
    const sum = (result.byEntity[entity] ??= { items: 0, upserted: 0, quarantined: 0 });
    sum.items += b.items;
    sum.upserted += w.upserted;
    sum.quarantined += w.quarantined;
    deps.metrics.upserted.inc({ entity }, w.upserted);
    deps.metrics.quarantined.inc({ entity }, w.quarantined);
    deps.onEvent?.({
      type: 'page',
      entity,
      items: b.items,
      upserted: w.upserted,
      quarantined: w.quarantined,
    });
  };
  const add = async (
    entity: EntityName,
    f: (b: { rows: PreparedRow[]; quarantine: QuarantineItem[] }) => void,
  ) => {
    let b = batches.get(entity);
    if (!b) batches.set(entity, (b = { rows: [], quarantine: [], items: 0 }));
    f(b);
    b.items += 1;
    if (b.items >= BATCH) await flush(entity);
  };
  const fallback: EntityName = opts.entity ?? 'lots';
  for await (const line of lines) {
    opts.signal?.throwIfAborted();
    result.lines += 1;
    const text = line.trim();
    if (text === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      await add(fallback, (b) =>
        b.quarantine.push({
          itemId: null,
          reason: `line ${result.lines}: not JSON`,
          raw: { line: result.lines, text: text.slice(0, 2000) },
        }),
      );
      continue;
    }
    const env = parsed as { entity?: unknown; item?: unknown };
    const named = typeof env.entity === 'string' && env.item !== undefined;
    const entity = named ? String(env.entity) : opts.entity;
    if (named && entity && REF_LIST.test(entity)) {
      const ref = snakeKeys(env.item) as RefItem | null;
      if (typeof ref !== 'object' || ref === null || !REF_ID.test(String(ref.id))) {
        await add(fallback, (b) =>
          b.quarantine.push({
            itemId: null,
            reason: `line ${result.lines}: ${entity} item has no numeric id`,
            raw: parsed,
          }),
        );
        continue;
      }
      const list = refs.get(entity) ?? [];
      list.push(ref);
      refs.set(entity, list);
      if (list.length >= BATCH) await flushRefs(entity);
      continue;
    }
    if (!entity || !isEntityName(entity)) {
      await add(fallback, (b) =>
        b.quarantine.push({
          itemId: null,
          reason: `line ${result.lines}: no known entity (use --entity or {"entity","item"} lines)`,
          raw: parsed,
        }),
      );
      continue;
    }
    const item = snakeKeys(named ? env.item : parsed);
    const p = prepareItem(ENTITY_SOURCES[entity].table, item);
    await add(entity, (b) => {
      if (p.ok) b.rows.push(...p.rows);
      else b.quarantine.push({ itemId: p.itemId, reason: p.reason, raw: item });
    });
  }
  for (const e of [...batches.keys()]) await flush(e);
  for (const name of [...refs.keys()]) await flushRefs(name);
  return result;
}

/** `--entity` values from the CLI or the API. */
export function parseEntities(values: readonly string[], field: string): EntityName[] {
  const out: EntityName[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const e = v.trim().replace(/-/g, '_');
    const name = e === 'trdbuy' ? 'trd_buy' : e === 'contract' ? 'contracts' : e === 'lot' ? 'lots' : e;
    if (!isEntityName(name))
      throw validationError(field, `unknown entity "${v}"; one of trd_buy, lots, contracts, rnu, bids`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
