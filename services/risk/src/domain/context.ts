import type { Decimal } from '@zakupai/domain';
import type { IsoDate } from './dates.ts';
import type { HolidayCalendar } from './holiday-calendar.ts';
import type { LotMethod } from './lot.ts';

/** One inclusion in the register of unscrupulous suppliers (РНУ). */
export interface RnuRecord {
  supplierBin: string;
  startDate: IsoDate | null;
  /** Exclusive: the supplier is no longer listed on this date. Null while open. */
  endDate: IsoDate | null;
  /**
   * A list row without dates (its detail was not available): the supplier was seen listed on this date, so it
   * counts as listed from then on. Null together with a null start means nothing is known and the row is ignored.
   */
  observedOn: IsoDate | null;
}

/** A lot of the same customer awarded to a supplier (for the repeated-winner share). */
export interface AwardRecord {
  lotId: string;
  customerBin: string;
  supplierBin: string;
  date: IsoDate;
}

/**
 * A purchase of the same customer (for contract splitting). `amount` excludes VAT. Every purchase of a code in a
 * financial year counts toward its annual volume, whatever its method (Law 106-VIII Art. 10 pp. 4–5 limit the
 * annual volume, not the volume bought by one method); `method` is kept to show which.
 */
export interface PurchaseRecord {
  lotId: string;
  customerBin: string;
  code: string;
  finYear: number;
  /** Null when unknown. */
  method: LotMethod | null;
  amount: Decimal;
}

/**
 * Everything a lot is judged against besides itself. Lists may hold records of other customers, suppliers or
 * codes (each rule selects what concerns it) and may hold the lot itself (rules skip its own id).
 */
export interface LotContext {
  /** The date the assessment is made for, when the lot carries no date of its own. */
  asOf: IsoDate;
  calendar: HolidayCalendar;
  /** Unit prices (without VAT) of the same code and unit elsewhere; null when no sample is available. */
  marketUnitPrices: Decimal[] | null;
  rnu: RnuRecord[];
  awards: AwardRecord[];
  purchases: PurchaseRecord[];
}
