/**
 * The performance security /anti-dumping reports is a share of the contract sum the bid becomes (Rules 687 p.542),
 * and the contract sum includes VAT for a VAT payer (Rules 687 App. 38, 39, 42, cl. 2.1), as /margin assumes.
 * Figures worked by hand in comments; the agreement of the two endpoints is a property.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startCalc, type CalcHarness } from './harness.ts';

describe('performance security on the contract sum', () => {
  let h: CalcHarness;
  before(async () => {
    h = await startCalc('pglite');
  });
  after(async () => h?.close());
  const post = (url: string, payload: object) => h.app.inject({ method: 'POST', url, payload });

  it('Rules 687 p.542 and App. 38/39/42 cl. 2.1 (table): 3% (5% for price quotes) of the bid with VAT for a VAT payer', async () => {
    // [method, bid without VAT, extra fields, contract sum, security, pct, VAT rate]
    const table: Array<[string, string, object, string, string, string, string | null]> = [
      // 8,500,000 · 1.16 = 9,860,000; 3% = 295,800
      ['tender', '8500000', { date: '2026-02-20' }, '9860000.00', '295800.00', '3', '16'],
      // 2025: 8,500,000 · 1.12 = 9,520,000; 3% = 285,600
      ['tender', '8500000', { date: '2025-06-01' }, '9520000.00', '285600.00', '3', '12'],
      // price quotes: 1,000,000 · 1.16 = 1,160,000; 5% = 58,000
      ['price_quotes', '1000000', { date: '2026-02-20' }, '1160000.00', '58000.00', '5', '16'],
      // a supplier who does not pay VAT: the contract sum is the bid, 3% of 8,500,000 = 255,000
      ['tender', '8500000', { date: '2026-02-20', vatPayer: false }, '8500000.00', '255000.00', '3', null],
      // the rating-and-points tender is a tender: 3% of 1,160,000 = 34,800
      ['rating_tender', '1000000', { date: '2026-02-20' }, '1160000.00', '34800.00', '3', '16'],
      // medical goods in 2026 at 5%: 1,000,000 · 1.05 = 1,050,000; 3% = 31,500
      ['tender', '1000000', { date: '2026-02-20', category: 'medical' }, '1050000.00', '31500.00', '3', '5'],
      // rounded once, on the contract sum in tiyn: 333,333.33 · 1.16 = 386,666.6628 → 386,666.66; 3% = 11,600.00
      ['tender', '333333.33', { date: '2026-02-20' }, '386666.66', '11600.00', '3', '16'],
    ];
    for (const [method, bid, extra, sum, security, pct, vat] of table) {
      const r = await post('/anti-dumping', {
        method,
        subject: 'other',
        reference_price: bid,
        bid_price: bid,
        ...extra,
      });
      assert.equal(r.statusCode, 200, r.body);
      const b = r.json();
      const name = `${method} ${bid} ${JSON.stringify(extra)}`;
      assert.deepEqual(
        [b.contractSum, b.performance_security, b.performance_security_pct, b.vatRate],
        [sum, security, pct, vat],
        name,
      );
      // The dumping check itself compares prices without VAT, as before.
      assert.equal(b.is_dumping, false, name);
    }
  });

  it('bad vatPayer or date is a 400 naming the field', async () => {
    const base = { method: 'tender', subject: 'other', reference_price: '1', bid_price: '1' };
    const payer = await post('/anti-dumping', { ...base, vatPayer: 'perhaps' });
    assert.equal(payer.statusCode, 400, payer.body);
    assert.match(JSON.stringify(payer.json().error), /vatPayer/);
    const date = await post('/anti-dumping', { ...base, date: '2026-02-30' });
    assert.equal(date.statusCode, 400, date.body);
    assert.match(JSON.stringify(date.json().error), /date/);
  });

  it('property: /anti-dumping and /margin give the same performance security for the same bid', async () => {
    const methods = ['tender', 'rating_tender', 'price_quotes', 'auction'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 100_000_000_000n }),
        fc.constantFrom(...methods),
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.boolean(),
        async (tiyn, method, day, vatPayer) => {
          const bid = `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
          const date = day.toISOString().slice(0, 10);
          const ad = await post('/anti-dumping', {
            method,
            subject: 'other',
            reference_price: bid,
            bid_price: bid,
            date,
            vatPayer,
          });
          assert.equal(ad.statusCode, 200, ad.body);
          const a = ad.json();
          const vat = vatPayer ? {} : { vat_rate: '0' };
          // The same bid priced without VAT…
          const net = await post('/margin', {
            lot_price: bid,
            cost: '0',
            price_includes_vat: false,
            method,
            date,
            ...vat,
          });
          assert.equal(net.statusCode, 200, net.body);
          assert.equal(net.json().securities.performance_security.amount, a.performance_security);
          assert.equal(net.json().securities.performance_security.pct, a.performance_security_pct);
          // …and as the contract sum with VAT that /anti-dumping reports.
          const gross = await post('/margin', {
            lot_price: a.contractSum,
            cost: '0',
            price_includes_vat: true,
            method,
            date,
            ...vat,
          });
          assert.equal(gross.json().securities.performance_security.amount, a.performance_security);
          assert.equal(net.json().revenue_gross, a.contractSum);
        },
      ),
      { numRuns: 60 },
    );
  });
});
