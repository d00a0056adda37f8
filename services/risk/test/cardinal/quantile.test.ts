import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Fraction, percentile, quantile } from '../../src/domain/cardinal/index.ts';

const f = (x: number | string) => new Fraction(x);
const exact = (q: Fraction | null) => (q === null ? null : q.toFraction());

test("statrs' own quantile examples (statrs src/statistics/slice_statistics.rs, test_quantile_short)", () => {
  const data = [-1, 5, 0, -3, 10, -0.5, 4, 0.2, 1, 6].map(f);
  assert.equal(exact(quantile(data, f(0))), '-3');
  assert.equal(exact(quantile(data, f(1))), '10');
  assert.equal(exact(quantile(data, f('0.5'))), '3/5');
  assert.equal(exact(quantile(data, f('0.2'))), '-4/5');
  assert.equal(exact(quantile(data, f('0.7'))), '137/30');
  assert.equal(exact(quantile(data, f('0.01'))), '-3');
  assert.equal(exact(quantile(data, f('0.99'))), '10');
  assert.equal(exact(quantile(data, f('0.52'))), '287/375');
  assert.equal(exact(quantile(data, f('0.325'))), '-37/240');
});

test('no data, or a probability outside [0, 1], gives no quantile (NaN in statrs)', () => {
  assert.equal(quantile([], f('0.5')), null);
  assert.equal(quantile([f(1)], f('1.01')), null);
  assert.equal(percentile([f(1), f(2)], 101), null);
  assert.equal(exact(quantile([f(7)], f('0.25'))), '7', 'one value: every quantile is that value');
});

test('the quantile agrees with the float formula, stays within the data and grows with τ', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 100 }),
      (ints, p1, p2) => {
        const values = ints.map((i) => f(i));
        const q1 = percentile(values, Math.min(p1, p2))!;
        const q2 = percentile(values, Math.max(p1, p2))!;
        const sorted = [...ints].sort((a, b) => a - b);
        assert.ok(q1.gte(sorted[0]!) && q2.lte(sorted[sorted.length - 1]!));
        assert.ok(q1.lte(q2));
        assert.ok(Math.abs(q1.valueOf() - floatQuantile(sorted, Math.min(p1, p2) / 100)) < 1e-9);
      },
    ),
  );
});

/** statrs' algorithm in floats, for comparison. */
function floatQuantile(sorted: number[], tau: number): number {
  const n = sorted.length;
  const h = (n + 1 / 3) * tau + 1 / 3;
  const hf = Math.floor(h + 1e-12);
  if (hf <= 0 || tau === 0) return sorted[0]!;
  if (hf >= n || tau === 1) return sorted[n - 1]!;
  return sorted[hf - 1]! + (h - hf) * (sorted[hf]! - sorted[hf - 1]!);
}
