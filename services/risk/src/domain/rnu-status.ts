import type { RnuRecord } from './context.ts';
import type { IsoDate } from './dates.ts';

export interface RnuStatus {
  listed: boolean;
  /** The listing in force on the date (the latest started one when several overlap). */
  since: IsoDate | null;
  until: IsoDate | null;
  /** True when the listing in force is a list row without dates (known only from the day it was seen). */
  datesUnknown: boolean;
}

/**
 * Whether `bin` is in the register on `date`: a listing is in force when start ≤ date < end (an open end never
 * ends). A row without a start counts from the day it was observed; without either, it is ignored.
 */
export function rnuStatusOn(records: readonly RnuRecord[], bin: string, date: IsoDate): RnuStatus {
  let best: { record: RnuRecord; from: IsoDate } | null = null;
  for (const record of records) {
    if (record.supplierBin !== bin) continue;
    const from = record.startDate ?? record.observedOn;
    if (from === null || from > date) continue;
    if (record.endDate !== null && date >= record.endDate) continue;
    if (best === null || from > best.from) best = { record, from };
  }
  if (!best) return { listed: false, since: null, until: null, datesUnknown: false };
  return {
    listed: true,
    since: best.record.startDate,
    until: best.record.endDate,
    datesUnknown: best.record.startDate === null,
  };
}
