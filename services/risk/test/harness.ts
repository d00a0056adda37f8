import { Writable } from 'node:stream';
import { migrate, openDb, type Db } from '@zakupai/db';
import { createLogger, createMetrics, type App, type ServiceMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp, type RiskDeps } from '../src/app.ts';
import { RISK_SERVICE_MIGRATIONS } from '../src/adapters/db/risk-migrations.ts';
import { loadRuleFiles } from '../src/config/rule-files.ts';

export type Backend = 'postgres' | 'pglite';

export interface RiskHarness {
  app: App;
  db: Db;
  metrics: ServiceMetrics;
  logs: string[];
  /** Closes the app only: the database stays, for a restart on the same data. */
  closeApp(): Promise<void>;
  close(): Promise<void>;
}

export async function backendAvailable(backend: Backend): Promise<boolean> {
  return backend === 'pglite' || postgresAvailable();
}

export interface TestDb {
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database: a new PostgreSQL database on the machine's server, or an in-memory PGlite. */
export async function freshDatabase(backend: Backend): Promise<TestDb> {
  let testDb: TestDatabase | undefined;
  let url = 'pglite:memory:';
  if (backend === 'postgres') {
    testDb = await createTestDatabase('zk_risk');
    url = testDb.url;
  }
  const db = await openDb(url);
  await migrate(db, RISK_SERVICE_MIGRATIONS);
  return {
    db,
    async drop() {
      await db.close();
      await testDb?.drop();
    },
  };
}

/** The real risk app (kit, validation, metrics, logging) on the given database, with a new metrics registry. */
export async function startRisk(
  database: TestDb,
  overrides: Partial<Pick<RiskDeps, 'now' | 'antiDumpingWindowSeconds' | 'rateLimitPerMinute'>> = {},
): Promise<RiskHarness> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ service: 'risk', redactor: new Redactor(), destination });
  const metrics = createMetrics('risk');
  const rules = await loadRuleFiles();
  const app = await buildApp({ logger, metrics, db: database.db, rules, ...overrides });
  await app.ready();
  return {
    app,
    db: database.db,
    metrics,
    logs,
    closeApp: () => app.close(),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** The value of an unlabelled sample in Prometheus text, or undefined. */
export function sampleValue(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = (m[2] ?? '').replace(/,?service="risk",?/, '');
    if (labels === '' ? got === '' || got === '{}' : got.includes(labels)) return Number(m[3]);
  }
  return undefined;
}
