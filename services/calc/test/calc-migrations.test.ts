import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate, openDb } from '@zakupai/db';
import { createTestDatabase } from '@zakupai/testing/pg';
import { calcMigrations } from '../src/adapters/db/migrations.ts';
import { BACKENDS, backendAvailable } from './harness.ts';
import { requireServer } from '@zakupai/testing/require-server';

describe('calc migrations', () => {
  for (const backend of BACKENDS) {
    it(`apply once, are idempotent and constrain kind on ${backend}`, async (t) => {
      if (!requireServer(t, await backendAvailable(backend), backend)) return;
      const testDb = backend === 'postgres' ? await createTestDatabase('zk_calcmig') : undefined;
      const db = await openDb(testDb?.url ?? 'pglite:memory:');
      try {
        assert.deepEqual(
          await migrate(db, calcMigrations),
          calcMigrations.map((m) => m.id),
        );
        assert.deepEqual(await migrate(db, calcMigrations), []);
        await assert.rejects(
          db.query(
            "INSERT INTO zakupai.finance_calcs (kind, inputs, outputs, request_id) VALUES ('lottery', '{}', '{}', 'r')",
          ),
        );
        const r = await db.query<{ id: string; created_at: Date }>(
          "INSERT INTO zakupai.finance_calcs (kind, inputs, outputs, request_id) VALUES ('vat', '{\"a\":\"1.10\"}', '{}', 'r') RETURNING id, created_at",
        );
        assert.match(String(r.rows[0]!.id), /^\d+$/);
        const back = await db.query<{ inputs: { a: string } }>('SELECT inputs FROM zakupai.finance_calcs');
        assert.equal(back.rows[0]!.inputs.a, '1.10'); // decimal strings survive jsonb unchanged
      } finally {
        await db.close();
        await testDb?.drop();
      }
    });
  }
});
