import { validationError } from '@zakupai/errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** Kazakhstan's civil time zone; tax dates and "today" are taken there. */
export const KZ_TIME_ZONE = 'Asia/Almaty';

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 and 2025-02-29 do not). Returns it unchanged. */
export function parseIsoDate(value: unknown, field: string): string {
  if (typeof value !== 'string') throw validationError(field, `${field} must be a date string YYYY-MM-DD`);
  const m = ISO_DATE.exec(value);
  if (!m) throw validationError(field, `${field} must be a date in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw validationError(field, `${field} year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw validationError(field, `${field} is not a real calendar date: ${value}`);
  }
  return value;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const almatyFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: KZ_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in Asia/Almaty at instant `now`, as `YYYY-MM-DD`. The caller supplies the clock. */
export function almatyDate(now: Date): string {
  const parts = Object.fromEntries(almatyFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
