import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Registry } from 'prom-client';
import { migrate, openDb, type Db } from '@zakupai/db';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { SAMPLE_FILE, jsonlLines } from '../src/adapters/jsonl-file.ts';
import { etlMigrations } from '../src/adapters/migrations.ts';
import { PgSyncStore } from '../src/adapters/pg-store.ts';
import { etlMetrics } from '../src/app/etl-metrics.ts';
import { importItems } from '../src/app/import-items.ts';
import { importSampleIfWanted } from '../src/app/import-sample.ts';
import { tableDigest } from './harness.ts';

async function loadSample(db: Db) {
  await migrate(db, etlMigrations);
  const deps = { store: new PgSyncStore(db), metrics: etlMetrics(new Registry()) };
  const first = await importItems(deps, await jsonlLines(SAMPLE_FILE));
  const counts = Object.fromEntries(
    await Promise.all(
      ['trd_buy', 'lots', 'contracts', 'bids', 'rnu'].map(async (t) => [
        t,
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM goszakup.${t}`)).rows[0]!.n),
      ]),
    ),
  );
  return { deps, first, counts };
}

async function checkSample(db: Db) {
  const { deps, first, counts } = await loadSample(db);
  assert.equal(first.lines, 1288);
  assert.deepEqual(counts, { trd_buy: 180, lots: 360, contracts: 180, bids: counts.bids, rnu: counts.rnu });
  assert.ok(counts.bids > 540 && counts.rnu >= 6);
  for (const e of Object.values(first.byEntity)) assert.equal(e.quarantined, 0);
  // Reference lists travel in the sample too: ids are read from them, never assumed.
  assert.deepEqual(first.refs.ref_trade_methods, { items: 5, upserted: 5 });
  const zcp = await db.query<{ id: string }>(
    `SELECT id FROM goszakup.refs WHERE ref_name = 'ref_trade_methods' AND name_ru = 'Запрос ценовых предложений'`,
  );
  assert.equal(zcp.rows.length, 1);
  // What the sample promises: dumping bids, single-bid lots, RNU suppliers among the bidders.
  const facts = await db.query<{ dumping: string; single: string; rnu_bidders: string }>(`
    SELECT (SELECT count(*) FROM goszakup.bids b JOIN goszakup.lots l ON l.id = b.lot_id WHERE b.price < l.amount * 0.7) AS dumping,
           (SELECT count(*) FROM (SELECT lot_id FROM goszakup.bids GROUP BY lot_id HAVING count(*) = 1) s) AS single,
           (SELECT count(DISTINCT b.supplier_bin_iin) FROM goszakup.bids b JOIN goszakup.rnu r ON r.supplier_biin = b.supplier_bin_iin) AS rnu_bidders`);
  const f = facts.rows[0]!;
  assert.ok(Number(f.dumping) > 10, `dumping bids: ${f.dumping}`);
  assert.ok(Number(f.single) > 10, `single-bid lots: ${f.single}`);
  assert.ok(Number(f.rnu_bidders) >= 3, `RNU bidders: ${f.rnu_bidders}`);
  const digest = await tableDigest(db);
  const again = await importItems(deps, await jsonlLines(SAMPLE_FILE));
  for (const e of [...Object.values(again.byEntity), ...Object.values(again.refs)])
    assert.equal(e.upserted, 0, 'a second import changes nothing');
  assert.deepEqual(await tableDigest(db), digest);
  return digest;
}

test('offline import of the bundled sample on PGlite and on PostgreSQL gives the same tables', async (t) => {
  const lite = await openDb('pglite:memory:');
  let liteDigest: Record<string, string>;
  try {
    liteDigest = await checkSample(lite);
  } finally {
    await lite.close();
  }
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase('zk_etl');
  const pg = await openDb(tdb.url);
  try {
    assert.deepEqual(await checkSample(pg), liteDigest);
  } finally {
    await pg.close();
    await tdb.drop();
  }
});

test('bad lines are quarantined with their reason, the rest is loaded; camelCase items are accepted', async () => {
  const db = await openDb('pglite:memory:');
  try {
    await migrate(db, etlMigrations);
    const text = [
      JSON.stringify({ entity: 'lots', item: { id: 1, lot_number: 'A-1', amount: 100.5 } }),
      '{"entity": "lots", "item": {"id": 2, ',
      JSON.stringify({
        entity: 'lots',
        item: { id: 3, lotNumber: 'A-3', amount: '12345678901234567890.12', enstruList: ['1', '2'] },
      }),
      JSON.stringify({ entity: 'lots', item: { id: 4, lot_number: 'A-4', amount: 'сто' } }),
      JSON.stringify({ entity: 'planets', item: { id: 5 } }),
      JSON.stringify({
        entity: 'rnu',
        item: { id: 6, supplier_biin: '123456789012', end_date: '2025-02-30x' },
      }),
    ].join('\n');
    const lines = createInterface({ input: Readable.from([text]) });
    const r = await importItems({ store: new PgSyncStore(db), metrics: etlMetrics(new Registry()) }, lines);
    assert.deepEqual(r.byEntity.lots, { items: 5, upserted: 2, quarantined: 3 });
    const rows = await db.query<{ id: string; amount: string; enstru_list: string[] }>(
      'SELECT id, amount, enstru_list FROM goszakup.lots ORDER BY id',
    );
    assert.deepEqual(rows.rows, [
      { id: '1', amount: '100.5', enstru_list: null },
      { id: '3', amount: '12345678901234567890.12', enstru_list: ['1', '2'] },
    ]);
    const q = await db.query<{ entity: string; reason: string }>(
      'SELECT entity, reason FROM zakupai.etl_quarantine ORDER BY id',
    );
    assert.deepEqual(q.rows, [
      { entity: 'lots', reason: 'line 2: not JSON' },
      { entity: 'lots', reason: 'field amount: not a decimal number' },
      { entity: 'lots', reason: 'line 5: no known entity (use --entity or {"entity","item"} lines)' },
      { entity: 'rnu', reason: 'field end_date: not a date' },
    ]);
  } finally {
    await db.close();
  }
});

test('ETL_IMPORT_SAMPLE=if-empty loads the sample only into an empty database', async () => {
  const db = await openDb('pglite:memory:');
  try {
    await migrate(db, etlMigrations);
    const deps = { store: new PgSyncStore(db), metrics: etlMetrics(new Registry()) };
    const lines = () => jsonlLines(SAMPLE_FILE);
    assert.equal(await importSampleIfWanted(undefined, db, deps, lines), null);
    const first = await importSampleIfWanted('if-empty', db, deps, lines);
    assert.equal(first?.byEntity.lots?.upserted, 360);
    assert.equal(await importSampleIfWanted('if-empty', db, deps, lines), null);
  } finally {
    await db.close();
  }
});
