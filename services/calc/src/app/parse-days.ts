import { validationError } from '@zakupai/errors';
import { MAX_DAYS_OVERDUE } from '@zakupai/domain';

/** Whole days: a JSON integer or a string of digits, 0 … MAX_DAYS_OVERDUE. Booleans and fractions are refused. */
export function parseDays(value: unknown, field: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,6}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_DAYS_OVERDUE) {
    throw validationError(field, `${field} must be a whole number of days from 0 to ${MAX_DAYS_OVERDUE}`);
  }
  return n;
}
