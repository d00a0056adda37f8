import { ENTITIES, type EntityName } from '@zakupai/goszakup';
import type { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { expectedRows } from '@zakupai/testing/fake-goszakup-expected';
import type { RequestRecord } from './traffic.ts';

/** JSON with object keys sorted: jsonb does not keep the order the API sent. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** What schema `goszakup` must hold for the fake's data, each raw item in canonical JSON. */
function expected(fake: FakeGoszakup, entity: EntityName): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, raw] of expectedRows(fake.data, entity)) out.set(id, canonical(raw));
  return out;
}

export interface TableCheck {
  table: string;
  expected: number;
  actual: number;
  /** Items the API serves that the table lacks. */
  lost: number;
  /** Rows sharing an id (the key forbids it; counted anyway). */
  duplicated: number;
  /** Rows the API does not serve, or whose raw item differs from the API's. */
  extraOrChanged: number;
}

type Observe = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** Compares every `goszakup` table with the fake's data after the final sync. */
export async function checkGoszakupTables(fake: FakeGoszakup, observe: Observe): Promise<TableCheck[]> {
  const out: TableCheck[] = [];
  for (const e of ENTITIES) {
    const want = expected(fake, e);
    const rows = await observe<{ id: string; raw: unknown }>(`SELECT id::text AS id, raw FROM goszakup.${e}`);
    const seen = new Map<string, number>();
    let extraOrChanged = 0;
    for (const r of rows) {
      seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
      if (want.get(r.id) !== canonical(r.raw)) extraOrChanged += 1;
    }
    let lost = 0;
    for (const id of want.keys()) if (!seen.has(id)) lost += 1;
    const duplicated = [...seen.values()].reduce((n, c) => n + (c - 1), 0);
    out.push({
      table: `goszakup.${e}`,
      expected: want.size,
      actual: rows.length,
      lost,
      duplicated,
      extraOrChanged,
    });
  }
  return out;
}

export interface StoredCheck {
  table: string;
  /** 200 answers to the route that stores a row. */
  acknowledged: number;
  rows: number;
  /** Acknowledged requests without a row. */
  lost: number;
  /** Request ids stored more than once (rows beyond the first). */
  duplicated: number;
  /** Rows of requests the client did not see succeed (stored, but answered with an error or cut). */
  unacknowledged: number;
}

/**
 * Each acknowledged write is stored exactly once: the request id the load sent is the row's `request_id`
 * (calc's `finance_calcs`, risk's `risk_evaluations`).
 */
export async function checkStoredRequests(
  table: string,
  routes: ReadonlySet<string>,
  records: readonly RequestRecord[],
  tag: string,
  observe: Observe,
): Promise<StoredCheck> {
  const rows = await observe<{ request_id: string; n: string }>(
    `SELECT request_id, count(*)::text AS n FROM ${table} WHERE request_id LIKE $1 GROUP BY request_id`,
    [`chaos-${tag}-%`],
  );
  const stored = new Map(rows.map((r) => [r.request_id, Number(r.n)]));
  const mine = records.filter((r) => routes.has(r.route));
  const ok = new Set(mine.filter((r) => r.status === 200).map((r) => r.requestId));
  let lost = 0;
  for (const id of ok) if (!stored.has(id)) lost += 1;
  let duplicated = 0;
  let unacknowledged = 0;
  let total = 0;
  for (const [id, n] of stored) {
    total += n;
    duplicated += n - 1;
    if (!ok.has(id)) unacknowledged += 1;
  }
  return { table, acknowledged: ok.size, rows: total, lost, duplicated, unacknowledged };
}
