import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openDb } from '@zakupai/db';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { harness, tableDigest } from './harness.ts';

const child = fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url));

/** Runs the child sync; with `killAfterLotsPages` it is SIGKILLed once that many lots pages are committed. */
function runChild(
  env: Record<string, string>,
  killAfterLotsPages?: number,
): Promise<{ code: number | null; signal: string | null; lotsPages: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lotsPages = 0;
    createInterface({ input: p.stdout! }).on('line', (line) => {
      const e = JSON.parse(line) as { type: string; entity?: string };
      if (e.type === 'page' && e.entity === 'lots') {
        lotsPages += 1;
        if (killAfterLotsPages !== undefined && lotsPages === killAfterLotsPages) p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, lotsPages }));
  });
}

test('SIGKILL mid-sync, then a restart, ends with the same tables as an uninterrupted run', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const ref = await createTestDatabase('zk_etl_ref');
  const crashed = await createTestDatabase('zk_etl_crash');
  const h = await harness(ref.url, { lots: 4000, seed: 11, latencyMs: 5, broken: { lots: [3333] } });
  try {
    for (const r of await h.syncAll()) assert.equal(r.status, 'ok');
    const env = { FAKE_URL: h.fake.url, DB_URL: crashed.url };
    const first = await runChild(env, 3);
    assert.equal(first.signal, 'SIGKILL');

    const db = await openDb(crashed.url);
    try {
      const cp = await db.query<{ in_progress: boolean; cursor: string; items_in_run: string }>(
        `SELECT in_progress, cursor, items_in_run FROM zakupai.etl_checkpoints WHERE entity = 'lots'`,
      );
      assert.equal(cp.rows[0]!.in_progress, true, 'the kill left lots mid-run');
      assert.ok(Number(cp.rows[0]!.items_in_run) >= 1000, 'at least the committed pages are recorded');
      assert.match(cp.rows[0]!.cursor, /search_after=/);

      const second = await runChild(env);
      assert.equal(second.code, 0);
      assert.ok(second.lotsPages < 8, 'the restart resumed instead of starting over');
      assert.deepEqual(await tableDigest(db), await tableDigest(h.db));
      const runs = await db.query<{ status: string }>(
        `SELECT status FROM zakupai.etl_runs WHERE entity = 'lots' ORDER BY id`,
      );
      assert.deepEqual(
        runs.rows.map((r) => r.status),
        ['interrupted', 'ok'],
      );
      const q = await db.query<{ n: string }>('SELECT count(*) AS n FROM zakupai.etl_quarantine');
      assert.equal(q.rows[0]!.n, '1');
    } finally {
      await db.close();
    }
  } finally {
    await h.close();
    await ref.drop();
    await crashed.drop();
  }
});
