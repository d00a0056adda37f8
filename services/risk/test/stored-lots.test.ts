import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireServer } from '@zakupai/testing/require-server';
import { backendAvailable, freshDatabase, sampleValue, startRisk, type Backend } from './harness.ts';
import { importSample, readSampleFile, SAMPLE_EXPECTED, SAMPLE_RATIO } from './sample-mirror.ts';
import { RULE_IDS } from '../src/domain/outcome.ts';

interface Outcome {
  rule: string;
  status: string;
  reason: string;
  evidence: Record<string, unknown>;
}

const file = readSampleFile();

test('the sample file holds what the hand count says', () => {
  assert.equal(file.lotIds.length, SAMPLE_EXPECTED.lots);
  assert.equal(file.contracted.length, SAMPLE_EXPECTED.contracts);
  assert.equal(file.dumping.length, SAMPLE_EXPECTED.violations);
});

for (const backend of ['postgres', 'pglite'] as Backend[]) {
  describe(`stored lots on ${backend}`, { concurrency: false }, () => {
    test('POST /risk/rescore scores the whole sample: the hand-computed anti_dumping_ratio and a mix of levels', async (t) => {
      if (!requireServer(t, await backendAvailable(backend), 'PostgreSQL')) return;
      const database = await freshDatabase(backend);
      let risk: Awaited<ReturnType<typeof startRisk>> | undefined;
      try {
        await importSample(database.db);
        const started = await startRisk(database);
        risk = started;
        const metrics = () => started.metrics.registry.metrics();
        assert.equal(sampleValue(await metrics(), 'anti_dumping_ratio'), 0);

        const res = await started.app.inject({ method: 'POST', url: '/risk/rescore' });
        assert.equal(res.statusCode, 200, res.body);
        const r = res.json();
        assert.equal(r.examined, SAMPLE_EXPECTED.lots);
        assert.equal(r.scored, SAMPLE_EXPECTED.lots);
        assert.equal(r.antiDumping, SAMPLE_EXPECTED.violations);
        assert.equal(r.skipped, 0);
        assert.equal(r.more, false);
        assert.equal(r.levels.low + r.levels.medium + r.levels.high, SAMPLE_EXPECTED.lots);
        for (const level of ['low', 'medium', 'high']) assert.ok(r.levels[level] > 0, `some ${level} lots`);

        const text = await metrics();
        assert.equal(sampleValue(text, 'anti_dumping_ratio'), SAMPLE_RATIO);
        assert.equal(sampleValue(text, 'lots_analyzed_total'), SAMPLE_EXPECTED.lots);
        assert.equal(sampleValue(text, 'anti_dumping_violations_total'), SAMPLE_EXPECTED.violations);

        // The very lots the hand count names are the flagged ones.
        const flagged = await database.db.query<{ lot_id: string }>(
          'SELECT lot_id FROM zakupai.risk_evaluations WHERE anti_dumping ORDER BY lot_id',
        );
        assert.deepEqual(
          flagged.rows.map((row) => row.lot_id),
          [...file.dumping].sort(),
        );

        // Nothing changed since: a second run finds nothing to score; a forced one pages through, bounded by limit.
        const again = await started.app.inject({ method: 'POST', url: '/risk/rescore', payload: {} });
        assert.deepEqual([again.json().examined, again.json().scored], [0, 0]);
        const forced = await started.app.inject({
          method: 'POST',
          url: '/risk/rescore',
          payload: { limit: 100, only_unscored: false },
        });
        assert.equal(forced.statusCode, 200, forced.body);
        assert.deepEqual(
          [forced.json().examined, forced.json().scored, forced.json().more],
          [100, 100, true],
        );
        assert.equal(
          sampleValue(await metrics(), 'anti_dumping_ratio'),
          SAMPLE_RATIO,
          'latest per lot counts',
        );
      } finally {
        if (risk) await risk.close();
        else await database.drop();
      }
    });

    test('GET /risk/lots/:id and /risk/explain/:id score a stored lot from the mirror on first read', async (t) => {
      if (!requireServer(t, await backendAvailable(backend), 'PostgreSQL')) return;
      const database = await freshDatabase(backend);
      await importSample(database.db);
      const risk = await startRisk(database);
      try {
        const dumpingId = file.dumping[0]!;
        const expected = file.contracted.find((c) => c.lotId === dumpingId)!;
        const first = await risk.app.inject({ method: 'GET', url: `/risk/lots/${dumpingId}` });
        assert.equal(first.statusCode, 200, first.body);
        const body = first.json();
        assert.equal(body.lotId, dumpingId);
        assert.ok(body.flags.includes('anti_dumping'));
        assert.ok(['tender', 'price_quotes'].includes(body.lot.method));
        assert.equal(body.lot.award.supplierBin, expected.supplierBin);
        assert.equal(body.lot.award.priceIncludesVat, true);
        assert.ok(body.lot.participants >= 1);
        assert.equal(sampleValue(await risk.metrics.registry.metrics(), 'anti_dumping_ratio'), 100);

        // Stored: the next read returns the same evaluation, as does the explanation.
        const second = await risk.app.inject({ method: 'GET', url: `/risk/lots/${dumpingId}` });
        assert.equal(second.json().evaluationId, body.evaluationId);
        const explained = await risk.app.inject({ method: 'GET', url: `/risk/explain/${dumpingId}` });
        assert.equal(explained.json().evaluationId, body.evaluationId);
        const ad = (explained.json().outcomes as Outcome[]).find((o) => o.rule === 'anti_dumping')!;
        assert.equal(ad.status, 'flagged');
        // Netted at the rate of the turnover (planned delivery) date, not of the signing date.
        assert.equal(ad.evidence.vatRatePct, expected.vatRatePct);

        // /risk/explain/:id scores an unscored lot too.
        const other = file.lotIds.find((id) => id !== dumpingId)!;
        const ex = await risk.app.inject({ method: 'GET', url: `/risk/explain/${other}` });
        assert.equal(ex.statusCode, 200, ex.body);
        assert.equal((ex.json().outcomes as Outcome[]).length, RULE_IDS.length);

        // A change in the mirror makes the evaluation stale: the next read scores the lot again.
        await database.db.query(
          `UPDATE goszakup.contracts SET contract_sum_wnds = l.amount * 1.12, synced_at = now()
           FROM goszakup.lots l WHERE l.id = contracts.lot_id AND contracts.lot_id = $1::bigint`,
          [dumpingId],
        );
        const after = await risk.app.inject({ method: 'GET', url: `/risk/lots/${dumpingId}` });
        assert.notEqual(after.json().evaluationId, body.evaluationId);
        assert.ok(!after.json().flags.includes('anti_dumping'), 'paid at the full amount: no dumping');

        // Unknown ids: 404 naming params.id, numeric (not in the mirror) or not; malformed: 400.
        for (const id of ['99999999999', 'NOPE-1']) {
          const nf = await risk.app.inject({ method: 'GET', url: `/risk/lots/${id}` });
          assert.equal(nf.statusCode, 404);
          assert.equal(nf.json().error.field, 'params.id');
          assert.equal(
            (await risk.app.inject({ method: 'GET', url: `/risk/explain/${id}` })).statusCode,
            404,
          );
        }
        const bad = await risk.app.inject({ method: 'GET', url: '/risk/lots/a%20b' });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().error.field, 'params.id');
      } finally {
        await risk.close();
      }
    });
  });
}

test('what the mirror does not say is "not applicable", never guessed', async () => {
  const database = await freshDatabase('pglite');
  await importSample(database.db);
  const risk = await startRisk(database);
  try {
    const [a, b] = file.dumping as [string, string];
    // No trade-method names: the method is unknown, and so are the rules that depend on it.
    const refs = await database.db.query<Record<string, unknown>>(
      "SELECT ref_name, id, code, name_ru, name_kz, raw FROM goszakup.refs WHERE ref_name = 'ref_trade_methods'",
    );
    await database.db.query("DELETE FROM goszakup.refs WHERE ref_name = 'ref_trade_methods'");
    // No plan data on lot b: its plan link and unit are unknown.
    await database.db.query(
      `UPDATE goszakup.lots SET raw = raw - 'point_list' - 'plans' WHERE id = $1::bigint`,
      [b],
    );
    const outcomes = async (id: string) => {
      const res = await risk.app.inject({ method: 'GET', url: `/risk/explain/${id}` });
      assert.equal(res.statusCode, 200, res.body);
      return Object.fromEntries((res.json().outcomes as Outcome[]).map((o) => [o.rule, o]));
    };
    const unknown = await outcomes(a);
    for (const rule of ['anti_dumping', 'short_tender_period', 'single_participant', 'contract_splitting']) {
      assert.equal(unknown[rule]!.status, 'not_applicable', rule);
      assert.equal(unknown[rule]!.reason, 'the trade method is unknown');
    }
    assert.equal(unknown.supplier_in_rnu!.status === 'not_applicable', false, 'the award is still known');
    const lot = (await risk.app.inject({ method: 'GET', url: `/risk/lots/${a}` })).json().lot;
    assert.equal(lot.method, null);

    const noPlan = await outcomes(b);
    assert.equal(noPlan.missing_plan_link!.status, 'not_applicable');
    assert.equal(noPlan.price_above_market!.status, 'not_applicable');

    // The names arrive (etl loads the reference lists): the lots are stale, and the next read knows the method.
    for (const r of refs.rows) {
      await database.db.query(
        'INSERT INTO goszakup.refs (ref_name, id, code, name_ru, name_kz, raw) VALUES ($1, $2, $3, $4, $5, $6)',
        [r.ref_name, r.id, r.code, r.name_ru, r.name_kz, JSON.stringify(r.raw)],
      );
    }
    const known = await outcomes(a);
    assert.equal(known.anti_dumping!.status, 'flagged');
  } finally {
    await risk.close();
  }
});

test('a stored lot without a customer BIN is refused with the reason, and skipped by a rescore', async () => {
  const database = await freshDatabase('pglite');
  await importSample(database.db);
  const risk = await startRisk(database);
  try {
    const id = file.lotIds[0]!;
    await database.db.query(`UPDATE goszakup.lots SET customer_bin = NULL WHERE id = $1::bigint;`, [id]);
    await database.db.query(
      'UPDATE goszakup.trd_buy SET customer_bin = NULL WHERE id = (SELECT trd_buy_id FROM goszakup.lots WHERE id = $1::bigint)',
      [id],
    );
    const res = await risk.app.inject({ method: 'GET', url: `/risk/lots/${id}` });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.field, 'params.id');
    assert.match(res.json().error.message, /no customer BIN/);
    const r = (
      await risk.app.inject({ method: 'POST', url: '/risk/rescore', payload: { limit: 10 } })
    ).json();
    assert.equal(r.examined, 10);
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.skippedSample, [{ id, reason: 'the lot has no customer BIN' }]);
  } finally {
    await risk.close();
  }
});

test('POST /risk/rescore refuses a bad body, naming the field', async () => {
  const database = await freshDatabase('pglite');
  const risk = await startRisk(database);
  try {
    const cases: Array<[unknown, string]> = [
      [{ limit: 0 }, 'body.limit'],
      [{ limit: 10_001 }, 'body.limit'],
      [{ limit: 2.5 }, 'body.limit'],
      [{ only_unscored: 'yes' }, 'body.only_unscored'],
      [{ everything: true }, 'body.everything'],
      [[1], 'body'],
    ];
    for (const [payload, field] of cases) {
      const res = await risk.app.inject({ method: 'POST', url: '/risk/rescore', payload: payload as object });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().error.field, field);
    }
    const empty = await risk.app.inject({ method: 'POST', url: '/risk/rescore', payload: { limit: 10_000 } });
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json().levels, { low: 0, medium: 0, high: 0 });
  } finally {
    await risk.close();
  }
});
