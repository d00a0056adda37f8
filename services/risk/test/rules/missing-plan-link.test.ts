import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lot, outcome } from '../support.ts';

test('a lot needs a plan point link', () => {
  assert.equal(outcome('missing_plan_link', lot({ planPointId: 'PP-7' })).status, 'clear');
  for (const planPointId of [null, '', '   ']) {
    const o = outcome('missing_plan_link', lot({ planPointId }));
    assert.equal(o.status, 'flagged', JSON.stringify(planPointId));
    assert.equal(o.points.toString(), '10');
  }
});
