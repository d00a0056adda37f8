import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lot } from '../../src/domain/lot.ts';
import { lot, outcome } from '../support.ts';

test('Law 106-VIII Art. 6 p.8, Rules 687 pp.5, 11, 19 (table): a lot needs a plan point link, save the single-source exceptions', () => {
  // [planPointId, method, status]
  const table: Array<[Lot['planPointId'], Lot['method'], string]> = [
    ['PP-7', 'tender', 'clear'],
    [null, 'tender', 'flagged'],
    ['', 'price_quotes', 'flagged'],
    ['   ', 'auction', 'flagged'],
    [undefined, 'tender', 'not_applicable'], // unknown is not absent
    [null, 'single_source', 'not_applicable'], // Art. 16 p.3 sub-paras 3, 6, 21–24 are outside the plan
    [null, null, 'not_applicable'], // the method, and so the exception, is unknown
    ['PP-8', 'single_source', 'clear'],
  ];
  for (const [planPointId, method, status] of table) {
    const o = outcome('missing_plan_link', lot({ planPointId, method }));
    const name = `${JSON.stringify(planPointId)} / ${method}`;
    assert.equal(o.status, status, name);
    if (status === 'flagged') {
      assert.equal(o.points.toString(), '10', name);
      assert.match(String(o.threshold.basis), /Art\. 6 p\.8/, name);
      assert.match(o.basis.en, /Art\. 6 p\. 8/, name);
      assert.match(o.explanation!.kk, /жылдық жоспар/, name);
    }
  }
});
