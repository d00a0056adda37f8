/**
 * Benchmark: risk scoring. Three measurements, each bounded by time and count:
 * - in process: parse, build contexts and evaluate a 1,000-lot batch with the pure engine (no HTTP, no storage);
 * - over HTTP: POST /risk/batch of the same 1,000 lots through the full risk app (kit validation, metrics, JSON
 *   logging, history reads and storage in risk_evaluations) against a bare Fastify route doing the same JSON round
 *   trip (parse the batch, answer one summary per lot);
 * - single score: POST /risk/score latency percentiles on one connection.
 * `ratio` is full-app lots/s over bare-route lots/s. Run alone with `npx tsx bench/risk-batch.ts`.
 */
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { migrate, openDb, type Db } from '@zakupai/db';
import { almatyDate } from '@zakupai/domain';
import { createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp } from '../services/risk/src/app.ts';
import { RISK_SERVICE_MIGRATIONS } from '../services/risk/src/adapters/db/risk-migrations.ts';
import { buildContexts } from '../services/risk/src/app/build-contexts.ts';
import { loadRuleFiles, type RuleFiles } from '../services/risk/src/config/rule-files.ts';
import { binCheckDigit } from '../services/risk/src/domain/bin.ts';
import { evaluateLot } from '../services/risk/src/domain/evaluate-lot.ts';
import { parseLotInput } from '../services/risk/src/domain/parse-lot.ts';

export interface BenchOptions {
  /** Lots per batch. */
  batchSize?: number;
  /** Measured time per measurement. */
  durationMs?: number;
  /** Hard cap on measured batches (or single requests ÷ 10) per measurement. */
  maxIterations?: number;
}

const METHODS = ['tender', 'price_quotes', 'auction', 'eshop', 'single_source'] as const;

export async function run(
  options: BenchOptions = {},
): Promise<{ name: string; ratio: number; details: Record<string, number | string> }> {
  const o = { batchSize: 1000, durationMs: 3000, maxIterations: 500, ...options };
  const rules = await loadRuleFiles();
  const lots = makeLots(o.batchSize);
  const body = JSON.stringify({ lots });

  const inProcess = measure(o, () => scoreInProcess(lots, rules));
  const full = await withFullApp(rules, async (url) => ({
    batch: await loadBatches(url, body, o),
    single: await loadSingles(url, lots, o),
  }));
  const bare = await withBareApp((url) => loadBatches(url, body, o));

  const inProcessLps = (inProcess.iterations * o.batchSize) / inProcess.seconds;
  const httpLps = (full.result.batch.iterations * o.batchSize) / full.result.batch.seconds;
  const bareLps = (bare.iterations * o.batchSize) / bare.seconds;
  return {
    name: 'risk POST /risk/batch: full app vs bare Fastify JSON round trip (lots/s)',
    ratio: round(httpLps / bareLps, 3),
    details: {
      storage: full.storage,
      batch_size: o.batchSize,
      body_bytes: body.length,
      in_process_lots_per_s: round(inProcessLps, 0),
      http_lots_per_s: round(httpLps, 0),
      bare_lots_per_s: round(bareLps, 0),
      http_over_in_process: round(httpLps / inProcessLps, 3),
      http_batch_p50_ms: round(full.result.batch.p50Ms, 1),
      http_batch_p99_ms: round(full.result.batch.p99Ms, 1),
      single_score_p50_ms: round(full.result.single.p50Ms, 3),
      single_score_p99_ms: round(full.result.single.p99Ms, 3),
      single_score_requests: full.result.single.iterations,
      errors: full.result.batch.errors + full.result.single.errors + bare.errors,
    },
  };
}

/** What the service does per batch minus HTTP and storage: parse, contexts from the batch itself, evaluate. */
function scoreInProcess(lots: unknown[], rules: RuleFiles): void {
  const inputs = lots.map((l, i) => parseLotInput(l, `body.lots.${i}`));
  const contexts = buildContexts(
    inputs,
    { rnu: [], awards: [], purchases: [], prices: [] },
    almatyDate(new Date()),
    rules.calendar,
  );
  inputs.forEach((input, i) => evaluateLot(input.lot, contexts[i]!, rules.rules));
}

interface Timing {
  iterations: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function measure(o: Required<BenchOptions>, fn: () => void): Timing {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const latencies: number[] = [];
  const start = performance.now();
  while (performance.now() - start < o.durationMs && latencies.length < o.maxIterations) {
    const t = performance.now();
    fn();
    latencies.push(performance.now() - t);
  }
  return summarize(latencies, start, 0);
}

async function loadBatches(url: string, body: string, o: Required<BenchOptions>): Promise<Timing> {
  return closedLoop(url, o.durationMs, o.maxIterations, 3, () => ({ path: '/risk/batch', body }));
}

async function loadSingles(url: string, lots: unknown[], o: Required<BenchOptions>): Promise<Timing> {
  let i = 0;
  return closedLoop(url, Math.min(o.durationMs, 2000), o.maxIterations * 10, 20, () => ({
    path: '/risk/score',
    body: JSON.stringify(lots[i++ % lots.length]),
  }));
}

/** One connection, one request at a time, after `warmups` unmeasured requests (JIT, pools, plans). */
async function closedLoop(
  url: string,
  durationMs: number,
  max: number,
  warmups: number,
  next: () => { path: string; body: string },
): Promise<Timing> {
  const pool = new Pool(url, { connections: 1, pipelining: 1, bodyTimeout: 60_000, headersTimeout: 60_000 });
  const send = async () => {
    const { path, body } = next();
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.body.dump();
    return res.statusCode;
  };
  try {
    for (let i = 0; i < warmups; i++) await send();
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    while (performance.now() - start < durationMs && latencies.length < max) {
      const t = performance.now();
      if ((await send()) !== 200) errors += 1;
      latencies.push(performance.now() - t);
    }
    return summarize(latencies, start, errors);
  } finally {
    await pool.close();
  }
}

function summarize(latencies: number[], start: number, errors: number): Timing {
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    iterations: latencies.length,
    seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
  };
}

async function withFullApp<T>(
  rules: RuleFiles,
  fn: (url: string) => Promise<T>,
): Promise<{ result: T; storage: string }> {
  let testDb: TestDatabase | undefined;
  if (await postgresAvailable()) testDb = await createTestDatabase('zk_bench_risk');
  const db: Db = await openDb(testDb?.url ?? 'pglite:memory:');
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  const logger = createLogger({ service: 'risk', redactor: new Redactor(), destination: discard });
  try {
    await migrate(db, RISK_SERVICE_MIGRATIONS);
    const app = await buildApp({
      logger,
      metrics: createMetrics('risk'),
      db,
      rules,
      rateLimitPerMinute: false,
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const result = await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
      return { result, storage: db.kind };
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    await testDb?.drop();
  }
}

async function withBareApp<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const app = Fastify({ bodyLimit: 8 * 1024 * 1024 });
  app.post('/risk/batch', async (req) => {
    const lots = (req.body as { lots: Array<{ id: string }> }).lots;
    return {
      count: lots.length,
      results: lots.map((l, i) => ({
        lotId: l.id,
        evaluationId: String(i),
        evaluatedAt: new Date().toISOString(),
        rulesVersion: 'bare',
        asOf: '2026-03-05',
        score: 0,
        level: 'low',
        flags: [],
      })),
    };
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    return await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    await app.close();
  }
}

/** Valid BINs: a running 11-digit prefix with its check digit, skipping prefixes that have none. */
function bins(count: number, seed: number): string[] {
  const out: string[] = [];
  for (let n = seed; out.length < count; n++) {
    const prefix = String(n).padStart(11, '0');
    const check = binCheckDigit(prefix);
    if (check !== null) out.push(prefix + check);
  }
  return out;
}

/** A varied batch: 50 customers, 30 suppliers, 20 item codes, every method, some market samples and VAT. */
export function makeLots(n: number): unknown[] {
  const customers = bins(50, 90_010_130_000);
  const suppliers = bins(30, 10_000_000_020);
  return Array.from({ length: n }, (_, i) => {
    const method = METHODS[i % METHODS.length]!;
    const allocated = 1_000_000 + (i % 97) * 10_000;
    const price = Math.round(allocated * (0.8 + (i % 30) / 100));
    const day = String(1 + (i % 20)).padStart(2, '0');
    return {
      id: `BENCH-${i}`,
      customerBin: customers[i % customers.length],
      method,
      finYear: 2026,
      bidWindow: method === 'single_source' ? null : { start: `2026-02-${day}`, end: `2026-03-${day}` },
      item: { code: `CODE-${i % 20}`, unit: 'шт', quantity: '10', unitPrice: String(allocated / 10) },
      allocatedAmount: String(allocated),
      participants: method === 'single_source' ? null : 1 + (i % 5),
      offers: method === 'eshop' ? [String(allocated), String(allocated * 0.9)] : null,
      award: {
        supplierBin: suppliers[i % suppliers.length],
        date: `2026-03-${day}`,
        price: String(price),
        priceIncludesVat: i % 3 === 0,
      },
      planPointId: i % 11 === 0 ? null : `PP-${i}`,
      ...(i % 4 === 0 ? { marketUnitPrices: ['90000', '100000', '110000', '105000'] } : {}),
    };
  });
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
