import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate, openDb, type Db } from '@zakupai/db';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { TABLE_COLUMNS, goszakupMigrations } from '../src/index.ts';

async function columns(db: Db) {
  const r = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'goszakup' ORDER BY table_name, ordinal_position`,
  );
  return r.rows;
}

async function exercise(db: Db) {
  assert.deepEqual(await migrate(db, goszakupMigrations), ['goszakup-0001-mirror']);
  // Re-running the SQL itself is harmless (IF NOT EXISTS), whatever the bookkeeping says.
  await db.transaction(async (tx) => {
    await tx.query(goszakupMigrations[0]!.sql);
  });
  const cols = await columns(db);
  const tables = new Set(cols.map((c) => c.table_name));
  for (const t of ['trd_buy', 'lots', 'contracts', 'rnu', 'bids', 'refs']) assert.ok(tables.has(t), t);
  for (const [table, spec] of Object.entries(TABLE_COLUMNS)) {
    const live = cols.filter((c) => c.table_name === table).map((c) => c.column_name);
    assert.deepEqual(
      live,
      [...spec.map((c) => c.name), 'raw', 'synced_at'],
      `${table}: TABLE_COLUMNS matches the schema`,
    );
  }
  const type = (t: string, c: string) =>
    cols.find((x) => x.table_name === t && x.column_name === c)?.data_type;
  assert.equal(type('lots', 'amount'), 'numeric');
  assert.equal(type('contracts', 'contract_sum_wnds'), 'numeric');
  assert.equal(type('bids', 'price'), 'numeric');
  assert.equal(type('lots', 'raw'), 'jsonb');
  assert.equal(type('rnu', 'end_date'), 'timestamp without time zone');
  await db.query(
    `INSERT INTO goszakup.lots (id, lot_number, amount, raw) VALUES (9007199254740993, 'L-1', 12345678901234.56, '{}')`,
  );
  const r = await db.query<{ id: string; amount: string }>('SELECT id, amount FROM goszakup.lots');
  assert.deepEqual(r.rows, [{ id: '9007199254740993', amount: '12345678901234.56' }]);
  return cols;
}

test('goszakup migrations on PGlite', async () => {
  const db = await openDb('pglite:memory:');
  try {
    await exercise(db);
  } finally {
    await db.close();
  }
});

test('goszakup migrations on PostgreSQL give the same columns as on PGlite', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase();
  const db = await openDb(tdb.url);
  const lite = await openDb('pglite:memory:');
  try {
    const a = await exercise(db);
    const b = await exercise(lite);
    assert.deepEqual(a, b);
  } finally {
    await db.close();
    await lite.close();
    await tdb.drop();
  }
});
