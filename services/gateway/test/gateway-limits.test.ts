import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { startBilling, type BillingHarness } from '../../billing/test/support/billing-harness.ts';
import { jwks, makeSigner } from '../../billing/test/support/tokens.ts';
import { startEchoUpstream, type EchoUpstream } from './support/echo-upstream.ts';
import { startGateway, uniquePrefix, type GatewayHarness } from './support/gateway-harness.ts';
import { MACHINE_REDIS, redisAvailable, startOwnRedis } from '@zakupai/testing/redis';

const [pgUp, redisUp] = await Promise.all([postgresAvailable(), redisAvailable()]);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('gateway: per-key limits shared in Redis', () => {
  let billing: BillingHarness;
  let billingUrl: string;
  let upstream: EchoUpstream;
  const gateways: GatewayHarness[] = [];

  const admin = async (method: string, path: string, body: object) => {
    const r = await fetch(`${billingUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${billing.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(r.status < 300, `${method} ${path} → ${r.status}`);
    return (await r.json()) as Record<string, string>;
  };
  const keyOnPlan = async (plan: string, hourly: number, daily: number) => {
    await admin('PUT', `/admin/plans/${plan}`, {
      hourlyQuota: hourly,
      dailyQuota: daily,
      features: ['basic_analysis'],
    });
    return (await admin('POST', '/admin/keys', { owner: 'limits-test', plan })).key!;
  };
  const gateway = async (redisUrl: string, redisPrefix: string) => {
    const signer = await makeSigner('lim-1');
    const g = await startGateway({
      billingUrl,
      pepper: billing.pepper,
      jwks: jwks(signer),
      redisUrl,
      redisPrefix,
      upstreams: { calc: upstream.url, risk: upstream.url, etl: upstream.url },
      redisProbeMs: 100,
    });
    gateways.push(g);
    return g;
  };
  const hit = async (g: GatewayHarness, key: string) => {
    const r = await fetch(`${g.url}/api/calc/q`, { headers: { 'x-api-key': key } });
    await r.arrayBuffer();
    return r;
  };
  /** Fires `n` requests at once, alternating between the gateways; returns the status counts. */
  const burst = async (gs: GatewayHarness[], key: string, n: number) => {
    const rs = await Promise.all(Array.from({ length: n }, (_, i) => hit(gs[i % gs.length]!, key)));
    const ok = rs.filter((r) => r.status === 200).length;
    const limited = rs.filter((r) => r.status === 429);
    return { ok, limited: limited.length, other: n - ok - limited.length, sample429: limited[0] };
  };

  before(async () => {
    // Without them the tests below skip, or fail under CI (requireServer).
    if (!pgUp || !redisUp) return;
    billing = await startBilling('postgres');
    billingUrl = await billing.listen();
    upstream = await startEchoUpstream('calc');
  });
  after(async () => {
    for (const g of gateways) await g.close();
    await upstream?.close();
    await billing?.close();
  });

  test('two gateway instances on one Redis admit exactly N concurrent requests, then 429', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const prefix = uniquePrefix();
    const [a, b] = [await gateway(MACHINE_REDIS, prefix), await gateway(MACHINE_REDIS, prefix)];
    const key = await keyOnPlan('tight', 25, 1000);
    const first = await burst([a!, b!], key, 60);
    assert.deepEqual(
      { ok: first.ok, limited: first.limited, other: first.other },
      { ok: 25, limited: 35, other: 0 },
    );
    const r = first.sample429!;
    const body = (await (await fetch(`${a!.url}/api/calc/q`, { headers: { 'x-api-key': key } })).json()) as {
      error: { code: string };
    };
    assert.equal(body.error.code, 'ZAK_RATE_LIMITED');
    assert.equal(r.headers.get('ratelimit-remaining'), '0');
    assert.equal(r.headers.get('ratelimit-limit'), '25');
    const retry = Number(r.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 3600, `retry-after ${retry}`);
    assert.equal(upstream.seen.length, 25, 'only admitted requests reached the service');
    // Another key has its own counters.
    const other = await keyOnPlan('tight', 25, 1000);
    assert.equal((await hit(b!, other)).status, 200);
    assert.equal(await a!.metric('gateway_ratelimit_fallback'), 0);
  });

  test('killing Redis keeps the gateway serving on memory limits; shared limits resume when it returns', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const redis = await startOwnRedis();
    try {
      const prefix = uniquePrefix();
      const [a, b] = [await gateway(redis.url, prefix), await gateway(redis.url, prefix)];
      const key = await keyOnPlan('outage', 10, 1000);
      assert.equal((await hit(a!, key)).status, 200);
      assert.equal(await a!.metric('gateway_ratelimit_fallback'), 0);

      await redis.kill();
      // Authentication still holds while Redis is down.
      assert.equal(
        (
          await fetch(`${a!.url}/api/calc/q`, {
            headers: { 'x-api-key': 'zk_live_000000000000_' + 'A'.repeat(43) },
          })
        ).status,
        401,
      );
      const started = Date.now();
      const during = await hit(a!, key);
      assert.equal(during.status, 200, 'still serving');
      assert.ok(Date.now() - started < 2000, 'no hang on the dead Redis');
      assert.equal(await a!.metric('gateway_ratelimit_fallback'), 1);
      // Per-instance limits while degraded: each instance counts its own 10.
      const local = await burst([a!], key, 15);
      assert.deepEqual({ ok: local.ok, limited: local.limited }, { ok: 9, limited: 6 });
      assert.equal((await hit(b!, key)).status, 200, 'the other instance counts separately while degraded');
      assert.equal(await b!.metric('gateway_ratelimit_fallback'), 1);

      await redis.start();
      await waitFor(
        'shared limits to resume',
        async () =>
          (await a!.metric('gateway_ratelimit_fallback')) === 0 &&
          (await b!.metric('gateway_ratelimit_fallback')) === 0,
      );
      // The restarted Redis is empty: exactly 10 across both instances again.
      const after = await burst([a!, b!], key, 30);
      assert.deepEqual(
        { ok: after.ok, limited: after.limited, other: after.other },
        { ok: 10, limited: 20, other: 0 },
      );
      assert.match(a!.logs.text(), /redis unreachable: rate limits are per instance/);
      assert.match(a!.logs.text(), /shared rate limits resumed/);
    } finally {
      await redis.stop();
    }
  });
});
