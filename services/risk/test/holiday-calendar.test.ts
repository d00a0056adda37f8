import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZakError } from '@zakupai/errors';
import { isWorkingDay, unverifiedYearsIn, workingDaysAfter } from '../src/domain/holiday-calendar.ts';
import { parseHolidays } from '../src/domain/parse-holidays.ts';
import { calendar } from './support.ts';

test('the shipped calendar covers 2018 to 2027 and says which years are not verified', () => {
  assert.deepEqual([...calendar.years].sort(), [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
  assert.deepEqual([...calendar.unverifiedYears].sort(), [2021, 2026, 2027]);
  assert.equal(isWorkingDay(calendar, '2017-12-29'), null);
  assert.equal(isWorkingDay(calendar, '2028-01-03'), null);
  assert.deepEqual(unverifiedYearsIn(calendar, '2020-12-28', '2021-01-11'), [2021]);
  assert.deepEqual(unverifiedYearsIn(calendar, '2024-12-28', '2025-01-11'), []);
});

test('Labour Code Art. 84–85 and the transfer decrees 2018–2024 (table): days off, carry-overs and worked weekends', () => {
  // [date, working?, why]
  const table: Array<[string, boolean, string]> = [
    ['2018-03-03', true, '2018 decree: Saturday worked, its day off moved to Friday 9 March'],
    ['2018-03-09', false, '2018 decree'],
    ['2018-12-18', false, 'Independence Day 16 Dec 2018 is a Sunday: carried to Tuesday 18'],
    ['2018-12-29', true, '2018 decree: Saturday 29 Dec worked'],
    ['2018-12-31', false, '2018 decree'],
    ['2019-05-04', true, '2019 resolution (egov.kz): Saturday 4 May worked'],
    ['2019-05-10', false, '2019 resolution'],
    ['2019-12-02', false, 'First President Day 1 Dec 2019 is a Sunday'],
    ['2020-01-05', true, '2020 resolution: Sunday 5 Jan worked'],
    ['2020-05-08', false, '2020 resolution: the Monday carry-over of Victory Day moved to Friday 8 May'],
    ['2020-05-11', true, '2020 resolution: so Monday 11 May is worked'],
    ['2020-07-31', false, 'Kurban Ait 2020'],
    ['2020-12-20', true, '2020 resolution: Sunday 20 Dec worked'],
    ['2021-07-05', false, '2021 decree: from Saturday 3 July'],
    ['2021-12-01', false, 'First President Day, still a holiday in 2021'],
    ['2022-10-24', false, '2022: Saturday 22 Oct moved to Monday 24 for the new Republic Day'],
    ['2022-10-22', true, '2022: Saturday 22 Oct worked'],
    ['2022-12-01', true, 'First President Day is no longer a holiday from 2022'],
    ['2023-01-03', false, 'New Year 1 Jan 2023 is a Sunday: carried past 2 Jan to Tuesday 3'],
    ['2023-07-01', true, '2023 resolution: Saturday 1 July worked'],
    ['2023-07-07', false, '2023 resolution'],
    ['2024-05-04', true, '2024 order of the Minister of Labour: Saturday 4 May worked'],
    ['2024-05-08', false, '2024 order'],
    ['2024-06-17', false, 'Kurban Ait 2024 was set on Monday 17 June'],
    ['2024-06-14', true, 'an ordinary Friday'],
  ];
  for (const [date, working, why] of table)
    assert.equal(isWorkingDay(calendar, date), working, `${date}: ${why}`);
  // A Rules 687 tender window across the 2019 May transfer: posted Wed 1 May, deadline Wed 8 May.
  // Thu 2, Fri 3, Sat 4 (worked), Mon 6, Tue 7 Defender Day off, Wed 8 = 5 working days.
  assert.equal(workingDaysAfter(calendar, '2019-05-01', '2019-05-08'), 5);
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
  const head = (status = 'verified') => `years:\n  - year: 2026\n    status: ${status}\n    sources: [x]\n`;
  const bad = `${head()}    days_off:\n      - { date: 2026-02-30, name: Nowhere }\n`;
  assert.throws(
    () => parseHolidays(bad),
    (e: unknown) =>
      e instanceof ZakError &&
      e.kind === 'config' &&
      /:6:\d+: years\.0\.days_off\.0\.date must be a real date/.test(e.message),
  );
  const weekday = `${head()}    working_days:\n      - { date: 2026-02-04, name: Wednesday }\n`;
  assert.throws(() => parseHolidays(weekday), /:6:\d+: .*is a weekday/);
  // The file must say whether a year is verified.
  assert.throws(
    () => parseHolidays(head('maybe')),
    /:3:\d+: years\.0\.status must be verified or unverified/,
  );
  assert.throws(
    () => parseHolidays('years:\n  - year: 2026\n    sources: [x]\n'),
    /years\.0\.status is required/,
  );
});
