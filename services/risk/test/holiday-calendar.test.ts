import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZakError } from '@zakupai/errors';
import { isWorkingDay, workingDaysAfter } from '../src/domain/holiday-calendar.ts';
import { parseHolidays } from '../src/domain/parse-holidays.ts';
import { calendar } from './support.ts';

test('the shipped calendar covers 2025 to 2027 and nothing else', () => {
  assert.deepEqual([...calendar.years].sort(), [2025, 2026, 2027]);
  assert.equal(isWorkingDay(calendar, '2024-12-31'), null);
  assert.equal(isWorkingDay(calendar, '2028-01-03'), null);
});

test('holidays, weekend carry-overs and the 2025 transfer', () => {
  assert.equal(isWorkingDay(calendar, '2025-01-03'), false, 'Friday made a day off by the 2025 transfer');
  assert.equal(isWorkingDay(calendar, '2025-01-05'), true, 'Sunday worked under the 2025 transfer');
  assert.equal(isWorkingDay(calendar, '2025-03-10'), false, '8 March 2025 is a Saturday: Monday off');
  assert.equal(isWorkingDay(calendar, '2026-05-11'), false, '9 May 2026 is a Saturday: Monday off');
  assert.equal(isWorkingDay(calendar, '2026-05-12'), true);
  assert.equal(isWorkingDay(calendar, '2026-02-07'), false, 'an ordinary Saturday');
});

test('working days count the days after the start up to and including the end', () => {
  // Mon 2 Feb 2026 → Mon 9 Feb: Tue–Fri and Mon = 5.
  assert.equal(workingDaysAfter(calendar, '2026-02-02', '2026-02-09'), 5);
  assert.equal(workingDaysAfter(calendar, '2026-02-02', '2026-02-02'), 0);
  // Wed 19 Mar 2025 → Wed 26 Mar: Thu 20 works; Fri 21 Nauryz, weekend, Mon 24 and Tue 25 carried; Wed 26 works.
  assert.equal(workingDaysAfter(calendar, '2025-03-19', '2025-03-26'), 2);
  // From 31 Dec 2024 (the start is not counted, so its year need not be covered) to Tue 7 Jan 2025:
  // 1–2 Jan New Year, 3 Jan transferred off, Sat 4 off, Sun 5 worked, Mon 6 works, Tue 7 Christmas = 2.
  assert.equal(workingDaysAfter(calendar, '2024-12-31', '2025-01-07'), 2);
});

test('a span reaching an uncovered year is unknown', () => {
  assert.equal(workingDaysAfter(calendar, '2027-12-28', '2028-01-05'), null);
});

test('a bad holidays file names the line', () => {
  const bad = 'years:\n  - year: 2026\n    days_off:\n      - { date: 2026-02-30, name: Nowhere }\n';
  assert.throws(
    () => parseHolidays(bad),
    (e: unknown) =>
      e instanceof ZakError &&
      e.kind === 'config' &&
      /:4:\d+: years\.0\.days_off\.0\.date must be a real date/.test(e.message),
  );
  const weekday =
    'years:\n  - year: 2026\n    working_days:\n      - { date: 2026-02-04, name: Wednesday }\n';
  assert.throws(() => parseHolidays(weekday), /:4:\d+: .*is a weekday/);
});
