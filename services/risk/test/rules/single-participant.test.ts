import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lot, outcome } from '../support.ts';

test('competitive methods: at least 2 bids (at, below, above); no bids is never a single participant', () => {
  for (const method of ['tender', 'rating_tender', 'auction', 'price_quotes'] as const) {
    assert.equal(outcome('single_participant', lot({ method, participants: 2 })).status, 'clear');
    assert.equal(outcome('single_participant', lot({ method, participants: 3 })).status, 'clear');
    const one = outcome('single_participant', lot({ method, participants: 1 }));
    assert.equal(one.status, 'flagged');
    assert.equal(one.points.toString(), '20');
    const none = outcome('single_participant', lot({ method, participants: 0 }));
    assert.equal(none.status, 'not_applicable', method);
    assert.match(none.reason, /failed procurement/);
  }
});

test('a single-source award is flagged at half severity', () => {
  const o = outcome('single_participant', lot({ method: 'single_source', participants: null }));
  assert.equal(o.status, 'flagged');
  assert.equal(o.points.toString(), '10');
});

test('unknown bid count or a non-competitive method: not applicable', () => {
  assert.equal(outcome('single_participant', lot({ participants: null })).status, 'not_applicable');
  assert.equal(
    outcome('single_participant', lot({ method: 'eshop', participants: 1 })).status,
    'not_applicable',
  );
});
