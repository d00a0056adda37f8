import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  D,
  VAT_CATEGORIES,
  VAT_RATE_TABLE,
  netOfVat,
  splitVat,
  vatRateOn,
  type VatCategory,
} from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

describe('vatRateOn: every period and category at the boundary dates', () => {
  const table: Array<[string, VatCategory, string | null, RegExp | null]> = [
    ['2025-12-31', 'general', '12', /120-VI/],
    ['2026-01-01', 'general', '16', /214-VIII/],
    ['2020-02-29', 'general', '12', /120-VI/],
    ['2030-06-15', 'general', '16', /214-VIII/],
    ['2025-12-31', 'medical', null, null], // no reduced rate before the new code
    ['2026-01-01', 'medical', '5', /5% .*medic/],
    ['2026-12-31', 'medical', '5', /2026/],
    ['2027-01-01', 'medical', '10', /from 01.01.2027/],
    ['2025-12-31', 'periodicals', null, null],
    ['2026-01-01', 'periodicals', '10', /periodicals/],
    ['2025-12-31', 'exempt', '0', /exempt/],
    ['2026-01-01', 'exempt', '0', /exempt/],
  ];
  for (const [date, category, rate, basis] of table) {
    it(`${category} on ${date} → ${rate ?? 'no rate'}`, () => {
      if (rate === null) {
        throwsValidation(() => vatRateOn(date, category), 'category');
        return;
      }
      const r = vatRateOn(date, category);
      assert.equal(r.rate.toString(), rate);
      assert.match(r.basis, basis!);
    });
  }

  it('defaults to the general category', () => {
    assert.equal(vatRateOn('2026-01-01').rate.toString(), '16');
  });

  it('rejects impossible dates and unknown categories', () => {
    throwsValidation(() => vatRateOn('2026-02-30'), 'date');
    throwsValidation(() => vatRateOn('2026-1-1'), 'date');
    throwsValidation(() => vatRateOn('2026-01-01', 'luxury' as VatCategory), 'category');
  });

  it('table: periods of one category never overlap, and general covers every date', () => {
    for (const cat of VAT_CATEGORIES) {
      const rows = VAT_RATE_TABLE.filter((r) => r.category === cat).sort((a, b) =>
        (a.from ?? '').localeCompare(b.from ?? ''),
      );
      for (let i = 1; i < rows.length; i++) {
        const prev = rows[i - 1]!;
        assert.ok(prev.to !== null && prev.to < rows[i]!.from!, `${cat} rows overlap`);
      }
    }
    const general = VAT_RATE_TABLE.filter((r) => r.category === 'general');
    assert.equal(general.find((r) => r.from === null)?.to, '2025-12-31');
    assert.equal(general.find((r) => r.to === null)?.from, '2026-01-01');
  });
});

describe('splitVat', () => {
  it('gross → base/vat and net → total at 16%', () => {
    const inc = splitVat(D('1160'), D(16), true);
    assert.deepEqual([inc.base, inc.vat, inc.total].map(String), ['1000', '160', '1160']);
    const exc = splitVat(D('1000'), D(16), false);
    assert.deepEqual([exc.base, exc.vat, exc.total].map(String), ['1000', '160', '1160']);
  });

  it('a zero rate leaves the amount alone', () => {
    const s = splitVat(D('99.99'), D(0), true);
    assert.deepEqual([s.base, s.vat, s.total].map(String), ['99.99', '0', '99.99']);
  });

  it('netOfVat is unrounded', () => {
    // 100 / 1.12 = 89.285714285714…
    assert.match(netOfVat(D(100), D(12)).toString(), /^89\.2857142857142857/);
  });
});

/** Money in tiyn from 0 to 10^15 KZT. */
const money = fc.bigInt({ min: 0n, max: 10n ** 17n }).map((t) => D(t.toString()).dividedBy(100));
/** A rate in percent with up to 2 decimals, 0 … 100, mixing the legal rates in. */
const rate = fc.oneof(
  fc.constantFrom('0', '5', '10', '12', '16').map((s) => D(s)),
  fc.integer({ min: 0, max: 10_000 }).map((n) => D(n).dividedBy(100)),
);

describe('splitVat properties', () => {
  it('base + vat == total exactly, in both directions, and no part is negative', () => {
    fc.assert(
      fc.property(money, rate, fc.boolean(), (amount, r, includeVat) => {
        const s = splitVat(amount, r, includeVat);
        assert.ok(s.base.plus(s.vat).equals(s.total));
        assert.ok(!s.vat.isNegative() && !s.base.isNegative());
        assert.ok(s.base.decimalPlaces() <= 2 && s.vat.decimalPlaces() <= 2 && s.total.decimalPlaces() <= 2);
        assert.ok((includeVat ? s.total : s.base).equals(amount));
      }),
      { numRuns: 2000 },
    );
  });

  it('round trip: gross → base → gross is within 0.01; net → gross → net is exact', () => {
    fc.assert(
      fc.property(money, rate, (amount, r) => {
        const base = splitVat(amount, r, true).base;
        const back = splitVat(base, r, false).total;
        assert.ok(back.minus(amount).abs().lessThanOrEqualTo('0.01'), `${amount} → ${base} → ${back}`);
        const total = splitVat(amount, r, false).total;
        assert.ok(splitVat(total, r, true).base.equals(amount));
      }),
      { numRuns: 2000 },
    );
  });
});
