import type { OwsClient } from './ows-client.ts';
import { restPages, restStart } from './pages.ts';

/**
 * The register rows of one supplier (`/v3/rnu/{biin}`): start and end dates, reason, court decision.
 * A 404 means "not listed", as does an empty list.
 */
export async function rnuDetail(client: OwsClient, biin: string, signal?: AbortSignal): Promise<unknown[]> {
  if (!/^\d{12}$/.test(biin)) return [];
  const body = await client.getJson(`/v3/rnu/${biin}`, {
    entity: 'rnu',
    allow404: true,
    check: (b) =>
      Array.isArray(b) ||
      (typeof b === 'object' && b !== null && Array.isArray((b as { items?: unknown }).items))
        ? undefined
        : 'rnu detail has no items',
    ...(signal ? { signal } : {}),
  });
  if (body === null) return [];
  return Array.isArray(body) ? body : (body as { items: unknown[] }).items;
}

export interface RefItem {
  id: number | string;
  code?: string | null;
  name_ru?: string | null;
  name_kz?: string | null;
  [k: string]: unknown;
}

/** A reference list (`/v3/refs/ref_trade_methods`, …), every page. Ids are read, never assumed. */
export async function loadRef(client: OwsClient, name: string, signal?: AbortSignal): Promise<RefItem[]> {
  if (!/^ref_[a-z0-9_]+$/.test(name)) throw new Error(`not a reference list name: ${name}`);
  const out: RefItem[] = [];
  for await (const page of restPages(client, 'refs', restStart(`/v3/refs/${name}`), signal)) {
    for (const it of page.items)
      if (typeof it === 'object' && it !== null && 'id' in it) out.push(it as RefItem);
  }
  return out;
}
