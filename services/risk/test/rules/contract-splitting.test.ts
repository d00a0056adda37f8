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

test('Law 106-VIII Art. 10 pp.4–5 (table): the ceiling limits the annual volume of one customer across methods', () => {
  // [name, lot, other purchases, status, total, severity]
  const table: Array<[string, Lot, PurchaseRecord[], string, string | null, string | null]> = [
    ['one price-quotes lot within the ceiling', quotes('20000000'), [], 'clear', '20000000.00', null],
    [
      'with a tender of the same code, at the ceiling',
      quotes('20000000'),
      [purchase('T1', '14600000', { method: 'tender' })],
      'clear',
      '34600000.00',
      null,
    ],
    // A price-quotes lot counts with the tender lots of its code: 20,000,000 + 14,600,000.01 > 34,600,000.
    [
      'with a tender of the same code, 1 tiyn over',
      quotes('20000000'),
      [purchase('T1', '14600000.01', { method: 'tender' })],
      'flagged',
      '34600000.01',
      '0.5',
    ],
    // A tender lot alone above the ceiling still makes the annual volume too large for price quotes.
    [
      'with a tender above the ceiling by itself',
      quotes('4600000'),
      [purchase('T1', '64600000', { method: 'tender' })],
      'flagged',
      '69200000.00',
      '1',
    ],
    [
      'with a purchase of unknown method',
      quotes('20000000'),
      [purchase('U1', '20000000', { method: null })],
      'flagged',
      '40000000.00',
      null,
    ],
    [
      'split into price quotes, twice the ceiling',
      quotes('30000000'),
      [purchase('P1', '30000000'), purchase('P2', '9200000')],
      'flagged',
      '69200000.00',
      '1',
    ],
    // 2025: e-shop 4,000 · 3,932 = 15,728,000.
    [
      'e-shop in 2025, at the ceiling',
      quotes('8000000', { method: 'eshop', finYear: 2025 }),
      [purchase('E1', '7728000', { method: 'auction', finYear: 2025 })],
      'clear',
      '15728000.00',
      null,
    ],
    [
      'e-shop in 2025, over',
      quotes('8000000', { method: 'eshop', finYear: 2025 }),
      [purchase('E1', '7728000.01', { method: 'auction', finYear: 2025 })],
      'flagged',
      '15728000.01',
      '0.5',
    ],
  ];
  for (const [name, l, purchases, status, total, severity] of table) {
    const o = run(l, purchases);
    assert.equal(o.status, status, name);
    if (total !== null) assert.equal(o.evidence.total, total, name);
    if (severity !== null) assert.equal(o.severity.toDecimalPlaces(6).toString(), severity, name);
    if (status === 'flagged') {
      assert.equal(o.evidence.breach, 'annual_volume_above_ceiling', name);
      assert.match(o.explanation!.ru, /Годовой объём/, name);
    }
  }
});

test('Law 106-VIII Art. 10 pp.4–5 (table): a single purchase above its method\u2019s ceiling is a breach by itself', () => {
  // [lot, status, severity]: no other purchase needed, and no item code either.
  const table: Array<[string, Lot, string]> = [
    ['price quotes of 34,600,000.01 (8,000 MCI = 34,600,000)', quotes('34600000.01'), 'flagged'],
    ['price quotes of exactly 34,600,000', quotes('34600000'), 'clear'],
    [
      'e-shop of 17,300,000.01 (4,000 MCI = 17,300,000)',
      quotes('17300000.01', { method: 'eshop' }),
      'flagged',
    ],
    ['price quotes of 40,000,000 without an item code', quotes('40000000', { item: null }), 'flagged'],
    ['a tender of 40,000,000: no ceiling', lot({ allocatedAmount: D('40000000') }), 'not_applicable'],
  ];
  for (const [name, l, status] of table) {
    const o = run(l, []);
    assert.equal(o.status, status, name);
    if (status === 'flagged') {
      assert.equal(o.severity.toString(), '1', name);
      assert.equal(o.points.toString(), '30', name);
      assert.equal(o.evidence.breach, 'single_purchase_above_ceiling', name);
      assert.match(o.reason, /single .* purchase .* above the/, name);
      assert.match(o.explanation!.kk, /АЕК/, name);
      assert.match(o.explanation!.ru, /сама превышает предел/, name);
    }
  }
});

test('other customers, codes and years do not add up; the lot itself counts once', () => {
  const noise = [
    purchase('N1', '30000000', { customerBin: '123456789013' }),
    purchase('N2', '30000000', { code: 'OTHER' }),
    purchase('N3', '30000000', { finYear: 2025 }),
    purchase('L1', '30000000'), // the lot itself, already counted with its own amount
  ];
  assert.equal(run(quotes('20000000'), noise).status, 'clear');
});

test('not applicable: a method without a ceiling, a year without MCI, a year before Law 106-VIII, an unknown code', () => {
  assert.equal(run(lot({ method: 'tender' }), [purchase('P1', '1')]).status, 'not_applicable');
  assert.equal(run(lot({ method: 'rating_tender' }), [purchase('P1', '1')]).status, 'not_applicable');
  assert.equal(
    run(quotes('20000000', { finYear: 2027 }), [purchase('P1', '20000000', { finYear: 2027 })]).status,
    'not_applicable',
  );
  const old = run(quotes('40000000', { finYear: 2024 }), []);
  assert.equal(old.status, 'not_applicable');
  assert.match(old.reason, /Law 434-V/);
  assert.equal(
    run(quotes('20000000', { item: undefined }), [purchase('P1', '20000000')]).status,
    'not_applicable',
  );
});
