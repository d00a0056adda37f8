import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { start } from '../src/main.ts';
import { parseSchedule, startSchedule } from '../src/app/schedule.ts';

test('the etl service: POST /etl/sync, GET /etl/status, metrics on the metrics port, no token anywhere', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const dir = await mkdtemp(join(tmpdir(), 'zk-etl-svc-'));
  const tdb = await createTestDatabase('zk_etl_svc');
  const token = 'svc-token-5e5e5e';
  const fake = await FakeGoszakup.start({ lots: 900, token, broken: { lots: [7] } });
  const file = join(dir, 'secrets.json');
  await writeFile(file, JSON.stringify({ etl: { DATABASE_URL: tdb.url, GOSZAKUP_TOKEN: token } }), {
    mode: 0o600,
  });
  const svc = await start({
    ZAKUPAI_SECRETS_FILE: file,
    PORT: '0',
    METRICS_PORT: '0',
    ETL_SCHEDULE: 'off',
    GOSZAKUP_API_URL: fake.url,
    GOSZAKUP_RATE: '0',
    LOG_LEVEL: 'silent',
  });
  try {
    const bad = await fetch(`${svc.url}/etl/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entities: ['planets'] }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /planets/);

    const res = await fetch(`${svc.url}/etl/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entities: ['trd_buy', 'lots'], wait: true }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      results: Array<{ entity: string; status: string; upserted: number; quarantined: number }>;
    };
    assert.deepEqual(
      body.results.map((r) => [r.entity, r.status, r.upserted, r.quarantined]),
      [
        ['trd_buy', 'ok', 450, 0],
        ['lots', 'ok', 899, 1],
      ],
    );

    const accepted = await fetch(`${svc.url}/etl/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"entities":["rnu"]}',
    });
    assert.equal(accepted.status, 202);
    let status: {
      running: string[];
      entities: Array<{
        entity: string;
        lastRun: { status: string; itemsUpserted: number } | null;
        quarantined: number;
        checkpoint: { inProgress: boolean; lastSuccessAt: string | null } | null;
      }>;
    };
    for (;;) {
      status = (await (await fetch(`${svc.url}/etl/status`)).json()) as typeof status;
      if (
        status.running.length === 0 &&
        status.entities.find((e) => e.entity === 'rnu')?.lastRun?.status === 'ok'
      )
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const lots = status.entities.find((e) => e.entity === 'lots')!;
    assert.equal(lots.lastRun!.itemsUpserted, 899);
    assert.equal(lots.quarantined, 1);
    assert.equal(lots.checkpoint!.inProgress, false);
    assert.ok(lots.checkpoint!.lastSuccessAt);
    assert.equal(status.entities.find((e) => e.entity === 'bids')!.lastRun, null);

    const metrics = await (await fetch(svc.metricsUrl)).text();
    assert.match(metrics, /goszakup_requests_total\{entity="lots"[^}]*\} 2/);
    assert.match(metrics, /etl_items_upserted_total\{entity="lots"[^}]*\} 899/);
    assert.match(metrics, /etl_last_success_timestamp_seconds\{entity="lots"/);
    assert.match(metrics, /goszakup_errors_total\{error_type="parse"[^}]*\} 1/);
    assert.match(metrics, /goszakup_request_duration_seconds_bucket/);
    assert.ok(!metrics.includes(token));
    const notOnPublic = await fetch(`${svc.url}/metrics`);
    assert.equal(notOnPublic.status, 404);
    const ready = await fetch(`${svc.url}/ready`);
    assert.equal(ready.status, 200);
    assert.ok(!(await ready.text()).includes(token));
    const everything = await fetch(`${svc.url}/etl/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"wait":true}',
    });
    assert.equal(everything.status, 200);
    const after = (await (await fetch(`${svc.url}/etl/status`)).json()) as {
      refs: { loaded: Record<string, number>; failed: Record<string, string> };
    };
    assert.equal(after.refs.loaded.ref_trade_methods, 5);
    assert.deepEqual(after.refs.failed, {});
    const spec = (await (await fetch(`${svc.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    assert.ok(spec.paths['/etl/sync'] && spec.paths['/etl/status']);
  } finally {
    await svc.stop();
    await fake.close();
    await tdb.drop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('ETL_SCHEDULE: default 15 minutes, off, bad values named; ticks never overlap', async () => {
  assert.equal(parseSchedule(undefined), 15 * 60_000);
  assert.equal(parseSchedule('1h'), 3_600_000);
  assert.equal(parseSchedule('off'), null);
  assert.throws(() => parseSchedule('every day'), /ETL_SCHEDULE/);
  let active = 0;
  let maxActive = 0;
  let ticks = 0;
  const stop = startSchedule(
    1000,
    async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      ticks += 1;
      await new Promise((r) => setTimeout(r, 1500));
      active -= 1;
    },
    () => {},
  );
  await new Promise((r) => setTimeout(r, 4300));
  await stop();
  assert.equal(maxActive, 1);
  assert.equal(ticks, 2, 'a slow tick delays the next one instead of overlapping it');
});

test('reference lists land in goszakup.refs; a list that fails does not stop the others', async () => {
  const { openDb } = await import('@zakupai/db');
  const { Registry } = await import('prom-client');
  const { OwsClient, loadRef } = await import('@zakupai/goszakup');
  const { migrateEtl } = await import('../src/adapters/migrate-etl.ts');
  const { PgSyncStore } = await import('../src/adapters/pg-store.ts');
  const { syncRefs } = await import('../src/app/sync-refs.ts');
  const fake = await FakeGoszakup.start({ lots: 1 });
  const db = await openDb('pglite:memory:');
  const client = new OwsClient({
    baseUrl: fake.url,
    token: () => 'fake-token',
    registry: new Registry(),
    ratePerSecond: 0,
  });
  try {
    await migrateEtl(db);
    const store = new PgSyncStore(db);
    const deps = {
      load: (n: string) => loadRef(client, n),
      save: (n: string, i: Parameters<typeof store.saveRefs>[1]) => store.saveRefs(n, i),
    };
    const r = await syncRefs(deps, ['ref_reason', 'ref_unknown', 'ref_buy_status']);
    assert.deepEqual(r, {
      loaded: { ref_reason: 4, ref_buy_status: 4 },
      failed: { ref_unknown: 'ZAK_GOSZAKUP_HTTP_4XX' },
    });
    const rows = await db.query<{ ref_name: string; id: string; name_ru: string }>(
      `SELECT ref_name, id, name_ru FROM goszakup.refs WHERE ref_name = 'ref_reason' ORDER BY id`,
    );
    assert.equal(rows.rows.length, 4);
    assert.equal(rows.rows[1]!.name_ru, 'Уклонение от заключения договора');
    assert.equal(
      await store.saveRefs('ref_reason', await loadRef(client, 'ref_reason')),
      0,
      'unchanged lists write nothing',
    );
  } finally {
    await client.close();
    await fake.close();
    await db.close();
  }
});
