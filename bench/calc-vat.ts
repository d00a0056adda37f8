/**
 * Benchmark: POST /vat through the full calc app (kit validation, rate limiter, metrics, JSON logging, storage in
 * finance_calcs) against a bare Fastify route doing the same decimal arithmetic. Reports req/s of each, their ratio
 * (full / bare) and latency percentiles. Bounded: a fixed duration per side and a request cap.
 * Run alone with `npx tsx bench/calc-vat.ts`.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { load, round, runIfMain, type BenchResult, type LoadOptions, type LoadResult } from './lib/load.ts';
import { migrate, openDb, type Db } from '@zakupai/db';
import { formatDecimal, formatMoney, parseMoney, splitVat, vatRateOn } from '@zakupai/domain';
import { createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp } from '../services/calc/src/app.ts';
import { calcMigrations } from '../services/calc/src/adapters/db/migrations.ts';

export type BenchOptions = LoadOptions;

const BODY = JSON.stringify({ amount: '1234567.89', date: '2026-03-15' });

const REQUEST = { path: '/vat', method: 'POST', body: BODY } as const;

export async function run(options: BenchOptions = {}): Promise<BenchResult> {
  const o = { durationMs: 3000, warmupMs: 500, connections: 16, maxRequests: 200_000, ...options };
  const full = await withFullApp((url) => load(url, REQUEST, o));
  const bare = await withBareApp((url) => load(url, REQUEST, o));
  return {
    name: 'calc POST /vat: full kit vs bare Fastify',
    ratio: round(full.result.rps / bare.rps, 3),
    details: {
      storage: full.storage,
      connections: o.connections,
      duration_ms: o.durationMs,
      full_rps: round(full.result.rps, 0),
      bare_rps: round(bare.rps, 0),
      full_p50_ms: round(full.result.p50Ms, 3),
      full_p99_ms: round(full.result.p99Ms, 3),
      bare_p50_ms: round(bare.p50Ms, 3),
      bare_p99_ms: round(bare.p99Ms, 3),
      full_requests: full.result.requests,
      bare_requests: bare.requests,
      errors: full.result.errors + bare.errors,
    },
  };
}

async function withFullApp(
  fn: (url: string) => Promise<LoadResult>,
): Promise<{ result: LoadResult; storage: string }> {
  let testDb: TestDatabase | undefined;
  if (await postgresAvailable()) testDb = await createTestDatabase('zk_bench');
  const db: Db = await openDb(testDb?.url ?? 'pglite:memory:');
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  const logger = createLogger({ service: 'calc', redactor: new Redactor(), destination: discard });
  const app = await buildApp({
    logger,
    metrics: createMetrics('calc'),
    db,
    rateLimitPerMinute: 1_000_000_000,
  });
  try {
    await migrate(db, calcMigrations);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const result = await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    return { result, storage: db.kind };
  } finally {
    await app.close();
    await db.close();
    await testDb?.drop();
  }
}

async function withBareApp(fn: (url: string) => Promise<LoadResult>): Promise<LoadResult> {
  const app = Fastify();
  app.post('/vat', async (req) => {
    const body = req.body as { amount: unknown; date: string };
    const rate = vatRateOn(body.date);
    const s = splitVat(parseMoney(body.amount, 'amount'), rate.rate, true);
    return {
      base: formatMoney(s.base),
      vat: formatMoney(s.vat),
      total: formatMoney(s.total),
      vat_rate: formatDecimal(rate.rate),
      rate_basis: rate.basis,
    };
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    return await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    await app.close();
  }
}

runIfMain(import.meta.url, run);
