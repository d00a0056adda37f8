import { dayNumber, weekdayOf, type IsoDate } from './dates.ts';

/**
 * Kazakhstan's working-day calendar for the years it covers: Saturday and Sunday are days off, plus the
 * listed days off (public holidays, their weekend carry-overs, government transfers), minus the listed
 * working weekend days (the other side of a transfer). A year not covered is unknown, never guessed.
 * Days are held as day numbers (see `dates.ts`), so counting a window allocates nothing.
 */
export interface HolidayCalendar {
  readonly years: ReadonlySet<number>;
  /** Covered years whose transfers or religious holidays are not confirmed by an official act (the file says). */
  readonly unverifiedYears: ReadonlySet<number>;
  readonly daysOff: ReadonlySet<number>;
  readonly workingWeekendDays: ReadonlySet<number>;
}

const yearOfDay = (day: number): number => new Date(day * 86_400_000).getUTCFullYear();

function covers(calendar: HolidayCalendar, day: number): boolean {
  return calendar.years.has(yearOfDay(day));
}

function isWorkingDayNumber(calendar: HolidayCalendar, day: number): boolean {
  if (calendar.daysOff.has(day)) return false;
  if (calendar.workingWeekendDays.has(day)) return true;
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6;
}

/** The covered years of the span (start, end] that the calendar marks as not verified, in order. */
export function unverifiedYearsIn(calendar: HolidayCalendar, start: IsoDate, end: IsoDate): number[] {
  const from = dayNumber(start);
  const to = dayNumber(end);
  if (from === null || to === null || to <= from) return [];
  const out: number[] = [];
  for (let year = yearOfDay(from + 1); year <= yearOfDay(to); year++) {
    if (calendar.unverifiedYears.has(year)) out.push(year);
  }
  return out;
}

/** True/false for a covered date; null when the calendar does not cover its year. */
export function isWorkingDay(calendar: HolidayCalendar, date: IsoDate): boolean | null {
  const day = dayNumber(date);
  if (day === null) throw new RangeError('isWorkingDay takes a YYYY-MM-DD date');
  return covers(calendar, day) ? isWorkingDayNumber(calendar, day) : null;
}

/**
 * Working days in the half-open span (start, end]: a period counted from an event starts the next day
 * (the Civil Code rule for periods counted from an event), and the day the period ends counts. Null when a
 * day in the span lies in a year the calendar does not cover; 0 when end ≤ start.
 */
export function workingDaysAfter(calendar: HolidayCalendar, start: IsoDate, end: IsoDate): number | null {
  const from = dayNumber(start);
  const to = dayNumber(end);
  if (from === null || to === null) throw new RangeError('workingDaysAfter takes YYYY-MM-DD dates');
  if (to <= from) return 0;
  for (let year = yearOfDay(from + 1); year <= yearOfDay(to); year++) {
    if (!calendar.years.has(year)) return null;
  }
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorkingDayNumber(calendar, day)) count++;
  return count;
}
