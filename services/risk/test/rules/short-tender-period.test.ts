import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lot, outcome } from '../support.ts';

const run = (
  method: 'tender' | 'auction' | 'price_quotes' | 'eshop' | 'single_source',
  start: string,
  end: string,
  repeat = false,
) => outcome('short_tender_period', lot({ method, repeat, bidWindow: { start, end } }));

test('tender and auction need 5 working days: at, below and above', () => {
  for (const method of ['tender', 'auction'] as const) {
    const at = run(method, '2026-02-02', '2026-02-09'); // Mon → Mon: 5
    assert.equal(at.status, 'clear');
    assert.equal(at.evidence.workingDays, 5);
    const below = run(method, '2026-02-02', '2026-02-06'); // Mon → Fri: 4
    assert.equal(below.status, 'flagged');
    assert.deepEqual(below.threshold, { minimumWorkingDays: 5 });
    assert.equal(below.severity.toString(), '0.6'); // 0.5 + 0.5 · 1/5
    assert.equal(below.points.toString(), '15'); // 25 · 0.6
    assert.equal(run(method, '2026-02-02', '2026-02-10').status, 'clear'); // 6
  }
});

test('a repeat procurement needs 3 working days', () => {
  assert.equal(run('tender', '2026-02-02', '2026-02-05', true).status, 'clear'); // 3
  const below = run('tender', '2026-02-02', '2026-02-04', true); // 2
  assert.equal(below.status, 'flagged');
  assert.equal(below.threshold.minimumWorkingDays, 3);
  assert.equal(run('tender', '2026-02-02', '2026-02-06', true).status, 'clear'); // 4
});

test('price quotes need 2 working days, counted on the holiday calendar', () => {
  assert.equal(run('price_quotes', '2026-02-02', '2026-02-04').status, 'clear'); // 2
  const one = run('price_quotes', '2026-02-02', '2026-02-03');
  assert.equal(one.status, 'flagged');
  assert.equal(one.severity.toString(), '0.75');
  assert.equal(run('price_quotes', '2026-02-02', '2026-02-05').status, 'clear'); // 3
  // Fri 20 Mar 2026 → Wed 25 Mar: weekend, then Nauryz 23 and its carried days 24–25: no working day at all.
  const nauryz = run('price_quotes', '2026-03-20', '2026-03-25');
  assert.equal(nauryz.evidence.workingDays, 0);
  assert.equal(nauryz.severity.toString(), '1');
  assert.equal(run('price_quotes', '2026-03-20', '2026-03-26').status, 'flagged'); // 1
  assert.equal(run('price_quotes', '2026-03-20', '2026-03-27').status, 'clear'); // 2
});

test('not applicable without a minimum, a window, or calendar coverage', () => {
  assert.equal(run('single_source', '2026-02-02', '2026-02-03').status, 'not_applicable');
  assert.equal(run('eshop', '2026-02-02', '2026-02-03').status, 'not_applicable');
  assert.equal(outcome('short_tender_period', lot({ bidWindow: null })).status, 'not_applicable');
  const uncovered = run('tender', '2028-02-02', '2028-02-03');
  assert.equal(uncovered.status, 'not_applicable');
  assert.equal(uncovered.points.toString(), '0');
});
