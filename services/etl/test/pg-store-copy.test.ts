import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { migrate, openDb, type CopyData, type Db, type Queryable } from '@zakupai/db';
import { prepareItem, type PreparedRow } from '@zakupai/goszakup';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { etlMigrations } from '../src/adapters/migrations.ts';
import { PgSyncStore } from '../src/adapters/pg-store.ts';
import { tableDigest } from './harness.ts';

/** The same database, with the COPY statements it receives recorded, or with COPY withheld (the plain-SQL path). */
function wrap(db: Db, copy: 'record' | 'withhold', calls: string[] = []): Db {
  const txOf = (tx: Queryable): Queryable => ({
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    ...(copy === 'record' && tx.copyFrom
      ? {
          copyFrom: (sql: string, data: CopyData) => {
            calls.push(sql.split(' (')[0]!);
            return tx.copyFrom!(sql, data);
          },
        }
      : {}),
  });
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn(txOf(tx))),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}

function rows(items: unknown[]): PreparedRow[] {
  return items.map((it) => {
    const p = prepareItem('lots', it);
    assert.ok(p.ok, JSON.stringify(p));
    return p.rows[0]!;
  });
}

/** Values that COPY's text format must escape, and coercions the validation makes. */
const TRICKY = [
  {
    id: 1,
    lot_number: 'L\t1',
    amount: 8240124.99,
    name_ru: 'обратная косая \\ и \\N, "кавычки", перевод\nстроки, возврат\r, таб\t',
    name_kz: '\\N',
    description_ru: 'эмодзи 🚀 и разделитель строк \u2028 и \\.',
    description_kz: '',
    count: '  475  ',
    enstru_list: 'a, b,,c',
    dumping: true,
    psd_sign: false,
    customer_bin: '000140190008',
    trd_buy_id: '5000002',
    last_update_date: '2024-12-17T21:48:54Z',
    index_date: '2024-12-31 11:35:02.123456',
    system_id: 3,
    not_a_column: { nested: ['x', 1, null], quote: 'a"b\\c' },
  },
  {
    id: '2',
    lot_number: 42,
    amount: '0.0000001',
    count: 1e-7,
    enstru_list: ['x"y', 'a\\b', 'c,d', '{e}', 'NULL', ' sp ', '', 7],
    customer_name_ru: 123.5,
    dumping_lot_price: 12345678901234.56,
    union_lots: 1,
  },
  { id: 3, lot_number: 'L3', amount: 1e21, enstru_list: 7, customer_id: 9007199254740991 },
  { id: 4, lot_number: 'L4', amount: -0, enstru_list: [] },
];

const CHANGED = [
  { ...TRICKY[0], amount: 1, name_ru: 'изменено\tтоже' },
  TRICKY[1],
  { id: 5, lot_number: 'L5', amount: 5 },
];

async function writeBoth(store: PgSyncStore) {
  const first = await store.writePage('lots', { table: 'lots', rows: rows(TRICKY), quarantine: [] });
  const firstAgain = await store.writePage('lots', { table: 'lots', rows: rows(TRICKY), quarantine: [] });
  const second = await store.writePage('lots', {
    table: 'lots',
    rows: rows(CHANGED),
    quarantine: [{ itemId: '6', reason: 'missing required field amount', raw: { id: 6 } }],
  });
  return { first, firstAgain, second };
}

test('COPY pages store exactly what the plain-SQL path stores, on PostgreSQL and on PGlite', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const a = await createTestDatabase('zk_etl_copy');
  const b = await createTestDatabase('zk_etl_nocopy');
  const dbA = await openDb(a.url);
  const dbB = await openDb(b.url);
  const lite = await openDb('pglite:memory:');
  try {
    for (const db of [dbA, dbB, lite]) await migrate(db, etlMigrations);
    const calls: string[] = [];
    const copied = await writeBoth(new PgSyncStore(wrap(dbA, 'record', calls)));
    // A first page goes straight into the table; pages with stored ids through the staging table.
    assert.deepEqual(calls, [
      'COPY goszakup.lots',
      'COPY pg_temp.etl_stage_lots',
      'COPY pg_temp.etl_stage_lots',
    ]);
    const plain = await writeBoth(new PgSyncStore(wrap(dbB, 'withhold')));
    const embedded = await writeBoth(new PgSyncStore(lite));
    assert.deepEqual(copied, plain);
    assert.deepEqual(copied, embedded);
    assert.deepEqual(copied.first, { upserted: 4, quarantined: 0 });
    assert.deepEqual(copied.firstAgain, { upserted: 0, quarantined: 0 }, 'unchanged rows are not rewritten');
    assert.deepEqual(copied.second, { upserted: 2, quarantined: 1 });
    const digest = await tableDigest(dbA);
    assert.deepEqual(await tableDigest(dbB), digest);
    assert.deepEqual(await tableDigest(lite), digest);

    const r = await dbA.query<{
      id: string;
      name_ru: string;
      name_kz: string;
      enstru_list: string[];
      amount: string;
    }>(
      'SELECT id, name_ru, name_kz, enstru_list, amount FROM goszakup.lots WHERE id IN (1, 2, 3) ORDER BY id',
    );
    assert.equal(r.rows[0]!.name_ru, 'изменено\tтоже');
    assert.equal(r.rows[0]!.name_kz, '\\N', 'a backslash-N string is text, not NULL');
    assert.deepEqual(r.rows[1]!.enstru_list, ['x"y', 'a\\b', 'c,d', '{e}', 'NULL', ' sp ', '', '7']);
    assert.equal(r.rows[1]!.amount, '0.0000001');
    assert.equal(r.rows[2]!.amount, '1000000000000000000000');
    const q = await dbA.query<{ n: string }>('SELECT count(*) AS n FROM zakupai.etl_quarantine');
    assert.equal(q.rows[0]!.n, '1');
  } finally {
    await lite.close();
    await dbA.close();
    await dbB.close();
    await a.drop();
    await b.drop();
  }
});

test('a straight COPY that loses an id to another writer is merged instead, in a new transaction', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase('zk_etl_race');
  const db = await openDb(tdb.url);
  const other = new pg.Client({ connectionString: tdb.url });
  try {
    await migrate(db, etlMigrations);
    await other.connect();
    await other.query('BEGIN');
    await other.query(`INSERT INTO goszakup.lots (id, lot_number, amount, raw) VALUES (3, 'other', 1, '{}')`);
    const calls: string[] = [];
    const store = new PgSyncStore(wrap(db, 'record', calls));
    const writing = store.writePage('lots', { table: 'lots', rows: rows(TRICKY), quarantine: [] });
    // The straight COPY does not see the uncommitted row, so it waits on the unique index for the other writer.
    for (let i = 0; ; i += 1) {
      const w = await other.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (w.rowCount === 1) break;
      assert.ok(i < 200, 'the COPY waits for the other writer');
      await sleep(25);
    }
    await other.query('COMMIT');
    assert.deepEqual(await writing, { upserted: 4, quarantined: 0 });
    assert.deepEqual(calls, ['COPY goszakup.lots', 'COPY pg_temp.etl_stage_lots']);
    const r = await db.query<{ lot_number: string; n: string }>(
      `SELECT (SELECT lot_number FROM goszakup.lots WHERE id = 3) AS lot_number, (SELECT count(*) FROM goszakup.lots) AS n`,
    );
    assert.deepEqual(r.rows[0], { lot_number: 'L3', n: '4' });
  } finally {
    await other.end().catch(() => {});
    await db.close();
    await tdb.drop();
  }
});

test(
  'pages in flight that share an id commit in order instead of waiting on each other',
  { timeout: 20_000 },
  async (t) => {
    if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
    const tdb = await createTestDatabase('zk_etl_overlap');
    const db = await openDb(tdb.url);
    const other = new pg.Client({ connectionString: tdb.url });
    try {
      await migrate(db, etlMigrations);
      await other.connect();
      const store = new PgSyncStore(db);
      await store.beginRun('lots', { mode: 'full', since: null });
      const lot = (id: number, tag: string) => ({ id, lot_number: `${tag}-${id}`, amount: id });
      const one = rows([...Array.from({ length: 499 }, (_, i) => lot(1000 + i, 'a')), lot(5000, 'a')]);
      const two = rows([lot(5000, 'b'), ...Array.from({ length: 499 }, (_, i) => lot(6000 + i, 'b'))]);
      // Another writer holds the first page's first id, so that page stalls; were the second page to go ahead, it
      // would hold id 5000 while waiting for the first page's commit, and the first page, merging after losing its
      // first id, would wait for 5000: a wait the database cannot see. Here the second page waits its turn.
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO goszakup.lots (id, lot_number, amount, raw) VALUES (1000, 'other', 1, '{}')`,
      );
      const p1 = store.writePage('lots', {
        table: 'lots',
        rows: one,
        quarantine: [],
        checkpoint: { expect: '', next: 'c1' },
      });
      const p2 = store.writePage('lots', {
        table: 'lots',
        rows: two,
        quarantine: [],
        checkpoint: { expect: 'c1', next: null, after: p1 },
      });
      for (let i = 0; ; i += 1) {
        const w = await other.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (w.rowCount === 1) break;
        assert.ok(i < 200, 'the first page waits for the other writer');
        await sleep(25);
      }
      await sleep(300);
      await other.query('COMMIT');
      assert.deepEqual(await Promise.all([p1, p2]), [
        { upserted: 500, quarantined: 0 },
        { upserted: 500, quarantined: 0 },
      ]);
      const r = await db.query<{ first: string; shared: string; n: string }>(
        `SELECT (SELECT lot_number FROM goszakup.lots WHERE id = 1000) AS first,
              (SELECT lot_number FROM goszakup.lots WHERE id = 5000) AS shared,
              (SELECT count(*) FROM goszakup.lots) AS n`,
      );
      assert.deepEqual(r.rows[0], { first: 'a-1000', shared: 'b-5000', n: '999' });
      const cp = await store.checkpoint('lots');
      assert.equal(cp?.cursor, null);
      assert.equal(cp?.itemsInRun, 1000);
    } finally {
      await other.end().catch(() => {});
      await db.close();
      await tdb.drop();
    }
  },
);
