/**
 * Regression (chaos run, PostgreSQL restart): `GET /etl/status` and billing's `/internal/verify` answered
 * 500 ZAK_INTERNAL while the database was down, because only calc's and risk's stores translated a connection
 * failure. The kit now maps every database-unavailable error to 503 ZAK_DB_UNAVAILABLE with Retry-After.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresDb } from '@zakupai/db';
import { Redactor } from '@zakupai/secrets';
import { buildService, createLogger, createMetrics, type App } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';
import { freePort } from '@zakupai/testing/free-port';
import { ADMIN_URL, createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';

let available = false;
let tdb: TestDatabase | undefined;

before(async () => {
  available = await postgresAvailable();
  if (available) tdb = await createTestDatabase('zk_kit_dbdown');
});
after(async () => {
  await tdb?.drop();
});

async function appOn(db: PostgresDb): Promise<App> {
  const logger = createLogger({
    service: 'kit-db',
    redactor: new Redactor(),
    destination: captureStream(),
    level: 'error',
  });
  const app = await buildService({
    name: 'kit-db',
    version: '1.0.0',
    logger,
    metrics: createMetrics('kit-db'),
  });
  app.get('/count', async () => (await db.query('SELECT 1 AS n')).rows);
  app.get('/slow', async () => (await db.query('SELECT pg_sleep(10)')).rows);
  app.get('/broken-sql', async () => (await db.query('SELEC 1')).rows);
  await app.ready();
  return app;
}

test('db-unavailable-500 bug: a refused database connection is 503 ZAK_DB_UNAVAILABLE with Retry-After', async () => {
  const db = new PostgresDb(`postgres://app:pw@127.0.0.1:${await freePort()}/app`, {
    connectionTimeoutMs: 1000,
  });
  const app = await appOn(db);
  try {
    const started = Date.now();
    const r = await app.inject({ method: 'GET', url: '/count', headers: { 'x-request-id': 'db-down-1' } });
    assert.equal(r.statusCode, 503, r.body);
    assert.equal(r.headers['retry-after'], '5');
    assert.deepEqual(r.json(), {
      error: { code: 'ZAK_DB_UNAVAILABLE', message: 'the database is unavailable', requestId: 'db-down-1' },
    });
    assert.ok(Date.now() - started < 2000, 'a fast answer, not a hang');
  } finally {
    await app.close();
    await db.close();
  }
});

test('db-unavailable-500 bug: a session cut by the server (57P01, as in a fast shutdown) is 503; a bad statement is still 500', async (t) => {
  if (!requireServer(t, available, 'PostgreSQL')) return;
  const db = new PostgresDb(tdb!.url);
  const app = await appOn(db);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const pending = app.inject({ method: 'GET', url: '/slow' });
    let killed = 0;
    for (let i = 0; i < 50 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const k = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%'`,
        [tdb!.name],
      );
      killed = k.rowCount ?? 0;
    }
    assert.equal(killed, 1, 'the sleeping session was found and terminated');
    const r = await pending;
    assert.equal(r.statusCode, 503, r.body);
    assert.equal(r.json().error.code, 'ZAK_DB_UNAVAILABLE');
    assert.equal(r.headers['retry-after'], '5');

    const ok = await app.inject({ method: 'GET', url: '/count' });
    assert.equal(ok.statusCode, 200, 'the pool replaced the dead session');
    const bad = await app.inject({ method: 'GET', url: '/broken-sql' });
    assert.equal(bad.statusCode, 500, 'a statement error is ours, not an outage');
    assert.equal(bad.json().error.code, 'ZAK_INTERNAL');
  } finally {
    await admin.end();
    await app.close();
    await db.close();
  }
});
