/**
 * Benchmark: what the gateway costs on the request path. The same tiny upstream is called directly and through
 * the gateway (API key checked against billing with the key cache, both limit windows counted in Redis by the
 * Lua script, usage metered, body streamed back), in the same run, with the same load. Loopback only.
 *   npx tsx bench/gateway-overhead.ts
 * Redis: the machine's 127.0.0.1:6379 when it answers (unique key prefix), else a throwaway redis-server.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createGateway } from '../services/gateway/src/create-gateway.ts';
import { MemorySecrets } from '../services/gateway/test/support/memory-secrets.ts';
import { MACHINE_REDIS, redisAvailable, startOwnRedis, type OwnRedis } from '@zakupai/testing/redis';
import { startBilling } from '../services/billing/test/support/billing-harness.ts';
import { AUDIENCE, ISSUER, jwks } from '../services/billing/test/support/tokens.ts';
import { load, round, runIfMain, type BenchResult, type LoadOptions } from './lib/load.ts';

const PATH = '/v1/quote?lot=42';

export async function run(options: LoadOptions = {}): Promise<BenchResult> {
  const upstream = Fastify();
  upstream.get('/v1/quote', async (req) => ({
    lot: (req.query as { lot: string }).lot,
    price: '1234.50',
    currency: 'KZT',
  }));
  await upstream.listen({ host: '127.0.0.1', port: 0 });
  const upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;

  const billing = await startBilling('pglite');
  const billingUrl = await billing.listen();
  let ownRedis: OwnRedis | undefined;
  const redisUrl = (await redisAvailable()) ? MACHINE_REDIS : (ownRedis = await startOwnRedis()).url;

  const admin = { authorization: `Bearer ${billing.adminToken}`, 'content-type': 'application/json' };
  await fetch(`${billingUrl}/admin/plans/bench`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({
      hourlyQuota: 100_000_000,
      dailyQuota: 1_000_000_000,
      features: ['basic_analysis'],
    }),
  });
  const created = await fetch(`${billingUrl}/admin/keys`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ owner: 'bench', plan: 'bench' }),
  });
  const key = ((await created.json()) as { key: string }).key;

  const redactor = new Redactor();
  redactor.add(billing.pepper);
  const metrics = createMetrics('gateway');
  const gateway = await createGateway({
    config: {
      upstreams: { calc: upstreamUrl, risk: upstreamUrl, etl: upstreamUrl },
      billingUrl,
      jwtIssuer: ISSUER,
      jwtAudience: AUDIENCE,
      keyCacheTtlMs: 5000,
      redisKeyPrefix: `zk:bench:${randomBytes(4).toString('hex')}:`,
      bodyLimitBytes: 1024 * 1024,
      usageFlushMs: 5000,
    },
    secrets: new MemorySecrets({
      REDIS_URL: redisUrl,
      JWT_PUBLIC_KEYS: jwks(billing.admin),
      API_KEY_PEPPER: billing.pepper,
    }),
    logger: createLogger({
      service: 'gateway',
      redactor,
      destination: new Writable({ write: (_c, _e, cb) => cb() }),
    }),
    metrics,
    redactor,
  });
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const gatewayUrl = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;

  try {
    const direct = await load(upstreamUrl, { path: PATH }, options);
    const through = await load(
      gatewayUrl,
      { path: `/api/calc${PATH}`, headers: { 'x-api-key': key } },
      options,
    );
    const fallback =
      (await metrics.registry.getSingleMetric('gateway_ratelimit_fallback')?.get())?.values[0]?.value ?? -1;
    return {
      name: 'gateway (API key + Redis limit + proxy) vs calling the upstream directly',
      ratio: round(through.rps / direct.rps, 3),
      details: {
        gateway_rps: round(through.rps, 0),
        direct_rps: round(direct.rps, 0),
        gateway_p50_ms: round(through.p50Ms, 3),
        gateway_p99_ms: round(through.p99Ms, 3),
        direct_p50_ms: round(direct.p50Ms, 3),
        direct_p99_ms: round(direct.p99Ms, 3),
        p50_latency_ratio: round(through.p50Ms / direct.p50Ms, 2),
        p99_latency_ratio: round(through.p99Ms / direct.p99Ms, 2),
        requests: through.requests + direct.requests,
        errors: through.errors + direct.errors,
        redis: ownRedis ? 'throwaway redis-server' : 'machine redis 127.0.0.1:6379',
        ratelimit_fallback: fallback,
      },
    };
  } finally {
    await gateway.app.close();
    await gateway.close();
    await billing.close();
    await upstream.close();
    await ownRedis?.stop();
  }
}

runIfMain(import.meta.url, run);
