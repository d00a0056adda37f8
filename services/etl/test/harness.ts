import { Registry } from 'prom-client';
import { migrate, openDb, type Db } from '@zakupai/db';
import { ENTITIES, OwsClient, type EntityName, type OwsClientOptions } from '@zakupai/goszakup';
import { FakeGoszakup, type FakeGoszakupOptions } from '@zakupai/testing/fake-goszakup';
import { expectedRows } from '@zakupai/testing/fake-goszakup-expected';
import { etlMigrations } from '../src/adapters/migrations.ts';
import { owsSource } from '../src/adapters/ows-source.ts';
import { PgSyncStore } from '../src/adapters/pg-store.ts';
import { ErrorTally } from '../src/app/error-tally.ts';
import { etlMetrics } from '../src/app/etl-metrics.ts';
import { syncEntity, type SyncDeps, type SyncOptions, type SyncResult } from '../src/app/sync-entity.ts';

export interface Harness {
  fake: FakeGoszakup;
  db: Db;
  registry: Registry;
  client: OwsClient;
  deps: SyncDeps;
  syncAll(opts?: SyncOptions): Promise<SyncResult[]>;
  close(): Promise<void>;
}

export async function harness(
  dbUrl: string,
  fakeOpts: FakeGoszakupOptions,
  clientOpts: Partial<OwsClientOptions> = {},
): Promise<Harness> {
  const fake = await FakeGoszakup.start(fakeOpts);
  const db = await openDb(dbUrl);
  await migrate(db, etlMigrations);
  const registry = new Registry();
  const errors = new ErrorTally();
  const client = new OwsClient({
    baseUrl: fake.url,
    token: () => fakeOpts.token ?? 'fake-token',
    registry,
    timeoutMs: 2000,
    backoff: { baseMs: 10, maxMs: 50 },
    ratePerSecond: 0,
    onError: (t, e) => errors.record(t, e),
    ...clientOpts,
  });
  const deps: SyncDeps = {
    store: new PgSyncStore(db),
    source: owsSource(client),
    metrics: etlMetrics(registry),
    errors,
  };
  return {
    fake,
    db,
    registry,
    client,
    deps,
    async syncAll(opts = {}) {
      const out: SyncResult[] = [];
      for (const e of ENTITIES) out.push(await syncEntity(deps, e, opts));
      return out;
    },
    async close() {
      await client.close();
      await fake.close();
      await db.close();
    },
  };
}

/** What schema `goszakup` must hold for the fake's data: id → raw, valid items only. */
export const expected = expectedRows;

export async function actual(db: Db, entity: EntityName): Promise<Map<string, unknown>> {
  const r = await db.query<{ id: string; raw: unknown }>(
    `SELECT id, raw FROM goszakup.${entity} ORDER BY id`,
  );
  return new Map(r.rows.map((x) => [x.id, x.raw]));
}

/** A fingerprint of every table's rows (typed columns included), to compare two databases. */
export async function tableDigest(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of ENTITIES) {
    const q = await db.query<{ n: string; h: string }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg((to_jsonb(t) - 'synced_at')::text, '|' ORDER BY t.id), '')) AS h FROM goszakup.${e} t`,
    );
    out[e] = `${q.rows[0]!.n}:${q.rows[0]!.h}`;
  }
  return out;
}

export async function errorCount(registry: Registry, type: string): Promise<number> {
  const m = await registry.getSingleMetric('goszakup_errors_total')!.get();
  return m.values.find((v) => v.labels.error_type === type)?.value ?? 0;
}
