import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { requireServer } from '@zakupai/testing/require-server';
import { backendAvailable, freshDatabase, startRisk, type RiskHarness, type TestDb } from './harness.ts';
import { RULE_IDS } from '../src/domain/outcome.ts';

const sample = JSON.parse(readFileSync(new URL('./fixtures/sample-lots.json', import.meta.url), 'utf8')) as {
  lots: Array<Record<string, unknown>>;
};
const lotS1 = sample.lots[0]!;
const NOW = () => new Date('2026-03-05T09:00:00Z');

const rowCount = async (h: RiskHarness) =>
  Number((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM zakupai.risk_evaluations')).rows[0]!.n);

describe('risk API on PostgreSQL', { concurrency: false }, () => {
  let database: TestDb;
  let h: RiskHarness;
  let available = false;

  before(async () => {
    available = await backendAvailable('postgres');
    if (!available) return;
    database = await freshDatabase('postgres');
    h = await startRisk(database, { now: NOW });
  });
  after(async () => {
    if (available) await h.close();
  });

  test('POST /risk/score stores the lot; GET /risk/lots/:id and /risk/explain/:id read it back', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    const lot = {
      ...lotS1,
      id: 'API-1',
      award: { ...(lotS1.award as object), price: '850000.00' },
      planPointId: null,
    };
    const res = await h.app.inject({ method: 'POST', url: '/risk/score', payload: lot });
    assert.equal(res.statusCode, 200, res.body);
    const scored = res.json();
    assert.equal(scored.lotId, 'API-1');
    assert.deepEqual(scored.flags, ['anti_dumping', 'missing_plan_link']);
    assert.equal(scored.score, 30); // 40 · 0.5 + 10
    assert.equal(scored.level, 'medium');
    assert.equal(scored.asOf, '2026-03-05');

    const stored = (await h.app.inject({ method: 'GET', url: '/risk/lots/API-1' })).json();
    assert.equal(stored.score, 30);
    assert.equal(stored.evaluationId, scored.evaluationId);
    assert.equal(stored.lot.award.price, '850000.00');
    assert.equal(stored.lot.subject, 'other');

    // Explicit nulls stay null through the HTTP layer's type coercion (not 0, not [null]).
    const nulls = {
      ...lotS1,
      id: 'API-NULLS',
      participants: null,
      offers: null,
      item: null,
      bidWindow: null,
    };
    const nullScored = await h.app.inject({ method: 'POST', url: '/risk/score', payload: nulls });
    assert.equal(nullScored.statusCode, 200, nullScored.body);
    assert.deepEqual(nullScored.json().flags, []);
    const nullLot = (await h.app.inject({ method: 'GET', url: '/risk/lots/API-NULLS' })).json().lot;
    assert.deepEqual(
      [nullLot.participants, nullLot.offers, nullLot.item, nullLot.bidWindow],
      [null, null, null, null],
    );

    const explained = (await h.app.inject({ method: 'GET', url: '/risk/explain/API-1' })).json();
    assert.equal(explained.outcomes.length, RULE_IDS.length);
    const dumping = explained.outcomes.find((o: { rule: string }) => o.rule === 'anti_dumping');
    assert.equal(dumping.status, 'flagged');
    assert.equal(dumping.evidence.netPrice, '850000.00');
    assert.equal(dumping.threshold.minPrice, '900000.00');
    assert.equal(dumping.points, '20');
    assert.match(dumping.basis.ru, /демпинг/);
    assert.match(dumping.basis.en, /dumping/);
  });

  test('a batch is judged against itself and stored history', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    const quotes = (id: string, amount: string) => ({
      id,
      customerBin: '110240004567',
      method: 'price_quotes',
      finYear: 2026,
      bidWindow: { start: '2026-02-02', end: '2026-02-09' },
      item: { code: 'SPLIT-1', unit: 'шт', quantity: '1', unitPrice: amount },
      allocatedAmount: amount,
      participants: 3,
      planPointId: 'PP',
    });
    // 2026 ceiling for price quotes: 34,600,000. 20,000,000 + 20,000,000 in one batch is a split.
    const batch = await h.app.inject({
      method: 'POST',
      url: '/risk/batch',
      payload: { lots: [quotes('SP-1', '20000000.00'), quotes('SP-2', '20000000.00')] },
    });
    assert.equal(batch.statusCode, 200, batch.body);
    const body = batch.json();
    assert.equal(body.count, 2);
    for (const r of body.results) assert.deepEqual(r.flags, ['contract_splitting']);
    // A later lot of the same code sees both stored ones.
    const third = await h.app.inject({
      method: 'POST',
      url: '/risk/score',
      payload: quotes('SP-3', '1000000.00'),
    });
    const split = third.json().outcomes.find((o: { rule: string }) => o.rule === 'contract_splitting');
    assert.equal(split.status, 'flagged');
    assert.deepEqual(split.evidence.lotIds, ['SP-3', 'SP-1', 'SP-2']);
    assert.equal(split.evidence.total, '41000000.00');
  });

  test('the market sample defaults to other scored lots of the same code and unit', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    const priced = (id: string, unitPrice: string) => ({
      id,
      customerBin: '181140003213',
      method: 'auction',
      finYear: 2026,
      item: { code: 'MKT-1', unit: 'кг', quantity: '1', unitPrice },
      allocatedAmount: unitPrice,
      planPointId: 'PP',
    });
    const batch = await h.app.inject({
      method: 'POST',
      url: '/risk/batch',
      payload: { lots: [priced('M1', '100.00'), priced('M2', '100.00'), priced('M3', '110.00')] },
    });
    assert.equal(batch.statusCode, 200, batch.body);
    const high = (
      await h.app.inject({ method: 'POST', url: '/risk/score', payload: priced('M4', '200.00') })
    ).json();
    const market = high.outcomes.find((o: { rule: string }) => o.rule === 'price_above_market');
    assert.equal(market.status, 'flagged');
    assert.equal(market.evidence.median, '100');
    assert.equal(market.evidence.sampleSize, 3);
  });

  test('GET /rnu/:bin reports listings from goszakup.rnu on a date', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    await h.db.query(
      `INSERT INTO goszakup.rnu (id, supplier_biin, start_date, end_date, raw) VALUES
         (9001, '100000000205', '2025-06-01 10:00:00', '2027-06-01 00:00:00', '{}'),
         (9002, '100000000205', '2021-01-10 00:00:00', '2023-01-10 00:00:00', '{}'),
         (9003, '990101300033', NULL, NULL, '{}')`,
    );
    const listed = (await h.app.inject({ method: 'GET', url: '/rnu/100000000205' })).json();
    assert.deepEqual(
      { listed: listed.listed, since: listed.since, until: listed.until, asOf: listed.asOf },
      { listed: true, since: '2025-06-01', until: '2027-06-01', asOf: '2026-03-05' },
    );
    assert.equal(listed.listings.length, 2);
    const before = (await h.app.inject({ method: 'GET', url: '/rnu/100000000205?asOf=2024-01-01' })).json();
    assert.equal(before.listed, false);
    const clean = (await h.app.inject({ method: 'GET', url: '/rnu/123456789013' })).json();
    assert.deepEqual([clean.listed, clean.listings], [false, []]);
    // A list row without dates counts from the day it was mirrored (today here).
    const dateless = await h.app.inject({ method: 'GET', url: '/rnu/990101300033?asOf=2999-01-01' });
    assert.equal(dateless.json().listed, true);

    const metrics = await h.metrics.registry.getSingleMetricAsString('rnu_validations_total');
    assert.match(metrics, /rnu_validations_total\{result="listed",service="risk"\} 2/);
    assert.match(metrics, /rnu_validations_total\{result="not_listed",service="risk"\} 2/);
  });

  test('bad input is refused with the field named, and nothing is stored', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    const rowsBefore = await rowCount(h);
    const cases: Array<{ url: string; payload: unknown; status: number; field: string }> = [
      {
        url: '/risk/score',
        payload: { ...lotS1, customerBin: '900101300018' },
        status: 400,
        field: 'body.customerBin',
      },
      {
        url: '/risk/score',
        payload: { ...lotS1, customerBin: '9001013000' },
        status: 400,
        field: 'body.customerBin',
      },
      {
        url: '/risk/score',
        payload: { ...lotS1, allocatedAmount: undefined },
        status: 400,
        field: 'body.allocatedAmount',
      },
      {
        url: '/risk/score',
        payload: { ...lotS1, allocatedAmount: '1 000,50' },
        status: 400,
        field: 'body.allocatedAmount',
      },
      { url: '/risk/score', payload: { ...lotS1, method: 'lottery' }, status: 400, field: 'body.method' },
      { url: '/risk/score', payload: { ...lotS1, colour: 'red' }, status: 400, field: 'body.colour' },
      {
        url: '/risk/score',
        payload: { ...lotS1, bidWindow: { start: '2026-02-10', end: '2026-02-01' } },
        status: 400,
        field: 'body.bidWindow.end',
      },
      {
        url: '/risk/score',
        payload: { ...lotS1, award: { ...(lotS1.award as object), date: '2026-02-30' } },
        status: 400,
        field: 'body.award.date',
      },
      {
        url: '/risk/batch',
        payload: {
          lots: [
            lotS1,
            { ...lotS1, id: 'X', award: { ...(lotS1.award as object), supplierBin: '100000000204' } },
          ],
        },
        status: 400,
        field: 'body.lots.1.award.supplierBin',
      },
      { url: '/risk/batch', payload: { lots: [lotS1, lotS1] }, status: 400, field: 'body.lots.1.id' },
      { url: '/risk/batch', payload: { lots: [] }, status: 400, field: 'body.lots' },
      {
        url: '/risk/batch',
        payload: { lots: Array.from({ length: 1001 }, (_, i) => ({ ...lotS1, id: `B${i}` })) },
        status: 400,
        field: 'body.lots',
      },
    ];
    for (const c of cases) {
      const res = await h.app.inject({ method: 'POST', url: c.url, payload: c.payload as object });
      assert.equal(res.statusCode, c.status, `${c.field}: ${res.body}`);
      assert.equal(res.json().error.field, c.field, res.body);
    }
    assert.equal(await rowCount(h), rowsBefore, 'no evaluation stored by a refused request');
  });

  test('an oversized body is 413; unknown and malformed ids are 404 and 400; bad BINs are 400', async (t) => {
    if (!requireServer(t, available, 'PostgreSQL')) return;
    const huge = JSON.stringify({ lots: [{ ...lotS1, planPointId: 'x'.repeat(9 * 1024 * 1024) }] });
    const big = await h.app.inject({
      method: 'POST',
      url: '/risk/batch',
      payload: huge,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.code, 'ZAK_PAYLOAD_TOO_LARGE');

    const unknown = await h.app.inject({ method: 'GET', url: '/risk/lots/NOPE-404' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.field, 'params.id');
    assert.equal((await h.app.inject({ method: 'GET', url: '/risk/explain/NOPE-404' })).statusCode, 404);
    const malformed = await h.app.inject({ method: 'GET', url: `/risk/lots/${encodeURIComponent('a b')}` });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.field, 'params.id');

    for (const [bin, message] of [
      ['12345', /12 digits/],
      ['900101300018', /check digit/],
      ['10000000028' + '0', /check digit/],
    ] as const) {
      const res = await h.app.inject({ method: 'GET', url: `/rnu/${bin}` });
      assert.equal(res.statusCode, 400, bin);
      assert.equal(res.json().error.field, 'params.bin');
      assert.match(res.json().error.message, message);
    }
    const badDate = await h.app.inject({ method: 'GET', url: '/rnu/900101300017?asOf=2026-13-01' });
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().error.field, 'querystring.asOf');
    const metrics = await h.metrics.registry.getSingleMetricAsString('rnu_validations_total');
    assert.match(metrics, /rnu_validations_total\{result="invalid",service="risk"\} 3/);
  });
});
