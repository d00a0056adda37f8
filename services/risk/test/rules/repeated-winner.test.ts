import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwardRecord } from '../../src/domain/context.ts';
import { context, CUSTOMER, lot, OTHER_SUPPLIER, outcome, SUPPLIER } from '../support.ts';

// The lot is awarded to SUPPLIER on 2026-02-20; it counts itself as one lot won.
const award = (
  lotId: string,
  supplierBin: string,
  date = '2026-01-15',
  customerBin = CUSTOMER,
): AwardRecord => ({
  lotId,
  customerBin,
  supplierBin,
  date,
});
const others = (wins: number, total: number) =>
  Array.from({ length: total }, (_, i) => award(`H${i}`, i < wins ? SUPPLIER : OTHER_SUPPLIER));
const run = (awards: AwardRecord[]) => outcome('repeated_winner', lot(), context({ awards }));

test('share of the customer’s lots above one half (at, below, above)', () => {
  const at = run(others(2, 5)); // 3 of 6 = 0.5
  assert.equal(at.status, 'clear');
  assert.equal(at.evidence.share, '0.5');
  assert.equal(run(others(1, 5)).status, 'clear'); // 2 of 6
  const above = run(others(3, 5)); // 4 of 6
  assert.equal(above.status, 'flagged');
  assert.equal(above.evidence.wins, 4);
  assert.equal(above.evidence.lots, 6);
  // 0.5 + 0.5 · (4/6 − 0.5) / 0.5 = 2/3 → 10 points of 15
  assert.equal(above.points.toDecimalPlaces(6).toString(), '10');
});

test('too few lots in the window: not applicable', () => {
  assert.equal(run(others(3, 3)).status, 'not_applicable'); // 4 lots, minimum 5
});

test('only the same customer, within 365 days up to the award, each lot once, the lot itself not twice', () => {
  const noise = [
    award('X1', SUPPLIER, '2025-02-19'), // 366 days before: outside
    award('X2', SUPPLIER, '2026-02-21'), // after the award: outside
    award('X3', SUPPLIER, '2026-01-01', '123456789013'), // another customer
    award('H0', SUPPLIER), // duplicate of H0
    award('L1', OTHER_SUPPLIER), // the lot itself
  ];
  const o = run([...others(2, 5), ...noise]);
  assert.equal(o.evidence.lots, 6);
  assert.equal(o.status, 'clear');
  const edge = run([...others(2, 5), award('E', SUPPLIER, '2025-02-20')]); // exactly 365 days: inside
  assert.equal(edge.evidence.lots, 7);
  assert.equal(edge.status, 'flagged');
});
