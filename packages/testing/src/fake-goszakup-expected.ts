import { prepareItem, type EntityName, type TableName } from '@zakupai/goszakup';
import { restView } from './fake-goszakup.ts';
import type { FakeGoszakupData } from './fake-goszakup-data.ts';

/**
 * What schema `goszakup` must hold after a full sync of the fake's data: id → raw item, valid items only,
 * with RNU entries expanded by their per-supplier details as the sync does.
 */
export function expectedRows(data: FakeGoszakupData, entity: EntityName): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const add = (item: unknown) => {
    const p = prepareItem(entity as TableName, item);
    if (p.ok) for (const r of p.rows) out.set(r.id, JSON.parse(JSON.stringify(r.raw)));
  };
  for (let i = 0; i < data.count(entity); i += 1) {
    const item =
      entity === 'contracts' || entity === 'bids'
        ? data.item(entity, i)
        : restView(entity, data.item(entity, i));
    if (entity === 'rnu') {
      const d = data.rnuDetail(String(item.supplier_biin));
      if (d && d.length) d.forEach(add);
      else add(item);
    } else add(item);
  }
  return out;
}
