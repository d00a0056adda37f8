import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, type VatCategory } from '@zakupai/domain';
import type { Lot } from '../../src/domain/lot.ts';
import { lot, outcome, SUPPLIER } from '../support.ts';

const awarded = (
  price: string,
  date = '2026-02-20',
  priceIncludesVat = false,
  vatCategory: VatCategory | null = null,
) => ({
  supplierBin: SUPPLIER,
  date,
  price: D(price),
  priceIncludesVat,
  vatCategory,
});
const run = (overrides: Partial<Lot>) => outcome('anti_dumping', lot(overrides));

test('tender, other subject: 10% under the allocated amount, allowed with a sum (at, below, above)', () => {
  // allocated 1,000,000 → minimum 900,000.00
  assert.equal(run({ award: awarded('900000') }).status, 'clear');
  assert.equal(run({ award: awarded('900000.01') }).status, 'clear');
  const below = run({ award: awarded('899999.99') });
  assert.equal(below.status, 'flagged');
  assert.equal(below.threshold.minPrice, '900000.00');
  assert.equal(below.threshold.thresholdPct, '10');
  assert.equal(below.threshold.dumpingAllowedWithSum, true);
  assert.equal(below.evidence.antiDumpingSum, '0.01');
  assert.equal(below.severity.toString(), '0.5');
  assert.equal(below.points.toString(), '20');
});

test('a contract sum with VAT is netted at the rate in force on its date', () => {
  // 2026: 16%. 1,044,000 / 1.16 = 900,000 exactly (at the threshold).
  const at = run({ award: awarded('1044000', '2026-01-01', true) });
  assert.equal(at.status, 'clear');
  assert.equal(at.evidence.vatRatePct, '16');
  assert.equal(at.evidence.netPrice, '900000.00');
  // 1,043,999 / 1.16 = 899,999.137… → 899,999.14: below.
  assert.equal(run({ award: awarded('1043999', '2026-01-01', true) }).status, 'flagged');
  // The same gross on 31 Dec 2025 is netted at 12%: 1,008,000 / 1.12 = 900,000 → at the threshold.
  const old = run({ award: awarded('1008000', '2025-12-31', true) });
  assert.equal(old.status, 'clear');
  assert.equal(old.evidence.vatRatePct, '12');
  // One day later the 16% rate applies: 1,008,000 / 1.16 = 868,965.52 → dumping.
  const next = run({ award: awarded('1008000', '2026-01-01', true) });
  assert.equal(next.status, 'flagged');
  assert.equal(next.evidence.netPrice, '868965.52');
});

test('construction: 2% and not allowed, so full severity', () => {
  const below = run({ subject: 'construction', award: awarded('979999.99') });
  assert.equal(below.status, 'flagged');
  assert.equal(below.threshold.dumpingAllowedWithSum, false);
  assert.equal(below.severity.toString(), '1');
  assert.equal(below.points.toString(), '40');
  assert.equal(run({ subject: 'construction', award: awarded('980000') }).status, 'clear');
});

test('e-shop: 30% under the mean of the offers', () => {
  const offers = ['90', '100', '110'].map((x) => D(x)); // mean 100 → minimum 70
  assert.equal(
    run({ method: 'eshop', offers, allocatedAmount: D('100'), award: awarded('70') }).status,
    'clear',
  );
  const below = run({ method: 'eshop', offers, allocatedAmount: D('100'), award: awarded('69.99') });
  assert.equal(below.status, 'flagged');
  assert.equal(below.evidence.reference, '100.00');
  assert.equal(run({ method: 'eshop', offers: null, award: awarded('1') }).status, 'not_applicable');
});

test('not applicable: auction, single source, no award, no VAT rate for the date', () => {
  assert.equal(run({ method: 'auction', award: awarded('1') }).status, 'not_applicable');
  assert.equal(run({ method: 'single_source', award: awarded('1') }).status, 'not_applicable');
  assert.equal(run({ award: null }).status, 'not_applicable');
  // The reduced medical rate starts in 2026; a 2025 gross price in that category cannot be netted here.
  assert.equal(run({ award: awarded('1', '2025-06-01', true, 'medical') }).status, 'not_applicable');
});
