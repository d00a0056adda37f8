import { dayNumber, weekdayOf } from './dates.ts';
import type { HolidayCalendar } from './holiday-calendar.ts';
import { YamlReader } from './yaml-reader.ts';

export const HOLIDAYS_ERROR = 'ZAK_CONFIG_HOLIDAYS';

/**
 * Reads a holiday calendar file: `years: [{year, status, sources, days_off: [{date, name}], working_days: [{date,
 * name}]}]`. `status` is `verified` (every transfer and movable holiday confirmed by the official act or the
 * official calendar) or `unverified`, and is required: the file says which years can be trusted. Every date must be
 * real and lie in its year; a working day must fall on a weekend (it is the worked side of a transfer); a day
 * cannot be both. Errors name the line.
 */
export function parseHolidays(text: string, file = 'holidays-kz.yaml'): HolidayCalendar {
  const r: YamlReader = YamlReader.parse(text, file, HOLIDAYS_ERROR);
  r.onlyKeys([], ['country', 'years']);
  const years = new Set<number>();
  const unverifiedYears = new Set<number>();
  const daysOff = new Set<number>();
  const workingWeekendDays = new Set<number>();
  const count = r.length(['years']);
  for (let i = 0; i < count; i++) {
    const base = ['years', i];
    r.onlyKeys(base, ['year', 'status', 'sources', 'note', 'days_off', 'working_days']);
    const year = r.integer([...base, 'year'], 2000, 2100);
    if (years.has(year)) r.fail([...base, 'year'], `repeats year ${year}`);
    years.add(year);
    const status = r.string([...base, 'status']);
    if (status !== 'verified' && status !== 'unverified') {
      r.fail([...base, 'status'], 'must be verified or unverified');
    }
    if (status === 'unverified') unverifiedYears.add(year);
    if (r.length([...base, 'sources']) === 0) r.fail([...base, 'sources'], 'must name at least one source');
    const readDays = (key: string, into: Set<number>) => {
      if (!r.has([...base, key])) return;
      const n = r.length([...base, key]);
      for (let j = 0; j < n; j++) {
        const p = [...base, key, j];
        r.onlyKeys(p, ['date', 'name', 'note']);
        r.string([...p, 'name']);
        const date = r.string([...p, 'date']);
        const day = dayNumber(date);
        if (day === null) r.fail([...p, 'date'], 'must be a real date written YYYY-MM-DD');
        if (Number(date.slice(0, 4)) !== year) r.fail([...p, 'date'], `is not in year ${year}`);
        if (into.has(day)) r.fail([...p, 'date'], `repeats ${date}`);
        if (key === 'working_days') {
          const wd = weekdayOf(day);
          if (wd !== 0 && wd !== 6)
            r.fail([...p, 'date'], `${date} is a weekday, so it cannot be a transferred working day`);
          if (daysOff.has(day)) r.fail([...p, 'date'], `${date} is also listed as a day off`);
        }
        into.add(day);
      }
    };
    readDays('days_off', daysOff);
    readDays('working_days', workingWeekendDays);
  }
  return { years, unverifiedYears, daysOff, workingWeekendDays };
}
