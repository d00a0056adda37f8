import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import {
  GoszakupError,
  OwsClient,
  RateCap,
  backoffDelay,
  graphqlPages,
  loadRef,
  parseRetryAfter,
  restPages,
  restStart,
  rnuDetail,
  type OwsClientOptions,
} from '../src/index.ts';

async function errors(registry: Registry): Promise<Record<string, number>> {
  const m = await registry.getSingleMetric('goszakup_errors_total')!.get();
  return Object.fromEntries(
    m.values.filter((v) => v.value > 0).map((v) => [String(v.labels.error_type), v.value]),
  );
}

function client(fake: FakeGoszakup, o: Partial<OwsClientOptions> = {}) {
  const registry = new Registry();
  const c = new OwsClient({
    baseUrl: fake.url,
    token: () => 'fake-token',
    registry,
    timeoutMs: 1000,
    backoff: { baseMs: 5, maxMs: 20 },
    ratePerSecond: 0,
    ...o,
  });
  return { c, registry };
}

test('REST walk follows next_page with search_after until empty, limit 500, newest first', async () => {
  const fake = await FakeGoszakup.start({ lots: 1234 });
  const { c, registry } = client(fake);
  try {
    const ids: number[] = [];
    let pages = 0;
    for await (const p of restPages(c, 'lots', restStart('/v3/lots'))) {
      pages += 1;
      assert.equal(p.total, 1234);
      for (const it of p.items) ids.push((it as { id: number }).id);
      if (p.next) assert.match(p.next, /^\/v3\/lots\?page=next&limit=500&search_after=\d+$/);
    }
    assert.equal(pages, 3);
    assert.equal(ids.length, 1234);
    assert.equal(new Set(ids).size, 1234);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    const req = (await registry.getSingleMetric('goszakup_requests_total')!.get()).values;
    assert.deepEqual(
      req.map((v) => [v.labels.entity, v.value]),
      [['lots', 3]],
    );
  } finally {
    await c.close();
    await fake.close();
  }
});

test('GraphQL walk uses extensions.pageInfo.lastId as after; errors with HTTP 200 are parse errors and retried', async () => {
  const fake = await FakeGoszakup.start({ lots: 450 });
  const { c, registry } = client(fake);
  fake.inject('gql-errors', { skip: 1 });
  try {
    const ids: number[] = [];
    for await (const p of graphqlPages(c, 'lots', {
      root: 'Lots',
      selection: 'id lotNumber amount enstruList',
    })) {
      for (const it of p.items) {
        ids.push((it as { id: number }).id);
        assert.deepEqual(Object.keys(it as object), ['id', 'lot_number', 'amount', 'enstru_list']);
      }
    }
    assert.equal(ids.length, 450);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.deepEqual(await errors(registry), { parse: 1 });
    const filtered: unknown[] = [];
    const since = String(fake.data.item('lots', 100).last_update_date);
    for await (const p of graphqlPages(c, 'lots', {
      root: 'Lots',
      selection: 'id lastUpdateDate',
      filter: { lastUpdateDate: { gte: since } },
    }))
      filtered.push(...p.items);
    assert.ok(filtered.length > 0 && filtered.length < 450);
    assert.ok(filtered.every((x) => String((x as { last_update_date: string }).last_update_date) >= since));
  } finally {
    await c.close();
    await fake.close();
  }
});

test('RNU detail: dates for a listed supplier, [] for a 404; reference lists are read from /v3/refs', async () => {
  const fake = await FakeGoszakup.start({ lots: 10, suppliers: 40, rnuEvery: 7 });
  const { c, registry } = client(fake);
  try {
    const listed = fake.data.item('rnu', 0);
    const rows = (await rnuDetail(c, String(listed.supplier_biin))) as Array<{
      start_date: string;
      end_date: string;
    }>;
    assert.ok(rows.length >= 1);
    assert.match(rows[0]!.end_date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const notListed = fake.data.supplierBin(1);
    assert.deepEqual(await rnuDetail(c, notListed), []);
    const methods = await loadRef(c, 'ref_trade_methods');
    assert.ok(methods.some((m) => m.id === 6 && m.name_ru === 'Из одного источника'));
    assert.deepEqual(await errors(registry), {}, 'a 404 on the RNU detail is an answer, not an error');
    await assert.rejects(
      loadRef(c, 'ref_nope'),
      (e: unknown) => e instanceof GoszakupError && e.errorType === 'http_4xx',
    );
    assert.deepEqual(await errors(registry), { http_4xx: 1 });
  } finally {
    await c.close();
    await fake.close();
  }
});

test('bounded retries: a 5xx burst longer than the attempts fails with http_5xx; a 4xx is not retried', async () => {
  const fake = await FakeGoszakup.start({ lots: 10 });
  const { c, registry } = client(fake, { maxAttempts: 3 });
  fake.inject('503', { count: 10 });
  try {
    await assert.rejects(
      c.getJson('/v3/lots?limit=5', { entity: 'lots' }),
      (e: unknown) => e instanceof GoszakupError && e.errorType === 'http_5xx' && e.status === 503,
    );
    assert.equal(fake.stats.requests, 3);
    assert.deepEqual(await errors(registry), { http_5xx: 3 });
  } finally {
    await c.close();
    await fake.close();
  }
});

test('429 honours Retry-After; hang is a timeout, drop a network error, HTML a parse error; all retried', async () => {
  const fake = await FakeGoszakup.start({ lots: 10 });
  const { c, registry } = client(fake, { timeoutMs: 300 });
  fake.inject('429', { retryAfterSeconds: 1 });
  fake.inject('hang');
  fake.inject('drop');
  fake.inject('html');
  fake.inject('malformed');
  try {
    const t0 = Date.now();
    const body = (await c.getJson('/v3/lots?limit=5', { entity: 'lots' })) as { items: unknown[] };
    assert.equal(body.items.length, 5);
    assert.ok(Date.now() - t0 >= 1000 + 300, 'waited Retry-After and the timeout');
    assert.deepEqual(await errors(registry), { rate_limited: 1, timeout: 1, network: 1, parse: 2 });
  } finally {
    await c.close();
    await fake.close();
  }
});

test('401: one immediate re-read of the secret; a token still refused is an auth error, and fails fast', async () => {
  const fake = await FakeGoszakup.start({ lots: 10, token: 'v2' });
  let token = 'v1';
  let vault = 'v2';
  let refreshes = 0;
  const { c, registry } = client(fake, {
    token: () => token,
    refresh: async () => {
      refreshes += 1;
      token = vault;
    },
  });
  try {
    await c.getJson('/v3/lots?limit=1', { entity: 'lots' });
    assert.equal(refreshes, 1);
    assert.deepEqual(await errors(registry), {}, 'fixed by the re-read: not an auth error');
    fake.rotateToken('v3');
    vault = 'still-wrong';
    await assert.rejects(
      c.getJson('/v3/lots?limit=1', { entity: 'lots' }),
      (e: unknown) =>
        e instanceof GoszakupError && e.errorType === 'auth' && !e.message.includes('still-wrong'),
    );
    assert.deepEqual(await errors(registry), { auth: 2 });
  } finally {
    await c.close();
    await fake.close();
  }
});

test('TLS: the portal chain is trusted through a CA file; without it the request fails and is not retried', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
  const fake = await FakeGoszakup.start({ lots: 3, tls });
  const trusted = client(fake, { caFile: join(dir, 'cert.pem') });
  const untrusted = client(fake);
  try {
    const body = (await trusted.c.getJson('/v3/lots', { entity: 'lots' })) as { items: unknown[] };
    assert.equal(body.items.length, 3);
    const before = fake.stats.requests;
    await assert.rejects(
      untrusted.c.getJson('/v3/lots', { entity: 'lots' }),
      (e: unknown) => e instanceof GoszakupError && e.errorType === 'network',
    );
    assert.deepEqual(await errors(untrusted.registry), { network: 1 });
    assert.equal(fake.stats.requests, before, 'the handshake failed before any request');
    assert.throws(() => client(fake, { caFile: join(dir, 'missing.pem') }), /GOSZAKUP_CACERT/);
  } finally {
    await trusted.c.close();
    await untrusted.c.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backoff is jittered within bounds; Retry-After parses seconds and dates; the rate cap spaces requests', async () => {
  for (let a = 1; a <= 10; a += 1) {
    const d = backoffDelay(a, { baseMs: 100, maxMs: 5000 });
    assert.ok(d >= 0 && d <= Math.min(5000, 100 * 2 ** (a - 1)));
  }
  assert.equal(
    backoffDelay(3, { baseMs: 100, maxMs: 5000 }, () => 1),
    400,
  );
  assert.equal(parseRetryAfter('7'), 7000);
  assert.equal(parseRetryAfter(new Date(Date.now() + 3000).toUTCString(), Date.now()) !== undefined, true);
  assert.equal(parseRetryAfter('soon'), undefined);
  const cap = new RateCap(20);
  const t0 = Date.now();
  for (let i = 0; i < 11; i += 1) await cap.take();
  assert.ok(Date.now() - t0 >= 480, '11 starts at 20/s take at least 0.5 s');
});
