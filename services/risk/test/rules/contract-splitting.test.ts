import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D } from '@zakupai/domain';
import type { PurchaseRecord } from '../../src/domain/context.ts';
import type { Lot } from '../../src/domain/lot.ts';
import { context, CUSTOMER, lot, outcome } from '../support.ts';

const CODE = '251111.100.000001';
// 2026: MCI 4,325 → price quotes ceiling 8,000 · 4,325 = 34,600,000; e-shop 4,000 · 4,325 = 17,300,000.
const quotes = (amount: string, overrides: Partial<Lot> = {}) =>
  lot({ method: 'price_quotes', allocatedAmount: D(amount), ...overrides });
const purchase = (
  lotId: string,
  amount: string,
  overrides: Partial<PurchaseRecord> = {},
): PurchaseRecord => ({
  lotId,
  customerBin: CUSTOMER,
  code: CODE,
  finYear: 2026,
  method: 'price_quotes',
  amount: D(amount),
  ...overrides,
});
const run = (l: Lot, purchases: PurchaseRecord[]) => outcome('contract_splitting', l, context({ purchases }));

test('each under the ceiling, together over it (at, below, above)', () => {
  const at = run(quotes('20000000'), [purchase('P1', '14600000')]);
  assert.equal(at.status, 'clear');
  assert.equal(at.threshold.ceiling, '34600000.00');
  assert.equal(run(quotes('20000000'), [purchase('P1', '14599999.99')]).status, 'clear');
  const above = run(quotes('20000000'), [purchase('P1', '14600000.01')]);
  assert.equal(above.status, 'flagged');
  assert.equal(above.evidence.total, '34600000.01');
  assert.deepEqual(above.evidence.lotIds, ['L1', 'P1']);
  assert.equal(above.severity.toDecimalPlaces(6).toString(), '0.5');
});

test('severity reaches 1 at twice the ceiling', () => {
  const full = run(quotes('30000000'), [purchase('P1', '30000000'), purchase('P2', '9200000')]);
  assert.equal(full.evidence.total, '69200000.00');
  assert.equal(full.points.toString(), '30');
});

test('e-shop uses its 4,000 MCI ceiling and the MCI of the lot’s year', () => {
  // 2025: 4,000 · 3,932 = 15,728,000
  const base = { method: 'eshop' as const, finYear: 2025 };
  const e = (amount: string) => purchase('P1', amount, { method: 'eshop', finYear: 2025 });
  assert.equal(run(quotes('8000000', base), [e('7728000')]).status, 'clear');
  assert.equal(run(quotes('8000000', base), [e('7728000.01')]).status, 'flagged');
});

test('other customers, codes, years and methods do not add up', () => {
  const noise = [
    purchase('N1', '30000000', { customerBin: '123456789013' }),
    purchase('N2', '30000000', { code: 'OTHER' }),
    purchase('N3', '30000000', { finYear: 2025 }),
    purchase('N4', '30000000', { method: 'tender' }),
    purchase('L1', '30000000'), // the lot itself, already counted with its own amount
  ];
  assert.equal(run(quotes('20000000'), noise).status, 'clear');
});

test('not applicable: a method without a ceiling, a year without MCI, one purchase over the ceiling', () => {
  assert.equal(run(lot({ method: 'tender' }), [purchase('P1', '1')]).status, 'not_applicable');
  assert.equal(
    run(quotes('20000000', { finYear: 2027 }), [purchase('P1', '20000000', { finYear: 2027 })]).status,
    'not_applicable',
  );
  assert.equal(run(quotes('40000000'), [purchase('P1', '1')]).status, 'not_applicable');
});
