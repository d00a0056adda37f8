/**
 * Hand-checked worked examples. Each states its arithmetic beside the assertion; none is computed by the code
 * under test. Amounts in KZT.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  D,
  bidSecurity,
  checkAntiDumping,
  computeMargin,
  computePenalty,
  contractSumOf,
  formatMoney,
  mciFor,
  performanceSecurity,
  splitVat,
  vatRateOn,
  vatRatesOnOrAfter,
  type Decimal,
} from './index.ts';

const money = (...ds: Decimal[]) => ds.map(formatMoney);

describe('worked examples', () => {
  it('1. VAT included at 16% (2026): 1,160 = 1,000 + 160', () => {
    // vat = 1160 · 16 / 116 = 160; base = 1160 − 160 = 1000
    const s = splitVat(D(1160), vatRateOn('2026-01-01').rate, true);
    assert.deepEqual(money(s.base, s.vat, s.total), ['1000.00', '160.00', '1160.00']);
  });

  it('2. VAT added at 12% (2025): 1,000 + 120 = 1,120', () => {
    // vat = 1000 · 12 / 100 = 120; total = 1000 + 120 = 1120
    const s = splitVat(D(1000), vatRateOn('2025-12-31').rate, false);
    assert.deepEqual(money(s.base, s.vat, s.total), ['1000.00', '120.00', '1120.00']);
  });

  it('3. VAT included at 12% on 100: rounding once', () => {
    // vat = 100 · 12 / 112 = 10.714285… → 10.71; base = 100 − 10.71 = 89.29
    const s = splitVat(D(100), D(12), true);
    assert.deepEqual(money(s.base, s.vat, s.total), ['89.29', '10.71', '100.00']);
  });

  it('4. VAT on a tiny amount: 0.05 at 16%', () => {
    // vat = 0.05 · 0.16 = 0.008 → 0.01; total = 0.05 + 0.01 = 0.06
    const s = splitVat(D('0.05'), D(16), false);
    assert.deepEqual(money(s.base, s.vat, s.total), ['0.05', '0.01', '0.06']);
  });

  it('5. Medical VAT 5% in 2026 included in 1,050', () => {
    // vat = 1050 · 5 / 105 = 50; base = 1000
    const s = splitVat(D(1050), vatRateOn('2026-06-01', 'medical').rate, true);
    assert.deepEqual(money(s.base, s.vat, s.total), ['1000.00', '50.00', '1050.00']);
  });

  it('6. Half up, not half even: 10% of 1.25', () => {
    // vat = 1.25 · 0.10 = 0.125 → 0.13 (half up; Python round() would give 0.12); total 1.38
    const s = splitVat(D('1.25'), D(10), false);
    assert.deepEqual(money(s.base, s.vat, s.total), ['1.25', '0.13', '1.38']);
  });

  it('7. Margin of a tender bid priced with 16% VAT', () => {
    // net = 1,160,000 / 1.16 = 1,000,000; profit = 1,000,000 − 800,000 = 200,000
    // margin = 200,000 / 1,000,000 = 20%; ROI = 200,000 / 800,000 = 25%; break-even = 800,000 · 1.16 = 928,000
    // bid security 1% of 1,000,000 = 10,000; performance security 3% of 1,160,000 = 34,800
    const m = computeMargin({
      lotPrice: D(1160000),
      cost: D(800000),
      priceIncludesVat: true,
      vatRatePct: D(16),
    });
    assert.deepEqual(
      money(m.revenueGross, m.revenueNet, m.costTotal, m.profit, m.marginPct!, m.roiPct!, m.breakEvenPrice),
      ['1160000.00', '1000000.00', '800000.00', '200000.00', '20.00', '25.00', '928000.00'],
    );
    assert.equal(formatMoney(m.bidSecurity!.amount), '10000.00');
    assert.equal(formatMoney(m.performanceSecurity.amount), '34800.00');
  });

  it('8. Margin of a price-quotes bid priced without VAT (12%)', () => {
    // gross = 500,000 · 1.12 = 560,000; cost = 450,000 + 20,000 + 5,000 = 475,000; profit = 25,000
    // margin = 25,000 / 500,000 = 5%; ROI = 25,000 / 475,000 = 5.2631…% → 5.26; break-even = 475,000 (no VAT)
    // bid security 3% of 500,000 = 15,000; performance security 5% of 560,000 = 28,000
    const m = computeMargin({
      lotPrice: D(500000),
      cost: D(450000),
      logistics: D(20000),
      otherCosts: D(5000),
      priceIncludesVat: false,
      vatRatePct: D(12),
      method: 'price_quotes',
    });
    assert.deepEqual(
      money(m.revenueGross, m.costTotal, m.profit, m.marginPct!, m.roiPct!, m.breakEvenPrice),
      ['560000.00', '475000.00', '25000.00', '5.00', '5.26', '475000.00'],
    );
    assert.equal(formatMoney(m.bidSecurity!.amount), '15000.00');
    assert.equal(formatMoney(m.performanceSecurity.amount), '28000.00');
  });

  it('9. A losing bid: negative profit, break-even rounded up', () => {
    // net = 100 / 1.12 = 89.2857…; profit = 89.2857… − 95 = −5.7142… → −5.71
    // break-even = 95 · 1.12 = 106.40
    const m = computeMargin({ lotPrice: D(100), cost: D(95), priceIncludesVat: true, vatRatePct: D(12) });
    assert.deepEqual(money(m.revenueNet, m.profit, m.breakEvenPrice), ['89.29', '-5.71', '106.40']);
  });

  it('10. Bid security in whole tenge (Rules 687 p.106)', () => {
    // 1% of 123,456.78 = 1,234.5678 → 1,235 (50 tiyn and more round up)
    // 1% of 123,444.00 = 1,234.44 → 1,234 (under 50 tiyn round down)
    assert.equal(bidSecurity('tender', D('123456.78'))!.amount.toString(), '1235');
    assert.equal(bidSecurity('auction', D('123444'))!.amount.toString(), '1234');
    assert.equal(bidSecurity('eshop', D('123444')), null);
    // turnkey construction: 3% of 1,000,000 = 30,000
    assert.equal(bidSecurity('tender', D(1000000), true)!.amount.toString(), '30000');
  });

  it('11. Supplier penalty, services, not capped', () => {
    // 5,000,000 · 0.1% · 20 days = 100,000; cap 15% · 5,000,000 = 750,000
    const p = computePenalty({
      contractSum: D(5000000),
      daysOverdue: 20,
      contractType: 'services',
      party: 'supplier',
    });
    assert.deepEqual([...money(p.penalty, p.cap), p.capped], ['100000.00', '750000.00', false]);
  });

  it('12. Supplier penalty on the unperformed part', () => {
    // (2,000,000 − 1,500,000) · 0.1% · 30 days = 500,000 · 0.001 · 30 = 15,000
    const p = computePenalty({
      contractSum: D(2000000),
      performedSum: D(1500000),
      daysOverdue: 30,
      contractType: 'goods',
      party: 'supplier',
    });
    assert.deepEqual(money(p.base, p.penalty), ['500000.00', '15000.00']);
  });

  it('13. Customer late payment, capped at 10%', () => {
    // 300,000 · 0.1% · 400 days = 120,000 > cap 10% · 1,000,000 = 100,000 → 100,000
    const p = computePenalty({
      contractSum: D(1000000),
      overdueAmount: D(300000),
      daysOverdue: 400,
      contractType: 'services',
      party: 'customer',
    });
    assert.deepEqual([...money(p.penalty, p.cap), p.capped], ['100000.00', '100000.00', true]);
  });

  it('14. Penalty with a cents-level result', () => {
    // 123,456.78 · 0.1% · 7 days = 864.19746 → 864.20
    const p = computePenalty({
      contractSum: D('123456.78'),
      daysOverdue: 7,
      contractType: 'works',
      party: 'supplier',
    });
    assert.equal(formatMoney(p.penalty), '864.20');
  });

  it('15. Tender, other goods: allowed dumping with the anti-dumping sum (p.94-95)', () => {
    // min = 10,000,000 · 0.9 = 9,000,000; bid 8,500,000 is below → sum = 9,000,000 − 8,500,000 = 500,000
    const r = checkAntiDumping({
      method: 'tender',
      subject: 'other',
      referencePrice: D(10000000),
      bidPrice: D(8500000),
    });
    assert.deepEqual(
      [formatMoney(r.minPrice!), r.isDumping, r.allowed, formatMoney(r.antiDumpingSum)],
      ['9000000.00', true, true, '500000.00'],
    );
  });

  it('16. Construction: 2%, dumping not allowed (p.85, p.96)', () => {
    // min = 50,000,000 · 0.98 = 49,000,000; bid 48,900,000 → dumping, rejected; gap 100,000
    const r = checkAntiDumping({
      method: 'tender',
      subject: 'construction',
      referencePrice: D(50000000),
      bidPrice: D(48900000),
    });
    assert.deepEqual(
      [formatMoney(r.minPrice!), r.isDumping, r.allowed, formatMoney(r.antiDumpingSum)],
      ['49000000.00', true, false, '100000.00'],
    );
  });

  it('17. Current repair 20%: the minimum price is rounded up to the tiyn', () => {
    // min = 3,333,333.33 · 0.8 = 2,666,666.664 → 2,666,666.67 (the lowest tiyn price not below the threshold)
    // bid 2,666,666.66 is 0.004 below the exact threshold → dumping, gap 0.01
    const r = checkAntiDumping({
      method: 'tender',
      subject: 'current_repair',
      referencePrice: D('3333333.33'),
      bidPrice: D('2666666.66'),
    });
    assert.deepEqual(
      [formatMoney(r.minPrice!), r.isDumping, formatMoney(r.antiDumpingSum)],
      ['2666666.67', true, '0.01'],
    );
  });

  it('18. E-shop: 30% below the mean of offers (p.99)', () => {
    // mean = (1000 + 1100 + 650) / 3 = 916.666…; min = 916.666… · 0.7 = 641.666… → 641.67
    // bid 650 ≥ 641.67 → not dumping
    const offers = [D(1000), D(1100), D(650)];
    const r = checkAntiDumping({
      method: 'eshop',
      subject: 'other',
      referencePrice: D(0),
      bidPrice: D(650),
      offers,
    });
    assert.deepEqual([formatMoney(r.minPrice!), r.isDumping, r.allowed], ['641.67', false, true]);
  });

  it('19. Price quotes: 10% below the allocated sum (p.97-98)', () => {
    // min = 1,234,567.89 · 0.9 = 1,111,111.101 → 1,111,111.11; sum = 1,111,111.11 − 1,000,000 = 111,111.11
    const r = checkAntiDumping({
      method: 'price_quotes',
      subject: 'other',
      referencePrice: D('1234567.89'),
      bidPrice: D(1000000),
    });
    assert.deepEqual(
      [formatMoney(r.minPrice!), r.allowed, formatMoney(r.antiDumpingSum)],
      ['1111111.11', true, '111111.11'],
    );
  });

  it('20. Expertise: any amount below the normative cost is dumping (p.89)', () => {
    // min = 700,000 · (1 − 0) = 700,000; bid 699,999.99 → dumping by 0.01, not allowed
    const r = checkAntiDumping({
      method: 'tender',
      subject: 'expertise',
      referencePrice: D(700000),
      bidPrice: D('699999.99'),
    });
    assert.deepEqual([r.isDumping, r.allowed, formatMoney(r.antiDumpingSum)], [true, false, '0.01']);
  });

  it('21. Performance security 3% vs 5%', () => {
    // tender: 3% of 2,345,678.90 = 70,370.367 → 70,370.37; price quotes: 5% = 117,283.945 → 117,283.95
    assert.equal(formatMoney(performanceSecurity('tender', D('2345678.90')).amount), '70370.37');
    assert.equal(formatMoney(performanceSecurity('price_quotes', D('2345678.90')).amount), '117283.95');
  });

  it('22. The 8,000-MCI price-quotes ceiling in 2026', () => {
    // 8,000 · 4,325 = 34,600,000
    assert.equal(formatMoney(mciFor(2026).times(8000)), '34600000.00');
  });

  it('23. Rating-and-points tender: the dumping rule and securities of a tender (Rules 687 p.13, pp.94–95, 104, 542)', () => {
    // A tender in law: 10% under 10,000,000 → min 9,000,000; 8,500,000 is allowed with a sum of 500,000.
    const r = checkAntiDumping({
      method: 'rating_tender',
      subject: 'other',
      referencePrice: D(10000000),
      bidPrice: D(8500000),
    });
    assert.deepEqual(
      [formatMoney(r.minPrice!), r.allowed, formatMoney(r.antiDumpingSum), r.basis],
      ['9000000.00', true, '500000.00', 'Rules 687 p.94-95'],
    );
    // Bid security 1% of 10,000,000 = 100,000; performance security 3% of 1,160,000 = 34,800.
    assert.equal(bidSecurity('rating_tender', D(10000000))!.amount.toString(), '100000');
    assert.equal(formatMoney(performanceSecurity('rating_tender', D(1160000)).amount), '34800.00');
  });

  it('24. Performance security on the contract sum with VAT (Rules 687 p.542; App. 38/39/42 cl. 2.1)', () => {
    // bid 8,500,000 without VAT → contract sum 8,500,000 · 1.16 = 9,860,000 → 3% = 295,800
    const sum = contractSumOf(D(8500000), vatRateOn('2026-02-20').rate);
    assert.equal(formatMoney(sum), '9860000.00');
    assert.equal(formatMoney(performanceSecurity('tender', sum).amount), '295800.00');
    // not a VAT payer: the contract sum is the bid → 3% of 8,500,000 = 255,000
    assert.equal(
      formatMoney(performanceSecurity('tender', contractSumOf(D(8500000), null)).amount),
      '255000.00',
    );
    // rounded once, in tiyn: 333,333.33 · 1.12 = 373,333.3296 → 373,333.33
    assert.equal(formatMoney(contractSumOf(D('333333.33'), D(12))), '373333.33');
  });

  it('25. VAT a turnover can carry when only its earliest date is known (the rate of the turnover date)', () => {
    // signed 10 Dec 2025, delivery unknown: 12% (2025) or 16% (2026 on)
    assert.deepEqual(
      vatRatesOnOrAfter('2025-12-10').map((r) => r.rate.toString()),
      ['12', '16'],
    );
    // from 2026: 16% only; medical goods 5% (2026) or 10% (from 2027)
    assert.deepEqual(
      vatRatesOnOrAfter('2026-01-01').map((r) => r.rate.toString()),
      ['16'],
    );
    assert.deepEqual(
      vatRatesOnOrAfter('2026-06-01', 'medical').map((r) => r.rate.toString()),
      ['5', '10'],
    );
    assert.deepEqual(
      vatRatesOnOrAfter('2027-03-01', 'medical').map((r) => r.rate.toString()),
      ['10'],
    );
  });
});
