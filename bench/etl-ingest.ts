/**
 * ETL ingest throughput: lots from the fake OWS v3 server over loopback into PostgreSQL through the real sync
 * (REST pages of 500, validation, batched upsert, checkpoint per page), as a ratio to a raw `COPY … FROM STDIN`
 * of the same rows (typed columns and raw jsonb, into a copy of the same table with the same indexes) in the same run.
 * The COPY input is rendered to a file before the clock starts, so the baseline is COPY alone.
 *
 * 10k lots always; 1M lots too with ETL_BENCH_LARGE=1 (needs ~1.5 GB of /tmp), where items/s must stay within 20%
 * of the 10k figure with flat memory (pages are streamed: peak RSS is reported for each size).
 *
 *   npx tsx bench/etl-ingest.ts            ETL_BENCH_LARGE=1 npx tsx bench/etl-ingest.ts
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

interface SizeResult {
  lots: number;
  ingestPerSec: number;
  copyPerSec: number;
  ratio: number;
  peakRssMb: number;
}

const COLUMNS = TABLE_COLUMNS.lots.map((c) => c.name);

function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = Array.isArray(v)
    ? `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The COPY text of the same rows the sync writes (columns from the item overlaid with its fixes, then raw). */
async function renderCopyFile(data: FakeGoszakupData, file: string): Promise<void> {
  const out = createWriteStream(file);
  const n = data.count('lots');
  for (let i = n - 1; i >= 0; i -= 1) {
    const p = prepareItem('lots', restView('lots', data.item('lots', i)));
    if (!p.ok) continue;
    for (const r of p.rows) {
      const merged = { ...r.raw, ...r.fix };
      const line = `${[...COLUMNS.map((c) => copyField(merged[c])), copyField(r.raw)].join('\t')}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return () => {
    clearInterval(t);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
  };
}

/** Starts the fake in a child process; resolves with its URL. */
async function startFake(lots: number): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./etl-fake-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(lots)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url, child };
}

async function measure(lots: number, dir: string): Promise<SizeResult> {
  const tdb = await createTestDatabase('zk_bench_etl');
  const fake = await startFake(lots);
  const db = await openDb(tdb.url);
  const registry = new Registry();
  const client = new OwsClient({ baseUrl: fake.url, token: () => 'fake-token', registry, ratePerSecond: 0 });
  try {
    await migrateEtl(db);
    const deps = {
      store: new PgSyncStore(db),
      source: owsSource(client),
      metrics: etlMetrics(registry),
      parallelWrites: Number(process.env.ETL_BENCH_PARALLEL ?? 3),
    };
    const stopRss = rssSampler();
    const t0 = process.hrtime.bigint();
    const r = await syncEntity(deps, 'lots', { full: true });
    const ingestSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakRssMb = stopRss();
    if (r.status !== 'ok' || r.upserted !== lots)
      throw new Error(`sync ${r.status}: ${r.upserted}/${lots} ${r.error ?? ''}`);

    const file = join(dir, `lots-${lots}.tsv`);
    await renderCopyFile(new FakeGoszakupData({ lots, seed: 5 }), file);
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    try {
      await c.query('CREATE SCHEMA bench; CREATE TABLE bench.lots (LIKE goszakup.lots INCLUDING ALL)');
      const t1 = process.hrtime.bigint();
      await pipeline(
        createReadStream(file),
        c.query(copyFrom(`COPY bench.lots (${COLUMNS.join(', ')}, raw) FROM STDIN`)),
      );
      const copySec = Number(process.hrtime.bigint() - t1) / 1e9;
      const same = await c.query<{ n: string }>(
        'SELECT count(*) AS n FROM bench.lots b JOIN goszakup.lots g USING (id) WHERE b.raw = g.raw AND b.amount = g.amount',
      );
      if (Number(same.rows[0]!.n) !== lots)
        throw new Error(`COPY rows differ from the synced rows (${same.rows[0]!.n}/${lots})`);
      const ingestPerSec = Math.round(lots / ingestSec);
      const copyPerSec = Math.round(lots / copySec);
      return {
        lots,
        ingestPerSec,
        copyPerSec,
        ratio: Number((ingestPerSec / copyPerSec).toFixed(3)),
        peakRssMb,
      };
    } finally {
      await c.end();
      await rm(file, { force: true });
    }
  } finally {
    await client.close();
    fake.child.kill('SIGTERM');
    await db.close();
    await tdb.drop();
  }
}

export async function run(): Promise<{
  name: string;
  ratio: number;
  details: Record<string, number | string>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'zk-bench-etl-'));
  try {
    // Warm-up (JIT, connections, caches) so both sizes are measured in the same steady state; not reported.
    await measure(5_000, dir);
    const small = await measure(10_000, dir);
    const details: Record<string, number | string> = {
      lots_10k_items_per_s: small.ingestPerSec,
      copy_10k_rows_per_s: small.copyPerSec,
      ratio_10k: small.ratio,
      peak_rss_mb_10k: small.peakRssMb,
    };
    let ratio = small.ratio;
    if (process.env.ETL_BENCH_LARGE === '1') {
      const large = await measure(1_000_000, dir);
      Object.assign(details, {
        lots_1m_items_per_s: large.ingestPerSec,
        copy_1m_rows_per_s: large.copyPerSec,
        ratio_1m: large.ratio,
        peak_rss_mb_1m: large.peakRssMb,
        items_per_s_1m_vs_10k: Number((large.ingestPerSec / small.ingestPerSec).toFixed(3)),
      });
      ratio = Math.min(ratio, large.ratio);
    } else {
      details.large = 'skipped (set ETL_BENCH_LARGE=1 for 1M lots)';
    }
    return { name: 'etl-ingest', ratio, details };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const r = await run();
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
