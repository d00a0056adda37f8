/**
 * Component tests: the calc endpoints through the full kit on a real PostgreSQL and on PGlite.
 * Expected figures are worked by hand in comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { almatyDate } from '@zakupai/domain';
import { BACKENDS, backendAvailable, countCalcs, startCalc, type CalcHarness } from './harness.ts';

for (const backend of BACKENDS) {
  const available = await backendAvailable(backend);
  const skip = !available && process.env.CI !== 'true' ? `${backend} is not available` : false;

  describe(`calc API on ${backend}`, { skip }, () => {
    let h: CalcHarness;
    before(async () => {
      if (!available) throw new Error(`required server missing under CI: ${backend}`);
      h = await startCalc(backend);
    });
    after(async () => h?.close());

    const post = (url: string, payload: object, requestId?: string) =>
      h.app.inject({
        method: 'POST',
        url,
        payload,
        ...(requestId ? { headers: { 'x-request-id': requestId } } : {}),
      });

    it('POST /vat uses the rate in force on the turnover date', async () => {
      // 2026: vat = 1160 · 16/116 = 160, base = 1000
      const r2026 = await post('/vat', { amount: '1160', date: '2026-01-01' });
      assert.equal(r2026.statusCode, 200, r2026.body);
      const b = r2026.json();
      assert.deepEqual([b.base, b.vat, b.total, b.vat_rate], ['1000.00', '160.00', '1160.00', '16']);
      assert.match(b.rate_basis, /214-VIII/);
      // 2025: 1000 + 12% = 1120
      const r2025 = (await post('/vat', { amount: 1000, include_vat: false, date: '2025-12-31' })).json();
      assert.deepEqual(
        [r2025.base, r2025.vat, r2025.total, r2025.vat_rate],
        ['1000.00', '120.00', '1120.00', '12'],
      );
      // medical 2027: 1100 = 1000 + 10%
      const med = (await post('/vat', { amount: '1100', date: '2027-01-01', category: 'medical' })).json();
      assert.deepEqual([med.base, med.vat, med.vat_rate], ['1000.00', '100.00', '10']);
      // an explicit rate wins: 100 · 20/120 = 16.666… → 16.67, base 83.33
      const explicit = (await post('/vat', { amount: '100', vat_rate: '20', date: '2026-05-05' })).json();
      assert.deepEqual(
        [explicit.base, explicit.vat, explicit.vat_rate, explicit.rate_basis],
        ['83.33', '16.67', '20', 'vat_rate given by the caller'],
      );
    });

    it('POST /vat defaults the date to today in Asia/Almaty', async () => {
      const before = almatyDate(new Date());
      const r = (await post('/vat', { amount: '100' })).json();
      const after = almatyDate(new Date());
      assert.ok(r.date === before || r.date === after, r.date);
      assert.equal(r.category, 'general');
      assert.equal(r.include_vat, true);
    });

    it('POST /margin returns profit, ratios, break-even and securities', async () => {
      // net = 1,160,000/1.16 = 1,000,000; profit = 1,000,000 − (700,000 + 80,000 + 20,000) = 200,000
      // margin 20%, ROI 200,000/800,000 = 25%, break-even 800,000 · 1.16 = 928,000
      // price quotes: bid security 3% of 1,000,000 = 30,000; performance 5% of 1,160,000 = 58,000
      const r = await post('/margin', {
        lot_price: '1160000',
        cost: 700000,
        logistics: '80000',
        other_costs: '20000',
        date: '2026-03-01',
        method: 'price_quotes',
      });
      assert.equal(r.statusCode, 200, r.body);
      const b = r.json();
      assert.deepEqual(
        [
          b.revenue_gross,
          b.revenue_net,
          b.cost_total,
          b.profit,
          b.margin_pct,
          b.roi_pct,
          b.break_even_price,
          b.vat_rate,
        ],
        ['1160000.00', '1000000.00', '800000.00', '200000.00', '20.00', '25.00', '928000.00', '16'],
      );
      assert.deepEqual(b.securities.bid_security, {
        pct: '3',
        amount: '30000.00',
        basis: b.securities.bid_security.basis,
      });
      assert.match(b.securities.bid_security.basis, /p\.104/);
      assert.equal(b.securities.performance_security.amount, '58000.00');
      assert.equal(b.securities.performance_security.pct, '5');
    });

    it('POST /penalty caps the supplier at 15% for services and the customer at 10%', async () => {
      // 1,000,000 · 0.1% · 151 days = 151,000 > cap 150,000
      const s = (
        await post('/penalty', {
          contract_sum: '1000000',
          days_overdue: 151,
          contract_type: 'services',
          party: 'supplier',
        })
      ).json();
      assert.deepEqual(
        [s.penalty, s.capped, s.cap, s.cap_pct, s.daily_rate_pct],
        ['150000.00', true, '150000.00', '15', '0.1'],
      );
      assert.match(s.basis, /App\. 42 cl\. 7\.3/);
      // (2,000,000 − 1,500,000) · 0.1% · 30 = 15,000
      const part = (
        await post('/penalty', {
          contract_sum: 2000000,
          days_overdue: '30',
          performed_sum: '1500000',
          contract_type: 'goods',
          party: 'supplier',
        })
      ).json();
      assert.deepEqual([part.penalty, part.base, part.capped], ['15000.00', '500000.00', false]);
      // customer: 1,000,000 · 0.1% · 101 = 101,000 > 100,000
      const c = (
        await post('/penalty', {
          contract_sum: '1000000',
          days_overdue: 101,
          contract_type: 'works',
          party: 'customer',
        })
      ).json();
      assert.deepEqual([c.penalty, c.capped, c.cap], ['100000.00', true, '100000.00']);
    });

    it('POST /anti-dumping implements the table and counts each check by result', async () => {
      const metric = async () => {
        const m = await h.metrics.registry.getSingleMetric('anti_dumping_checks_total')!.get();
        return Object.fromEntries(m.values.map((v) => [String(v.labels.result), v.value]));
      };
      const start = await metric();
      assert.deepEqual(Object.keys(start).sort(), [
        'dumping_allowed',
        'dumping_rejected',
        'no_rule',
        'not_dumping',
      ]);

      // min = 10,000,000 · 0.9 = 9,000,000; sum = 500,000; performance security 3% of the contract sum
      // 8,500,000 · 1.16 = 9,860,000 (a VAT payer in 2026) = 295,800
      const allowed = (
        await post('/anti-dumping', {
          method: 'tender',
          subject: 'other',
          reference_price: '10000000',
          bid_price: '8500000',
          date: '2026-02-20',
        })
      ).json();
      assert.deepEqual(
        [
          allowed.threshold_pct,
          allowed.min_price,
          allowed.is_dumping,
          allowed.allowed,
          allowed.anti_dumping_sum,
          allowed.performance_security,
        ],
        ['10', '9000000.00', true, true, '500000.00', '295800.00'],
      );
      assert.equal(allowed.basis, 'Rules 687 p.94-95');

      // construction 2%: min 980,000; 970,000 is dumping and not allowed
      const rejected = (
        await post('/anti-dumping', {
          method: 'tender',
          subject: 'construction',
          reference_price: 1000000,
          bid_price: 970000,
        })
      ).json();
      assert.deepEqual(
        [rejected.is_dumping, rejected.allowed, rejected.anti_dumping_sum],
        [true, false, '10000.00'],
      );

      // e-shop: mean(1000, 1100, 650) = 916.67; min = 641.67; bid 650 is fine
      const eshop = (
        await post('/anti-dumping', {
          method: 'eshop',
          subject: 'other',
          bid_price: '650',
          offers: ['1000', 1100, '650.00'],
        })
      ).json();
      assert.deepEqual(
        [eshop.min_price, eshop.reference_price, eshop.is_dumping, eshop.threshold_pct],
        ['641.67', '916.67', false, '30'],
      );

      const auction = (
        await post('/anti-dumping', { method: 'auction', subject: 'other', bid_price: '1' })
      ).json();
      assert.deepEqual(
        [auction.threshold_pct, auction.min_price, auction.is_dumping, auction.allowed],
        [null, null, false, true],
      );

      const end = await metric();
      assert.deepEqual(Object.fromEntries(Object.keys(end).map((k) => [k, end[k]! - start[k]!])), {
        dumping_allowed: 1,
        dumping_rejected: 1,
        not_dumping: 1,
        no_rule: 1,
      });
    });

    it('bad input gets a 400 naming the field, and nothing is stored or counted', async () => {
      const stored = await countCalcs(h.db);
      const checks = async () =>
        await h.metrics.registry.getSingleMetricAsString('anti_dumping_checks_total');
      const checksBefore = await checks();
      const cases: Array<[string, object, string]> = [
        ['/vat', { amount: -1 }, 'body.amount'],
        ['/vat', { amount: '-0.01' }, 'body.amount'],
        ['/vat', { amount: 'abc' }, 'body.amount'],
        ['/vat', { amount: '1000000000000000.01' }, 'body.amount'],
        ['/vat', { amount: 1e16 }, 'body.amount'],
        ['/vat', { amount: '1.005' }, 'body.amount'],
        ['/vat', { amount: true }, 'body.amount'],
        ['/vat', {}, 'body.amount'],
        ['/vat', { amount: '1', date: '2026-02-30' }, 'body.date'],
        ['/vat', { amount: '1', date: '2026/01/01' }, 'body.date'],
        ['/vat', { amount: '1', category: 'luxury' }, 'body.category'],
        ['/vat', { amount: '1', category: 'medical', date: '2025-12-31' }, 'body.category'],
        ['/vat', { amount: '1', vat_rate: '101' }, 'body.vat_rate'],
        ['/vat', { amount: '1', extra: 1 }, 'body.extra'],
        ['/margin', { lot_price: '1', cost: '-5' }, 'body.cost'],
        ['/margin', { lot_price: '1', cost: '5', method: 'lottery' }, 'body.method'],
        ['/margin', { lot_price: '1', cost: '5', logistics: '0.001' }, 'body.logistics'],
        [
          '/penalty',
          { contract_sum: '1', days_overdue: -1, contract_type: 'goods', party: 'supplier' },
          'body.days_overdue',
        ],
        [
          '/penalty',
          { contract_sum: '1', days_overdue: 1.5, contract_type: 'goods', party: 'supplier' },
          'body.days_overdue',
        ],
        [
          '/penalty',
          { contract_sum: '1', days_overdue: true, contract_type: 'goods', party: 'supplier' },
          'body.days_overdue',
        ],
        [
          '/penalty',
          { contract_sum: '1', days_overdue: 1, contract_type: 'rent', party: 'supplier' },
          'body.contract_type',
        ],
        [
          '/penalty',
          {
            contract_sum: '1',
            days_overdue: 1,
            contract_type: 'goods',
            party: 'supplier',
            performed_sum: '2',
          },
          'body.performed_sum',
        ],
        [
          '/penalty',
          { contract_sum: 'NaN', days_overdue: 1, contract_type: 'goods', party: 'supplier' },
          'body.contract_sum',
        ],
        [
          '/anti-dumping',
          { method: 'single_source', subject: 'other', reference_price: '1', bid_price: '1' },
          'body.method',
        ],
        [
          '/anti-dumping',
          { method: 'tender', subject: 'furniture', reference_price: '1', bid_price: '1' },
          'body.subject',
        ],
        ['/anti-dumping', { method: 'eshop', subject: 'other', bid_price: '1' }, 'body.offers'],
        ['/anti-dumping', { method: 'eshop', subject: 'other', bid_price: '1', offers: [] }, 'body.offers'],
        [
          '/anti-dumping',
          { method: 'eshop', subject: 'other', bid_price: '1', offers: ['1', '-2'] },
          'body.offers.1',
        ],
        ['/anti-dumping', { method: 'tender', subject: 'other', bid_price: '1' }, 'body.reference_price'],
        [
          '/anti-dumping',
          { method: 'tender', subject: 'other', reference_price: '1', bid_price: '1.001' },
          'body.bid_price',
        ],
      ];
      for (const [url, payload, field] of cases) {
        const r = await post(url, payload, 'bad-input-1');
        assert.equal(r.statusCode, 400, `${url} ${JSON.stringify(payload)} → ${r.statusCode} ${r.body}`);
        const err = r.json().error;
        assert.equal(err.field, field, `${url} ${JSON.stringify(payload)}: ${r.body}`);
        assert.equal(err.code, 'ZAK_VALIDATION');
        assert.equal(err.requestId, 'bad-input-1');
      }
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1&x=2']) {
        const r = await h.app.inject({ method: 'GET', url: `/calc/history?${q}` });
        assert.equal(r.statusCode, 400, q);
        assert.match(r.json().error.field, /^querystring\./);
      }
      assert.equal(await countCalcs(h.db), stored);
      assert.equal(await checks(), checksBefore);
    });

    it('every calculation is stored with inputs, outputs, request id and time; history returns the newest first', async () => {
      const t0 = Date.now();
      const a = await post('/vat', { amount: '116', date: '2026-02-01' }, 'hist-a');
      const b = await post(
        '/penalty',
        { contract_sum: '1000', days_overdue: 2, contract_type: 'goods', party: 'supplier' },
        'hist-b',
      );
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, 200);

      const row = (
        await h.db.query<{
          inputs: Record<string, unknown>;
          outputs: Record<string, unknown>;
          created_at: Date;
        }>("SELECT inputs, outputs, created_at FROM zakupai.finance_calcs WHERE request_id = 'hist-a'")
      ).rows;
      assert.equal(row.length, 1);
      assert.deepEqual(row[0]!.outputs, a.json());
      assert.deepEqual(row[0]!.inputs, {
        amount: '116.00',
        include_vat: true,
        date: '2026-02-01',
        category: 'general',
        vat_rate: null,
      });
      assert.ok(new Date(row[0]!.created_at).getTime() >= t0 - 1000);

      const hist = await h.app.inject({ method: 'GET', url: '/calc/history?limit=2' });
      assert.equal(hist.statusCode, 200);
      const items = hist.json().items;
      assert.equal(items.length, 2);
      assert.deepEqual(
        items.map((i: { kind: string; request_id: string }) => [i.kind, i.request_id]),
        [
          ['penalty', 'hist-b'],
          ['vat', 'hist-a'],
        ],
      );
      assert.deepEqual(items[0].outputs, b.json());
      assert.equal(items[0].inputs.days_overdue, 2);
      assert.match(items[0].created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.match(items[0].id, /^\d+$/);
      const dflt = (await h.app.inject({ method: 'GET', url: '/calc/history' })).json().items;
      assert.ok(dflt.length > 2 && dflt.length <= 20);
    });

    it('the routes are in /openapi.json', async () => {
      const paths = Object.keys((await h.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
      for (const p of ['/vat', '/margin', '/penalty', '/anti-dumping', '/calc/history'])
        assert.ok(paths.includes(p), p);
    });

    it('a store failure is a 503 without SQL, and the check is not counted', async () => {
      const before = await h.metrics.registry.getSingleMetricAsString('anti_dumping_checks_total');
      await h.db.query('DROP TABLE zakupai.finance_calcs');
      const r = await post('/anti-dumping', {
        method: 'tender',
        subject: 'other',
        reference_price: '100',
        bid_price: '100',
      });
      assert.equal(r.statusCode, 503, r.body);
      assert.equal(r.json().error.code, 'ZAK_CALC_STORE_UNAVAILABLE');
      assert.doesNotMatch(r.body, /finance_calcs|INSERT|relation/i);
      assert.equal(await h.metrics.registry.getSingleMetricAsString('anti_dumping_checks_total'), before);
    });
  });
}
