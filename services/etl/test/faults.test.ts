import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTITIES } from '@zakupai/goszakup';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { actual, errorCount, expected, harness } from './harness.ts';

test('faults during a sync do not stop it: same final tables, each fault counted, bad items quarantined', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase('zk_etl');
  let token = 'token-1';
  let vault = 'token-1';
  let refreshes = 0;
  const broken = { lots: [10, 777, 1500], contracts: [5], bids: [3] };
  const h = await harness(
    tdb.url,
    { lots: 2000, seed: 3, token: 'token-1', broken },
    {
      token: () => token,
      // The first re-read after rotation still sees the old value (Vault lag); the second one sees the new.
      refresh: async () => {
        refreshes += 1;
        if (refreshes >= 2) token = vault;
      },
      timeoutMs: 500,
    },
  );
  const f = h.fake;
  f.inject('429', { match: /^\/v3\/lots/, skip: 1, retryAfterSeconds: 1 });
  f.inject('500', { match: /^\/v3\/trd-buy/, count: 2, skip: 1 });
  f.inject('503', { match: /^\/v3\/graphql/, count: 3 });
  f.inject('hang', { match: /^\/v3\/rnu\/\d+/, skip: 2 });
  f.inject('drop', { match: /^\/v3\/lots/, skip: 2 });
  f.inject('malformed', { match: /^\/v3\/trd-buy/, skip: 1 });
  f.inject('html', { match: /^\/v3\/lots/, skip: 3 });
  f.inject('gql-errors', { match: /^\/v3\/graphql/, skip: 2 });
  let pages = 0;
  h.deps.onEvent = (e) => {
    if (e.type === 'page' && e.entity === 'lots' && ++pages === 2) {
      vault = 'token-2';
      f.rotateToken('token-2');
    }
  };
  try {
    const results = await h.syncAll({ full: true });
    for (const r of results) assert.equal(r.status, 'ok', `${r.entity}: ${r.error}`);
    assert.equal(f.pendingFaults(), 0, 'every injected fault was served');
    for (const e of ENTITIES) assert.deepEqual(await actual(h.db, e), expected(f.data, e), `${e} rows`);

    assert.ok((await errorCount(h.registry, 'rate_limited')) >= 1, 'rate_limited');
    assert.ok((await errorCount(h.registry, 'http_5xx')) >= 5, 'http_5xx');
    assert.ok((await errorCount(h.registry, 'timeout')) >= 1, 'timeout');
    assert.ok((await errorCount(h.registry, 'network')) >= 1, 'network');
    // malformed JSON + HTML page + GraphQL errors + 5 bad items
    assert.ok((await errorCount(h.registry, 'parse')) >= 8, 'parse');
    assert.equal(await errorCount(h.registry, 'auth'), 1, 'one auth error while the rotated secret lagged');
    assert.equal(await errorCount(h.registry, 'http_4xx'), 0);
    assert.equal(refreshes, 2);
    assert.equal(token, 'token-2');

    const q = await h.db.query<{ entity: string; item_id: string | null; reason: string }>(
      'SELECT entity, item_id, reason FROM zakupai.etl_quarantine ORDER BY entity, item_id',
    );
    const byEntity = (e: string) => q.rows.filter((r) => r.entity === e);
    assert.deepEqual(
      byEntity('lots').map((r) => [r.item_id, r.reason]),
      broken.lots.map((i) => [String(f.data.idAt('lots', i)), 'missing required field lot_number']),
    );
    assert.deepEqual(
      byEntity('contracts').map((r) => r.reason),
      ['missing required field id'],
    );
    assert.deepEqual(
      byEntity('bids').map((r) => [r.item_id, r.reason]),
      [[String(f.data.idAt('bids', 3)), 'missing required field app_lots']],
    );

    const runs = await h.deps.store.lastRuns();
    const lotsRun = runs.find((r) => r.entity === 'lots')!;
    assert.equal(lotsRun.status, 'ok');
    assert.equal(lotsRun.itemsQuarantined, 3);
    assert.ok((lotsRun.errors.parse ?? 0) >= 4, 'the run records its own errors');
  } finally {
    await h.close();
    await tdb.drop();
  }
});

test('a token rotated during a long sync is used from the next request on', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const tdb = await createTestDatabase('zk_etl');
  let token = 'old';
  const h = await harness(
    tdb.url,
    { lots: 3000, token: 'old' },
    { token: () => token, refresh: async () => {} },
  );
  let pages = 0;
  h.deps.onEvent = (e) => {
    if (e.type === 'page' && ++pages === 3) {
      token = 'new';
      h.fake.rotateToken('new');
    }
  };
  try {
    const r = await h.syncAll({ full: true });
    for (const x of r) assert.equal(x.status, 'ok');
    assert.deepEqual([...h.fake.stats.tokensSeen].sort(), ['new', 'old']);
    assert.equal(
      h.fake.stats.faults['401'],
      undefined,
      'no request went out with the old token after the change',
    );
    assert.equal(await errorCount(h.registry, 'auth'), 0);
  } finally {
    await h.close();
    await tdb.drop();
  }
});
