import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lot, outcome } from '../support.ts';

const run = (
  method: 'tender' | 'rating_tender' | 'auction' | 'price_quotes' | 'eshop' | 'single_source',
  start: string,
  end: string,
  repeat: boolean | null = false,
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

test('Rules 687 p.164 (table): the rating-and-points tender has its own minimum of 3 working days', () => {
  // [method, start, end, working days, status] — Mon 2 Feb 2026 onwards.
  const table: Array<[Parameters<typeof run>[0], string, string, number, string]> = [
    ['rating_tender', '2026-02-02', '2026-02-05', 3, 'clear'], // at the minimum
    ['rating_tender', '2026-02-02', '2026-02-04', 2, 'flagged'], // below
    ['rating_tender', '2026-02-02', '2026-02-06', 4, 'clear'], // above: a plain tender would flag this
    ['tender', '2026-02-02', '2026-02-06', 4, 'flagged'],
  ];
  for (const [method, start, end, days, status] of table) {
    const o = run(method, start, end);
    assert.equal(o.evidence.workingDays, days, `${method} ${end}`);
    assert.equal(o.status, status, `${method} ${end}`);
  }
  assert.equal(run('rating_tender', '2026-02-02', '2026-02-04').threshold.minimumWorkingDays, 3);
});

test('an unknown repeat flag: flagged only when short for a first and a repeat procurement alike', () => {
  // 4 working days: short for a first tender (5), enough for a repeat (3) → not evaluable.
  const four = run('tender', '2026-02-02', '2026-02-06', null);
  assert.equal(four.status, 'not_applicable');
  assert.match(four.reason, /repeat flag is unknown/);
  // 2 working days: short either way → flagged at the lesser severity, the repeat one (0.5 + 0.5 · 1/3).
  const two = run('tender', '2026-02-02', '2026-02-04', null);
  assert.equal(two.status, 'flagged');
  assert.equal(two.severity.toDecimalPlaces(4).toString(), '0.6667');
  assert.equal(run('tender', '2026-02-02', '2026-02-09', null).status, 'clear'); // 5: enough either way
});

test('a window posted before Rules 687 (2025-01-01): below their minimum is flagged, a longer one is not evaluable', () => {
  // 2019 (calendar verified): Mon 4 Feb → Fri 8 Feb = 4 working days, below the 5 of Rules 687.
  const short = run('tender', '2019-02-04', '2019-02-08');
  assert.equal(short.status, 'flagged');
  assert.equal(short.threshold.minimumIsLowerBound, true);
  assert.match(short.explanation!.en, /before Rules 687/);
  const long = run('tender', '2019-02-04', '2019-02-18');
  assert.equal(long.status, 'not_applicable');
  assert.match(long.reason, /Rules 648 are not modelled/);
  // A window in a year whose transfers are unverified says so.
  assert.deepEqual(run('tender', '2021-02-01', '2021-02-03').evidence.calendarUnverifiedYears, ['2021']);
});

test('not applicable without a minimum, a window, or calendar coverage', () => {
  assert.equal(run('single_source', '2026-02-02', '2026-02-03').status, 'not_applicable');
  assert.equal(run('eshop', '2026-02-02', '2026-02-03').status, 'not_applicable');
  assert.equal(outcome('short_tender_period', lot({ bidWindow: null })).status, 'not_applicable');
  assert.equal(outcome('short_tender_period', lot({ bidWindow: undefined })).status, 'not_applicable');
  const uncovered = run('tender', '2028-02-02', '2028-02-03');
  assert.equal(uncovered.status, 'not_applicable');
  assert.equal(uncovered.points.toString(), '0');
});
