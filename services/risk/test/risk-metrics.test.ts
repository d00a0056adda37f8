import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLogger, runService } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { requireServer } from '@zakupai/testing/require-server';
import { backendAvailable, freshDatabase, sampleValue, startRisk, type Backend } from './harness.ts';

const sample = JSON.parse(readFileSync(new URL('./fixtures/sample-lots.json', import.meta.url), 'utf8')) as {
  expected: { lots: number; violations: number; antiDumpingRatio: number };
  lots: Array<Record<string, unknown>>;
};

for (const backend of ['postgres', 'pglite'] as Backend[]) {
  describe(`anti_dumping_ratio on ${backend}`, { concurrency: false }, () => {
    test('scoring the bundled sample sets the hand-computed ratio, which survives a restart and shows on /metrics', async (t) => {
      if (!requireServer(t, await backendAvailable(backend), 'PostgreSQL')) return;
      const database = await freshDatabase(backend);
      try {
        const first = await startRisk(database);
        const text = () => first.metrics.registry.metrics();
        assert.equal(sampleValue(await text(), 'anti_dumping_ratio'), 0, 'no lot analysed: 0, not NaN');

        const res = await first.app.inject({
          method: 'POST',
          url: '/risk/batch',
          payload: { lots: sample.lots },
        });
        assert.equal(res.statusCode, 200, res.body);
        const dumping = res
          .json()
          .results.filter((r: { flags: string[] }) => r.flags.includes('anti_dumping'));
        assert.deepEqual(
          dumping.map((r: { lotId: string }) => r.lotId),
          ['S2', 'S3', 'S5'],
        );
        const after = await text();
        assert.equal(sampleValue(after, 'anti_dumping_ratio'), sample.expected.antiDumpingRatio); // 100 · 3 / 8
        assert.equal(sampleValue(after, 'lots_analyzed_total'), sample.expected.lots);
        assert.equal(sampleValue(after, 'anti_dumping_violations_total'), sample.expected.violations);
        const levels = ['low', 'medium', 'high'].map((l) =>
          sampleValue(after, 'risk_assessments_total', `risk_level="${l}"`)!,
        );
        assert.equal(
          levels.reduce((a, b) => a + b, 0),
          sample.expected.lots,
        );

        // Re-scoring S2 at a clean price replaces it: the window counts each lot's latest assessment. 2 of 8 = 25.
        const s2 = sample.lots.find((l) => l.id === 'S2')!;
        const rescored = { ...s2, award: { ...(s2.award as object), price: '950000.00' } };
        assert.equal(
          (await first.app.inject({ method: 'POST', url: '/risk/score', payload: rescored })).statusCode,
          200,
        );
        assert.equal(sampleValue(await text(), 'anti_dumping_ratio'), 25);
        await first.closeApp();

        // A new instance on the same database (a restart, or another replica) reports the same value at once,
        // while its own counters start from zero.
        const second = await startRisk(database);
        const logger = createLogger({ service: 'risk', redactor: new Redactor() });
        const running = await runService({
          name: 'risk',
          app: second.app,
          env: { host: '127.0.0.1', port: 0, metricsPort: 0, logLevel: 'silent' },
          logger,
          metrics: second.metrics,
        });
        try {
          const scraped = await (await fetch(running.metricsUrl)).text();
          assert.equal(sampleValue(scraped, 'anti_dumping_ratio'), 25);
          assert.equal(sampleValue(scraped, 'lots_analyzed_total'), 0);
          assert.match(scraped, /# TYPE anti_dumping_ratio gauge/);
          const publicPort = await fetch(`${running.url}/metrics`);
          assert.equal(publicPort.status, 404, 'metrics are not served on the public port');
        } finally {
          await running.stop();
        }
      } finally {
        await database.drop();
      }
    });

    test('evaluations older than the window do not count', async (t) => {
      if (!requireServer(t, await backendAvailable(backend), 'PostgreSQL')) return;
      const database = await freshDatabase(backend);
      try {
        const h = await startRisk(database, { antiDumpingWindowSeconds: 3600 });
        await h.app.inject({ method: 'POST', url: '/risk/batch', payload: { lots: sample.lots } });
        // An assessment from two hours ago of another, dumping lot.
        await h.db.query(
          `INSERT INTO zakupai.risk_evaluations (lot_id, customer_bin, method, fin_year, allocated_amount, rules_version,
             as_of, score, level, flags, anti_dumping, lot, assessment, evaluated_at)
           VALUES ('OLD', '900101300017', 'tender', 2026, 1000000, 'x', '2026-01-01', 20, 'medium',
             ARRAY['anti_dumping'], true, '{}', '{}', now() - interval '2 hours')`,
        );
        assert.equal(sampleValue(await h.metrics.registry.metrics(), 'anti_dumping_ratio'), 37.5);
        await h.closeApp();
        const day = await startRisk(database); // default 24h window: 4 of 9
        const ratio = sampleValue(await day.metrics.registry.metrics(), 'anti_dumping_ratio')!;
        assert.ok(Math.abs(ratio - (100 * 4) / 9) < 1e-9, String(ratio));
        await day.closeApp();
      } finally {
        await database.drop();
      }
    });
  });
}
