/** Requests counted for one key on one UTC day (`YYYY-MM-DD`). */
export interface UsageEntry {
  keyId: string;
  day: string;
  requests: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a real calendar date written as `YYYY-MM-DD`, from year 0001: JavaScript reads year 0000 (1 BC) but
 * PostgreSQL's `date` has no year 0, so letting it through turned a bad request into a failed query.
 */
export function isDay(s: string): boolean {
  if (!DAY.test(s) || s.startsWith('0000')) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The UTC day of an instant, the unit usage is counted in. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, inclusive (both valid days). */
export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The day `days` after `day` (before it when negative); `day` must be a valid day (`isDay`). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
