/**
 * Issue 8, resilience: the whole platform under steady load while every fault happens, one at a time. In CI one
 * round of each fault runs (about four minutes on two cores); `npm run test:chaos` runs rounds for CHAOS_DURATION.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baoAvailable } from '@zakupai/testing/bao';
import { requireServer } from '@zakupai/testing/require-server';
import { pgBinDir } from '@zakupai/testing/scram-pg';
import { parseDurationMs } from '@zakupai/vault';
import { redisServerAvailable } from '@zakupai/testing/redis';
import { runChaos } from './support/run-chaos.ts';

const durationMs = parseDurationMs('CHAOS_DURATION', process.env.CHAOS_DURATION, 0);

test(
  'chaos: every fault under load, no unexpected failure, no lost or duplicated row',
  { timeout: durationMs + 10 * 60_000 },
  async (t) => {
    const missing = [
      ...(baoAvailable() ? [] : ['bao']),
      ...(pgBinDir() ? [] : ['PostgreSQL server binaries']),
      ...(redisServerAvailable() ? [] : ['redis-server']),
    ];
    if (!requireServer(t, missing.length === 0, missing.join(', '))) return;
    const result = await runChaos({
      durationMs,
      workers: 4,
      gapMs: 100,
      lots: 6000,
      tokenTtl: '3s',
      tokenMaxTtl: '8s',
      log: (line) => console.log(line),
      ...(process.env.CHAOS_RECORDS_FILE ? { recordsFile: process.env.CHAOS_RECORDS_FILE } : {}),
    });
    console.log(result.report);

    const failedFaults = result.notes.filter((n) => !n.ok);
    assert.deepEqual(
      failedFaults.map((n) => `r${n.round} ${n.fault}: ${n.detail}`),
      [],
      'every fault ran and its checks passed',
    );
    const violations = result.judged.filter((r) => r.judgement === 'violation');
    const byReason = new Map<string, number>();
    for (const v of violations)
      byReason.set(`${v.route}: ${v.reason}`, (byReason.get(`${v.route}: ${v.reason}`) ?? 0) + 1);
    const grouped = [...byReason].map(([reason, n]) => `${n} × ${reason}`);
    assert.deepEqual(
      grouped,
      [],
      `${violations.length} requests failed outside what their fault window allows`,
    );
    assert.ok(result.judged.length > 500, `only ${result.judged.length} requests sent`);
    for (const w of new Set(result.notes.map((n) => n.fault)))
      assert.ok(
        result.judged.some((r) => r.windows.some((x) => x.fault === w)),
        `no request ran during ${w}`,
      );
    assert.deepEqual(
      result.finalSync.filter((s) => s.status !== 'ok'),
      [],
      'the final sync completes',
    );
    for (const tb of result.tables) {
      assert.equal(tb.lost, 0, `${tb.table}: rows lost`);
      assert.equal(tb.duplicated, 0, `${tb.table}: rows duplicated`);
      assert.equal(tb.extraOrChanged, 0, `${tb.table}: rows the API does not serve`);
      assert.ok(tb.expected > 0 && tb.actual === tb.expected, `${tb.table}: ${tb.actual} of ${tb.expected}`);
    }
    for (const s of result.stored) {
      assert.ok(s.acknowledged > 50, `${s.table}: only ${s.acknowledged} acknowledged writes`);
      assert.equal(s.lost, 0, `${s.table}: acknowledged writes without a row`);
      assert.equal(s.duplicated, 0, `${s.table}: writes stored twice`);
      assert.equal(
        s.unacknowledged,
        0,
        `${s.table}: rows stored for requests that were answered with an error`,
      );
    }
  },
);
