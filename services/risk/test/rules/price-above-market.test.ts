import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D } from '@zakupai/domain';
import { context, lot, outcome } from '../support.ts';

const sample = ['90', '100', '110'].map((x) => D(x)); // median 100, limit 1.2 · 100 = 120
const run = (unitPrice: string, market = sample) =>
  outcome(
    'price_above_market',
    lot({ item: { code: 'C', unit: 'шт', quantity: D(1), unitPrice: D(unitPrice) } }),
    context({ marketUnitPrices: market }),
  );

test('flags only above factor × median: at, below, above', () => {
  const at = run('120');
  assert.equal(at.status, 'clear');
  assert.deepEqual(at.threshold, { factor: '1.2', limitUnitPrice: '120' });
  assert.equal(run('119.99').status, 'clear');
  const above = run('120.01');
  assert.equal(above.status, 'flagged');
  // 0.04 + 0.96 · (1.2001 − 1.2) / (2 − 1.2) = 0.04012
  assert.equal(above.severity.toString(), '0.04012');
  assert.equal(above.evidence.median, '100');
  assert.equal(above.evidence.ratio, '1.2001');
});

test('severity rises to 1 at twice the median and stays there', () => {
  assert.equal(run('160').severity.toString(), '0.52'); // halfway: 0.04 + 0.96 · 0.5
  assert.equal(run('200').severity.toString(), '1');
  assert.equal(run('1000').severity.toString(), '1');
  assert.equal(run('1000').points.toString(), '25');
});

test('median of an even sample is the mean of the middle two', () => {
  const even = ['400', '100', '300', '200'].map((x) => D(x)); // median 250, limit 300
  assert.equal(run('300', even).status, 'clear');
  assert.equal(run('300.01', even).status, 'flagged');
});

test('not applicable with too small a sample or no item', () => {
  assert.equal(run('1000', sample.slice(0, 2)).status, 'not_applicable');
  assert.equal(
    outcome('price_above_market', lot({ item: null }), context({ marketUnitPrices: sample })).status,
    'not_applicable',
  );
  assert.equal(outcome('price_above_market', lot()).status, 'not_applicable');
});
