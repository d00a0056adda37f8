import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITIES } from '@zakupai/goszakup';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { actual, expected, harness, tableDigest } from './harness.ts';

test('a full sync of several thousand items over many pages matches the fake row for row; a second changes nothing', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase('zk_etl');
  const h = await harness(tdb.url, { lots: 3000, seed: 7 });
  try {
    const first = await h.syncAll({ full: true });
    for (const r of first) assert.equal(r.status, 'ok', `${r.entity}: ${r.error}`);
    const lots = first.find((r) => r.entity === 'lots')!;
    assert.equal(lots.pages, 6, '3000 lots in pages of 500');
    for (const e of ENTITIES) {
      const want = expected(h.fake.data, e);
      const got = await actual(h.db, e);
      assert.ok(want.size > 0, e);
      assert.equal(got.size, want.size, `${e} row count`);
      assert.deepEqual(got, want, `${e} rows`);
    }
    const typed = await h.db.query<{ amount: string; lot_number: string }>(
      'SELECT amount, lot_number FROM goszakup.lots WHERE id = $1',
      [h.fake.data.idAt('lots', 42)],
    );
    const src = h.fake.data.item('lots', 42);
    assert.deepEqual(typed.rows[0], { amount: String(src.amount), lot_number: src.lot_number });
    const link = await h.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM goszakup.contracts c JOIN goszakup.lots l ON l.id = c.lot_id',
    );
    assert.equal(Number(link.rows[0]!.n), h.fake.data.count('contracts'), 'every contract links to its lot');

    const digest = await tableDigest(h.db);
    const again = await h.syncAll({ full: true });
    for (const r of again) {
      assert.equal(r.status, 'ok');
      assert.equal(r.upserted, 0, `${r.entity}: a repeated full sync writes nothing`);
    }
    const incremental = await h.syncAll();
    for (const r of incremental) assert.equal(r.upserted, 0, `${r.entity}: incremental sync writes nothing`);
    assert.equal(incremental.find((r) => r.entity === 'lots')!.plan!.mode, 'since');
    assert.deepEqual(await tableDigest(h.db), digest);
  } finally {
    await h.close();
    await tdb.drop();
  }
});
