import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, PROCUREMENT_SUBJECTS, type VatCategory } from '@zakupai/domain';
import type { Award, Lot } from '../../src/domain/lot.ts';
import { lot, outcome, SUPPLIER } from '../support.ts';

/** `vatCategory` 'unknown' leaves it undefined (a default parameter would turn undefined into null). */
const awarded = (
  price: string,
  date = '2026-02-20',
  priceIncludesVat = false,
  vatCategory: VatCategory | null | 'unknown' = null,
  turnoverDate?: string,
): Award => ({
  supplierBin: SUPPLIER,
  date,
  price: D(price),
  priceIncludesVat,
  vatCategory: vatCategory === 'unknown' ? undefined : vatCategory,
  ...(turnoverDate ? { turnoverDate } : {}),
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
  assert.match(below.explanation!.kk, /899999\.99/);
});

test('Tax Code / State Revenue Committee: a contract sum with VAT is netted at the rate of its turnover date (table)', () => {
  // [signed, turnover (delivery), gross, status, VAT % shown, net shown]
  const table: Array<[string, string | undefined, string, string, string | null, string | null]> = [
    // 2026: 16%. 1,044,000 / 1.16 = 900,000 exactly (at the threshold).
    ['2026-01-01', undefined, '1044000', 'clear', '16', '900000.00'],
    // 1,043,999 / 1.16 = 899,999.137… → 899,999.14: below.
    ['2026-01-01', undefined, '1043999', 'flagged', '16', '899999.14'],
    // Delivered in 2025 at 12%: 1,008,000 / 1.12 = 900,000 → at the threshold.
    ['2025-12-31', '2025-12-31', '1008000', 'clear', '12', '900000.00'],
    // Signed in 2025, delivered in 2026: the 16% rate applies, 1,008,000 / 1.16 = 868,965.52 → dumping.
    ['2025-12-10', '2026-01-15', '1008000', 'flagged', '16', '868965.52'],
    // Signed in 2025, delivery unknown: 12% gives 900,000 (clear), 16% gives dumping: not evaluable.
    ['2025-12-10', undefined, '1008000', 'not_applicable', null, null],
    // Signed in 2025, delivery unknown, but dumping at either rate: 950,000 / 1.12 = 848,214.29.
    ['2025-12-10', undefined, '950000', 'flagged', '12', '848214.29'],
  ];
  for (const [date, turnover, gross, status, vat, net] of table) {
    const o = run({ award: awarded(gross, date, true, null, turnover) });
    const name = `${date} / ${turnover ?? '?'} / ${gross}`;
    assert.equal(o.status, status, name);
    if (vat !== null) assert.equal(o.evidence.vatRatePct, vat, name);
    if (net !== null) assert.equal(o.evidence.netPrice, net, name);
  }
});

test('Rules 687 pp.85–96 (table): an unknown subject flags only what is dumping for every subject, at the least severity', () => {
  const all = [...PROCUREMENT_SUBJECTS];
  // [subjects, price (no VAT) of 1,000,000 allocated, status, severity]
  const table: Array<[readonly string[], string, string, string | null]> = [
    [['other'], '850000', 'flagged', '0.5'], // p.94: 10%, allowed with a sum
    [['construction'], '979999.99', 'flagged', '1'], // p.85: 2%, not allowed (p.96)
    [['construction'], '980000', 'clear', null],
    [all, '850000', 'not_applicable', null], // 85%: dumping for most subjects, not for current repair (20%)
    [all, '799999.99', 'flagged', '0.5'], // below 80%: dumping for every subject; the least severity is p.95's
    [all, '1000000', 'clear', null], // at the allocated amount: dumping for none (p.89's "any amount below")
    [['social_order', 'other'], '899999.99', 'flagged', '0.5'], // both 10%; social order forbids, other allows
    [['current_repair', 'other'], '850000', 'not_applicable', null],
  ];
  for (const [subjects, price, status, severity] of table) {
    const o = run({ subjects: subjects as Lot['subjects'], award: awarded(price) });
    const name = `${subjects.join('/')} at ${price}`;
    assert.equal(o.status, status, name);
    if (severity !== null) assert.equal(o.severity.toString(), severity, name);
  }
});

test('an unknown VAT category is every category with a rate on the date, never "exempt" for a price with VAT', () => {
  // 2026: general 16%, medical 5%, periodicals 10%. 1,044,000: 16% → 900,000 (clear), 5% → 994,285.71 (clear).
  assert.equal(run({ award: awarded('1044000', '2026-02-20', true, 'unknown') }).status, 'clear');
  // 1,000,000: 16% → 862,068.97 (dumping), 5% → 952,380.95 (not): depends on the category.
  assert.equal(run({ award: awarded('1000000', '2026-02-20', true, 'unknown') }).status, 'not_applicable');
  // 2025 (turnover 2025): only the general rate exists, so the category does not matter.
  assert.equal(
    run({ award: awarded('1000000', '2025-06-01', true, 'unknown', '2025-06-01') }).status,
    'flagged',
  );
});

test('construction: 2% and not allowed, so full severity', () => {
  const below = run({ subjects: ['construction'], award: awarded('979999.99') });
  assert.equal(below.status, 'flagged');
  assert.equal(below.threshold.dumpingAllowedWithSum, false);
  assert.equal(below.severity.toString(), '1');
  assert.equal(below.points.toString(), '40');
  assert.equal(run({ subjects: ['construction'], award: awarded('980000') }).status, 'clear');
});

test('Rules 687 p.13: a rating-and-points tender takes the tender thresholds', () => {
  const o = run({ method: 'rating_tender', award: awarded('899999.99') });
  assert.equal(o.status, 'flagged');
  assert.equal(o.threshold.rule, 'Rules 687 p.94-95');
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
  assert.equal(run({ method: 'eshop', offers: undefined, award: awarded('1') }).status, 'not_applicable');
});

test('not applicable: auction, single source, no or unknown award, a price fixed before Rules 687', () => {
  assert.equal(run({ method: 'auction', award: awarded('1') }).status, 'not_applicable');
  assert.equal(run({ method: 'single_source', award: awarded('1') }).status, 'not_applicable');
  assert.equal(run({ award: null }).status, 'not_applicable');
  assert.equal(run({ award: undefined }).status, 'not_applicable');
  // The reduced medical rate starts in 2026; before it, a price with VAT in it carries the general 12%:
  // 1,008,000 / 1.12 = 900,000 (clear), where 5% would give 960,000.
  const med2025 = run({ award: awarded('1008000', '2025-06-01', true, 'medical', '2025-06-01') });
  assert.equal(med2025.status, 'clear');
  assert.equal(med2025.evidence.vatRatePct, '12');
  // Signed in 2025 in that category, delivery unknown: 12% (2025), 5% (2026) or 10% (2027 on).
  assert.equal(run({ award: awarded('1008000', '2025-06-01', true, 'medical') }).status, 'clear');
  assert.equal(run({ award: awarded('990000', '2025-06-01', true, 'medical') }).status, 'not_applicable');
  // Chapter 5 of Rules 687 applies from 1 Jan 2025; Rules 648 are not modelled.
  const old = run({ finYear: 2024, award: awarded('1', '2024-12-30') });
  assert.equal(old.status, 'not_applicable');
  assert.match(old.reason, /Rules 648/);
});
