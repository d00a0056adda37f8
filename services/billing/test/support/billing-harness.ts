import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { migrate, openDb, type Db } from '@zakupai/db';
import { createLogger, createMetrics, type App } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createTestDatabase, type TestDatabase } from '@zakupai/testing/pg';
import { buildApp } from '../../src/app.ts';
import { billingMigrations } from '../../src/store/migrations.ts';
import { captureStream } from '@zakupai/testing/capture-stream';
import { AUDIENCE, ISSUER, jwks, makeSigner, type Signer } from './tokens.ts';

export type Backend = 'postgres' | 'pglite';

export interface BillingHarness {
  app: App;
  db: Db;
  pepper: string;
  admin: Signer;
  adminToken: string;
  logs: ReturnType<typeof captureStream>;
  /** Every row of billing's tables as JSON text, for leak checks. */
  dump(): Promise<string>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function startBilling(
  backend: Backend,
  options: { admin?: Signer; now?: () => Date } = {},
): Promise<BillingHarness> {
  let testDb: TestDatabase | undefined;
  let db: Db;
  if (backend === 'postgres') {
    testDb = await createTestDatabase('zk_billing');
    db = await openDb(testDb.url);
  } else {
    db = await openDb('pglite:memory:');
  }
  await migrate(db, billingMigrations);
  const pepper = randomBytes(32).toString('base64url');
  const redactor = new Redactor();
  redactor.add(pepper);
  const logs = captureStream();
  const logger = createLogger({ service: 'billing', redactor, destination: logs, level: 'debug' });
  const admin = options.admin ?? (await makeSigner('admin-1'));
  const keySet = createLocalJWKSet(JSON.parse(jwks(admin)) as JSONWebKeySet);
  const app = await buildApp({
    logger,
    metrics: createMetrics('billing'),
    db,
    pepper: () => pepper,
    adminAuth: { keys: () => keySet, issuer: ISSUER, audience: AUDIENCE },
    ...(options.now ? { now: options.now } : {}),
  });
  await app.ready();
  const adminToken = await admin.sign({ sub: 'ops', scope: 'zakupai:admin' });
  return {
    app,
    db,
    pepper,
    admin,
    adminToken,
    logs,
    async dump() {
      const parts: string[] = [];
      for (const t of ['billing_plans', 'api_keys', 'api_key_usage', 'api_key_usage_batches']) {
        const r = await db.query(`SELECT row_to_json(t)::text AS j FROM zakupai.${t} t`);
        parts.push(...r.rows.map((row) => String((row as { j: string }).j)));
      }
      return parts.join('\n');
    },
    async listen() {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    },
    async close() {
      await app.close();
      await db.close();
      await testDb?.drop();
    },
  };
}
