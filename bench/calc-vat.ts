/**
 * Benchmark: POST /vat through the full calc app (kit validation, rate limiter, metrics, JSON logging, storage in
 * finance_calcs) against a bare Fastify route doing the same decimal arithmetic. Reports req/s of each, their ratio
 * (full / bare) and latency percentiles. Bounded: a fixed duration per side and a request cap.
 * Run alone with `npx tsx bench/calc-vat.ts`.
 */
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { migrate, openDb, type Db } from '@zakupai/db';
import { formatDecimal, formatMoney, parseMoney, splitVat, vatRateOn } from '@zakupai/domain';
import { createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp } from '../services/calc/src/app.ts';
import { calcMigrations } from '../services/calc/src/adapters/db/migrations.ts';

export interface BenchOptions {
  /** Measured time per side, after warm-up. */
  durationMs?: number;
  warmupMs?: number;
  /** Concurrent keep-alive connections. */
  connections?: number;
  /** Hard cap on measured requests per side. */
  maxRequests?: number;
}

interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

const BODY = JSON.stringify({ amount: '1234567.89', date: '2026-03-15' });

export async function run(
  options: BenchOptions = {},
): Promise<{ name: string; ratio: number; details: Record<string, number | string> }> {
  const o = { durationMs: 3000, warmupMs: 500, connections: 16, maxRequests: 200_000, ...options };
  const full = await withFullApp((url) => load(url, o));
  const bare = await withBareApp((url) => load(url, o));
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

/** A closed loop: `connections` workers each send the next request when the previous answers. */
async function load(url: string, o: Required<BenchOptions>): Promise<LoadResult> {
  const pool = new Pool(url, { connections: o.connections, pipelining: 1 });
  const send = async () => {
    const res = await pool.request({
      path: '/vat',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    await res.body.dump();
    return res.statusCode;
  };
  try {
    const warmEnd = performance.now() + o.warmupMs;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        while (performance.now() < warmEnd) await send();
      }),
    );
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    const end = start + o.durationMs;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        while (performance.now() < end && latencies.length < o.maxRequests) {
          const t = performance.now();
          const status = await send();
          latencies.push(performance.now() - t);
          if (status !== 200) errors += 1;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      rps: latencies.length / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      requests: latencies.length,
      errors,
    };
  } finally {
    await pool.close();
  }
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
