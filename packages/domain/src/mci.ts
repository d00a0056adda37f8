import { validationError } from '@zakupai/errors';
import { D, type Decimal } from './decimal.ts';

/** Monthly calculation index (МРП/MCI) in KZT by financial year, set by each year's budget law. */
export const MCI_BY_YEAR: Readonly<Record<number, string>> = {
  2025: '3932', // budget law 2025-2027
  2026: '4325', // budget law 2026-2028, signed 08.12.2025
};

/** The MCI for `year`; a validation ZakError on `year` when the year is not in the table. */
export function mciFor(year: number): Decimal {
  const v = MCI_BY_YEAR[year];
  if (v === undefined) {
    throw validationError(
      'year',
      `no MCI known for ${year}; known years: ${Object.keys(MCI_BY_YEAR).join(', ')}`,
    );
  }
  return D(v);
}
