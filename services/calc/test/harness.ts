import { Writable } from 'node:stream';
import { migrate, openDb, type Db } from '@zakupai/db';
import { createLogger, createMetrics, type App, type ServiceMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp } from '../src/app.ts';
import { calcMigrations } from '../src/adapters/db/migrations.ts';

export type Backend = 'postgres' | 'pglite';
export const BACKENDS: readonly Backend[] = ['postgres', 'pglite'];

export interface CalcHarness {
  app: App;
  db: Db;
  metrics: ServiceMetrics;
  logs: string[];
  close(): Promise<void>;
}

export async function backendAvailable(backend: Backend): Promise<boolean> {
  return backend === 'pglite' || postgresAvailable();
}

/** The real calc app (kit, validation, metrics, logging) on a fresh, migrated database of the given kind. */
export async function startCalc(backend: Backend): Promise<CalcHarness> {
  let testDb: TestDatabase | undefined;
  let url = 'pglite:memory:';
  if (backend === 'postgres') {
    testDb = await createTestDatabase('zk_calc');
    url = testDb.url;
  }
  const db = await openDb(url);
  await migrate(db, calcMigrations);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ service: 'calc', redactor: new Redactor(), destination });
  const metrics = createMetrics('calc');
  const app = await buildApp({ logger, metrics, db });
  await app.ready();
  return {
    app,
    db,
    metrics,
    logs,
    async close() {
      await app.close();
      await db.close();
      await testDb?.drop();
    },
  };
}

export async function countCalcs(db: Db): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM zakupai.finance_calcs');
  return Number(r.rows[0]!.n);
}
