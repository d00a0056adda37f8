import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Writable } from 'node:stream';
import { migrate, openDb } from '@zakupai/db';
import { buildService, createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { calcMigrations } from '../src/adapters/db/migrations.ts';
import { DbCalcRepository } from '../src/adapters/db/db-calc-repository.ts';
import { registerCalcRoutes } from '../src/adapters/http/calc-routes.ts';

it('the default VAT date is the Almaty date of the injected clock: 19:30 UTC on 31 Dec is already 2026 (16%)', async () => {
  const db = await openDb('pglite:memory:');
  await migrate(db, calcMigrations);
  const logger = createLogger({
    service: 'calc',
    redactor: new Redactor(),
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const metrics = createMetrics('calc');
  const app = await buildService({ name: 'calc', version: 't', logger, metrics, rateLimit: false });
  let clock = new Date('2025-12-31T18:59:59Z');
  registerCalcRoutes(app, { repo: new DbCalcRepository(db), registry: metrics.registry, now: () => clock });
  await app.ready();
  try {
    // 23:59:59 in Almaty on 31 Dec 2025 → 12%: vat = 112 · 12/112 = 12
    const late2025 = (await app.inject({ method: 'POST', url: '/vat', payload: { amount: '112' } })).json();
    assert.deepEqual([late2025.date, late2025.vat_rate, late2025.vat], ['2025-12-31', '12', '12.00']);
    clock = new Date('2025-12-31T19:30:00Z');
    // 00:30 in Almaty on 1 Jan 2026 → 16%: vat = 116 · 16/116 = 16
    const early2026 = (await app.inject({ method: 'POST', url: '/vat', payload: { amount: '116' } })).json();
    assert.deepEqual([early2026.date, early2026.vat_rate, early2026.vat], ['2026-01-01', '16', '16.00']);
    const stored = await db.query<{ created_at: Date }>(
      'SELECT created_at FROM zakupai.finance_calcs ORDER BY id DESC LIMIT 1',
    );
    assert.equal(new Date(stored.rows[0]!.created_at).toISOString(), '2025-12-31T19:30:00.000Z');
  } finally {
    await app.close();
    await db.close();
  }
});
