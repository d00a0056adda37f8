/**
 * ETL ingest throughput: lots from the fake OWS v3 server (its own process) over loopback into PostgreSQL through the
 * real sync (REST pages of 500, validation, COPY-staged upsert, checkpoint per page), as a ratio to a raw
 * `COPY … FROM STDIN` of the same rows (every typed column and the raw jsonb, into a copy of the same table with the
 * same indexes) in the same run. The COPY input is rendered to a file before the clock starts, so the baseline is
 * COPY alone; after each round the two tables are checked equal, column for column.
 *
 * The machine is noisy, so each size runs several rounds, each a COPY then a sync into a fresh database (after a
 * CHECKPOINT, so neither inherits the other's dirty buffers), and the medians are reported; the ratio is the median
 * of the per-round ratios (each sync against the COPY just before it). The headline ratio is the lowest size's.
 *
 * 10k lots always. ETL_BENCH_LARGE=1 adds 100k and 1M lots (1M needs ~3 GB of disk, ~1.5 GB of it in /tmp), where
 * items/s at 1M must stay within 20% of 10k (`items_per_s_1m_vs_10k` ≥ 0.8) with flat memory: the peak RSS of the
 * sync at each size (pages are streamed; nothing holds a whole table). ETL_BENCH_ROUNDS sets the rounds (default 3; at least 7 at 10k).
 *
 *   npx tsx bench/etl-ingest.ts            ETL_BENCH_LARGE=1 npx tsx bench/etl-ingest.ts
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Registry } from 'prom-client';
import { openDb } from '@zakupai/db';
import { OwsClient, TABLE_COLUMNS, prepareItem } from '@zakupai/goszakup';
import { restView } from '@zakupai/testing/fake-goszakup';
import { FakeGoszakupData } from '@zakupai/testing/fake-goszakup-data';
import { createTestDatabase } from '@zakupai/testing/pg';
import { migrateEtl } from '../services/etl/src/adapters/migrate-etl.ts';
import { owsSource } from '../services/etl/src/adapters/ows-source.ts';
import { PgSyncStore } from '../services/etl/src/adapters/pg-store.ts';
import { etlMetrics } from '../services/etl/src/app/etl-metrics.ts';
import { syncEntity } from '../services/etl/src/app/sync-entity.ts';
import { runIfMain, type BenchResult } from './lib/load.ts';

const SEED = 5;
/** `replay` (default) or `live`: see `etl-fake-server.ts`. */
const FAKE_MODE = process.env.ETL_BENCH_FAKE === 'live' ? 'live' : 'replay';
const COLUMNS = [...TABLE_COLUMNS.lots.map((c) => c.name), 'raw'];

interface Round {
  ingestPerSec: number;
  copyPerSec: number;
  ratio: number;
  /** Peak RSS of this process while the sync ran. */
  peakRssMb: number;
}

interface SizeResult {
  lots: number;
  rounds: Round[];
  ingestPerSec: number;
  copyPerSec: number;
  ratio: number;
  peakRssMb: number;
  seconds: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One COPY text field, written independently of the store's encoder: the baseline's input must not share the code
 * under test. The equality check after each round proves both produced the same rows.
 */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = Array.isArray(v)
    ? `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The COPY text of the rows the sync writes (columns from the item overlaid with its fixes, then raw), streamed. */
async function renderCopyFile(lots: number, file: string): Promise<void> {
  const data = new FakeGoszakupData({ lots, seed: SEED });
  const out = createWriteStream(file);
  for (let i = lots - 1; i >= 0; i -= 1) {
    const p = prepareItem('lots', restView('lots', data.item('lots', i)));
    if (!p.ok) continue;
    for (const r of p.rows) {
      const merged: Record<string, unknown> = { ...r.raw, ...r.fix, raw: r.raw };
      if (!out.write(`${COLUMNS.map((c) => copyField(merged[c])).join('\t')}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

function rssSampler() {
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  return () => {
    clearInterval(t);
    return mb(Math.max(peak, process.memoryUsage.rss()));
  };
}

/** Starts the fake in a child process (the real API is another machine: it must not share our event loop). */
async function startFake(lots: number): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./etl-fake-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(lots), String(SEED)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url, child };
}

/** One round into a fresh database: COPY into `bench.lots`, then the sync into `goszakup.lots`; then both compared. */
async function oneRound(lots: number, fakeUrl: string, file: string): Promise<Round> {
  const tdb = await createTestDatabase('zk_bench_etl');
  const db = await openDb(tdb.url);
  const c = new pg.Client({ connectionString: tdb.url });
  const registry = new Registry();
  const client = new OwsClient({ baseUrl: fakeUrl, token: () => 'fake-token', registry, ratePerSecond: 0 });
  try {
    await migrateEtl(db);
    await c.connect();
    await c.query('CREATE SCHEMA bench; CREATE TABLE bench.lots (LIKE goszakup.lots INCLUDING ALL)');
    await c.query('CHECKPOINT');
    const t1 = process.hrtime.bigint();
    await pipeline(
      createReadStream(file),
      c.query(copyFrom(`COPY bench.lots (${COLUMNS.join(', ')}) FROM STDIN`)),
    );
    const copySec = Number(process.hrtime.bigint() - t1) / 1e9;

    const parallelWrites = Number(process.env.ETL_BENCH_PARALLEL ?? 3);
    // The baseline's connection is open before its clock starts; so are the sync's (its pool: one per page in
    // flight, one for the entity lock).
    await Promise.all(
      Array.from({ length: parallelWrites + 1 }, () => db.transaction((tx) => tx.query('SELECT 1'))),
    );
    await c.query('CHECKPOINT');
    const deps = {
      store: new PgSyncStore(db),
      source: owsSource(client),
      metrics: etlMetrics(registry),
      parallelWrites,
    };
    const stopRss = rssSampler();
    const t0 = process.hrtime.bigint();
    const r = await syncEntity(deps, 'lots', { full: true });
    const ingestSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakRssMb = stopRss();
    if (r.status !== 'ok' || r.upserted !== lots)
      throw new Error(`sync ${r.status}: ${r.upserted}/${lots} ${r.error ?? ''}`);

    const cols = COLUMNS.map((x) => `b.${x}`).join(', ');
    const same = await c.query<{ n: string; total: string }>(
      `SELECT count(*) FILTER (WHERE (${cols}) IS NOT DISTINCT FROM (${cols.replace(/\bb\./g, 'g.')})) AS n,
              (SELECT count(*) FROM goszakup.lots) AS total
         FROM bench.lots b JOIN goszakup.lots g USING (id)`,
    );
    if (Number(same.rows[0]!.n) !== lots || Number(same.rows[0]!.total) !== lots)
      throw new Error(`the synced rows differ from the COPY rows (${same.rows[0]!.n}/${lots} equal)`);
    const ingestPerSec = lots / ingestSec;
    const copyPerSec = lots / copySec;
    return { ingestPerSec, copyPerSec, ratio: ingestPerSec / copyPerSec, peakRssMb };
  } finally {
    await client.close();
    await c.end().catch(() => {});
    await db.close();
    await tdb.drop();
  }
}

async function measure(lots: number, dir: string, rounds: number): Promise<SizeResult> {
  const started = performance.now();
  const file = join(dir, `lots-${lots}.tsv`);
  const fake = await startFake(lots);
  try {
    await renderCopyFile(lots, file);
    const out: Round[] = [];
    for (let i = 0; i < rounds; i += 1) out.push(await oneRound(lots, fake.url, file));
    return {
      lots,
      rounds: out,
      ingestPerSec: Math.round(median(out.map((r) => r.ingestPerSec))),
      copyPerSec: Math.round(median(out.map((r) => r.copyPerSec))),
      ratio: round3(median(out.map((r) => r.ratio))),
      peakRssMb: Math.max(...out.map((r) => r.peakRssMb)),
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    fake.child.kill('SIGTERM');
    await rm(file, { force: true });
  }
}

function report(label: string, s: SizeResult): Record<string, number | string> {
  return {
    [`lots_${label}_items_per_s`]: s.ingestPerSec,
    [`copy_${label}_rows_per_s`]: s.copyPerSec,
    [`ratio_${label}`]: s.ratio,
    [`peak_rss_mb_${label}`]: s.peakRssMb,
    [`rounds_${label}`]: s.rounds
      .map((r) => `${Math.round(r.ingestPerSec)}/${Math.round(r.copyPerSec)}=${r.ratio.toFixed(2)}`)
      .join(' '),
    [`seconds_${label}`]: s.seconds,
  };
}

export async function run(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'zk-bench-etl-'));
  // 10k rounds take about a second each and swing the most on a busy machine, so they get more of them.
  const rounds = Math.max(1, Number(process.env.ETL_BENCH_ROUNDS ?? 3));
  const smallRounds = Math.max(rounds, 7);
  try {
    // Warm-up (JIT, connections, caches) so every size is measured in the same steady state; not reported.
    await measure(5_000, dir, 1);
    const small = await measure(10_000, dir, smallRounds);
    const details: Record<string, number | string> = {
      rounds: `${smallRounds} at 10k, ${rounds} at larger sizes`,
      fake: FAKE_MODE,
      ...report('10k', small),
    };
    let ratio = small.ratio;
    if (process.env.ETL_BENCH_LARGE === '1') {
      const mid = await measure(100_000, dir, rounds);
      const large = await measure(1_000_000, dir, rounds);
      Object.assign(details, report('100k', mid), report('1m', large), {
        items_per_s_100k_vs_10k: round3(mid.ingestPerSec / small.ingestPerSec),
        items_per_s_1m_vs_10k: round3(large.ingestPerSec / small.ingestPerSec),
      });
      ratio = Math.min(ratio, mid.ratio, large.ratio);
    } else {
      details.large = 'skipped (set ETL_BENCH_LARGE=1 for 100k and 1M lots)';
    }
    return { name: 'etl-ingest', ratio, details };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
