import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lot } from '../../src/domain/lot.ts';
import { lot, outcome } from '../support.ts';

test('Law 106-VIII Art. 15 pp.1, 7, 10 (table): a lot with no bids is a failed procurement, never a single participant', () => {
  // [method, participants, repeat, failed_procurement, single_participant, legal source in the threshold]
  const table: Array<[Lot['method'], number | null, boolean | null, string, string, RegExp | null]> = [
    ['tender', 0, false, 'flagged', 'not_applicable', /Art\. 15 p\.1 sub-para 1/],
    ['rating_tender', 0, false, 'flagged', 'not_applicable', /Art\. 15 p\.1 sub-para 1/],
    ['auction', 0, false, 'flagged', 'not_applicable', /Art\. 15 p\.1 sub-para 1/],
    ['price_quotes', 0, false, 'flagged', 'not_applicable', /Art\. 15 p\.7/],
    ['eshop', 0, false, 'flagged', 'not_applicable', /Art\. 15 p\.10/],
    ['tender', 0, true, 'flagged', 'not_applicable', /Art\. 15 p\.1/],
    ['tender', 1, false, 'clear', 'flagged', null],
    ['tender', 3, false, 'clear', 'clear', null],
    ['tender', null, false, 'not_applicable', 'not_applicable', null],
    ['single_source', 0, false, 'not_applicable', 'flagged', null],
    [null, 0, false, 'not_applicable', 'not_applicable', null],
  ];
  for (const [method, participants, repeat, failed, single, source] of table) {
    const l = lot({ method, participants, repeat, award: null });
    const name = `${method} with ${participants} bids${repeat ? ' (repeat)' : ''}`;
    const f = outcome('failed_procurement', l);
    assert.equal(f.status, failed, name);
    assert.equal(outcome('single_participant', l).status, single, name);
    if (source) assert.match(String(f.threshold.failedUnder), source, name);
    if (failed === 'flagged') {
      assert.equal(f.points.toString(), '10', name);
      assert.ok(f.explanation!.ru && f.explanation!.kk && f.explanation!.en, name);
      assert.match(f.explanation!.kk, /өтпеді/, name);
    }
  }
  // A repeat procurement that fails again says that the single-source route is open (Art. 15 p.4).
  const again = outcome('failed_procurement', lot({ participants: 0, repeat: true, award: null }));
  assert.match(again.explanation!.en, /single-source/);
  assert.match(again.reason, /repeat procurement/);
});
