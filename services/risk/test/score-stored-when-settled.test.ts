import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescoreOptions, RescoreResult } from '../src/app/score-stored.ts';
import { scoreStoredWhenSettled } from '../src/app/score-stored-when-settled.ts';
import { buildApp } from '../src/app.ts';
import { freshDatabase, sampleValue } from './harness.ts';
import { importSample, SAMPLE_EXPECTED, SAMPLE_RATIO } from './sample-mirror.ts';
import { createLogger, createMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { loadRuleFiles } from '../src/config/rule-files.ts';

const done: RescoreResult = {
  examined: 3,
  scored: 3,
  antiDumping: 1,
  levels: { low: 1, medium: 1, high: 1 },
  skipped: 0,
  skippedSample: [],
  more: false,
};

test('waits for a non-empty mirror that stopped changing, then scores it once', async () => {
  const stamps = ['', '', '3:a', '5:b', '5:b', '5:b', 'never read'];
  let looks = 0;
  const calls: RescoreOptions[] = [];
  const r = await scoreStoredWhenSettled({
    stamp: async () => stamps[looks++]!,
    rescore: async (o) => {
      calls.push(o);
      return done;
    },
    pollMs: 1,
    waitMs: 60_000,
    signal: new AbortController().signal,
  });
  assert.equal(r, done);
  assert.equal(looks, 6, 'two unchanged looks after the first of "5:b"');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.onlyUnscored, true);
});

test('gives up when the mirror stays empty, and stops when aborted', async () => {
  let clock = 0;
  const r = await scoreStoredWhenSettled({
    stamp: async () => '',
    rescore: async () => assert.fail('nothing to score'),
    pollMs: 1,
    waitMs: 10,
    now: () => (clock += 4),
    signal: new AbortController().signal,
  });
  assert.equal(r, null);

  const controller = new AbortController();
  const job = scoreStoredWhenSettled({
    stamp: async () => '',
    rescore: async () => assert.fail('nothing to score'),
    pollMs: 60_000,
    waitMs: 600_000,
    signal: controller.signal,
  });
  controller.abort(new Error('closing'));
  await assert.rejects(job, /closing/);
});

test('RISK_SCORE_STORED=if-unscored: a mirror loaded after start is scored in the background', async () => {
  const database = await freshDatabase('pglite');
  const metrics = createMetrics('risk');
  const app = await buildApp({
    logger: createLogger({ service: 'risk', redactor: new Redactor(), level: 'silent' }),
    metrics,
    db: database.db,
    rules: await loadRuleFiles(),
    scoreStored: 'if-unscored',
    scoreStoredPollMs: 50,
  });
  try {
    await app.ready();
    // etl starts after risk in the same process: the sample arrives while the job is already waiting.
    await importSample(database.db);
    let ratio: number | undefined = 0;
    for (let i = 0; i < 200 && ratio !== SAMPLE_RATIO; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      ratio = sampleValue(await metrics.registry.metrics(), 'anti_dumping_ratio');
    }
    assert.equal(ratio, SAMPLE_RATIO);
    // Scored once, every lot: nothing is left unscored.
    const left = await app.inject({ method: 'POST', url: '/risk/rescore' });
    assert.equal(left.json().examined, 0);
    assert.equal(sampleValue(await metrics.registry.metrics(), 'lots_analyzed_total'), SAMPLE_EXPECTED.lots);
  } finally {
    await app.close();
    await database.drop();
  }
});
