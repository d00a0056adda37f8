import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb, RotatingDb, type Db } from '@zakupai/db';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';

const migrations = [
  {
    id: 't-0001',
    sql: 'CREATE TABLE zakupai.t (id int PRIMARY KEY, amount numeric(20,2) NOT NULL); CREATE INDEX t_amount ON zakupai.t (amount)',
  },
  { id: 't-0002', sql: 'ALTER TABLE zakupai.t ADD COLUMN big bigint' },
];

async function exercise(db: Db) {
  assert.deepEqual(await migrate(db, migrations), ['t-0001', 't-0002']);
  assert.deepEqual(await migrate(db, migrations), [], 'a second run applies nothing');
  const ins = await db.query(
    'INSERT INTO zakupai.t (id, amount, big) VALUES (1, 12345678901234.57, 9007199254740993), (2, 0.10, 1)',
  );
  assert.equal(ins.rowCount, 2);
  const sel = await db.query<{ amount: string; big: string }>(
    'SELECT amount, big FROM zakupai.t ORDER BY id',
  );
  assert.equal(sel.rowCount, 2);
  assert.deepEqual(
    sel.rows[0],
    { amount: '12345678901234.57', big: '9007199254740993' },
    'numeric and int8 stay exact strings',
  );
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO zakupai.t (id, amount) VALUES (3, 1)');
      throw new Error('abort');
    }),
  );
  assert.equal((await db.query('SELECT 1 FROM zakupai.t WHERE id = 3')).rowCount, 0, 'rolled back');
  await db.ping();
}

test('PGlite: migrations, exact numerics, transactions; a persistent directory survives reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-pglite-'));
  try {
    const db = await openDb(`pglite:${dir}`);
    await exercise(db);
    await db.close();
    const again = await openDb(`pglite:${dir}`);
    assert.deepEqual(await migrate(again, migrations), [], 'reopened database remembers its migrations');
    assert.equal((await again.query('SELECT 1 FROM zakupai.t')).rowCount, 2);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: the same behaviour, and concurrent migrators apply each migration once', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL on 127.0.0.1:5432')) return;
  const tdb = await createTestDatabase('zk_db');
  try {
    const dbs = await Promise.all([openDb(tdb.url), openDb(tdb.url), openDb(tdb.url)]);
    const applied = await Promise.all(dbs.map((d) => migrate(d, migrations)));
    assert.deepEqual(applied.flat().sort(), ['t-0001', 't-0002']);
    await dbs[0]!.query('DROP TABLE zakupai.t');
    await dbs[0]!.query('DELETE FROM zakupai.schema_migrations');
    await exercise(dbs[0]!);
    await Promise.all(dbs.map((d) => d.close()));
  } finally {
    await tdb.drop();
  }
});

test('RotatingDb swaps to a new URL only after it answers; a bad URL keeps the old pool', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL on 127.0.0.1:5432')) return;
  const a = await createTestDatabase('zk_rot_a');
  const b = await createTestDatabase('zk_rot_b');
  try {
    const db = await RotatingDb.open(a.url);
    const name = async () => (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    assert.equal(await name(), a.name);
    assert.equal(await db.rotate(a.url), false, 'same URL is a no-op');
    await assert.rejects(db.rotate('postgres://postgres@127.0.0.1:1/nowhere'));
    assert.equal(await name(), a.name, 'failed rotation keeps serving from the old pool');
    assert.equal(await db.rotate(b.url), true);
    assert.equal(await name(), b.name);
    await db.close();
  } finally {
    await a.drop();
    await b.drop();
  }
});

test('an unknown DATABASE_URL scheme is a config error that does not echo the URL', async () => {
  await assert.rejects(openDb('mysql://user:hunter2@host/db'), (e: Error) => {
    assert.match(e.message, /postgres:\/\//);
    assert.ok(!e.message.includes('hunter2'));
    return true;
  });
});
